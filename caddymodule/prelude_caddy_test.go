package caddymodule

// Pages a browser runs whatever their label: no or an odd Content-Type,
// XML syntax, charsets where ASCII bytes are not ASCII. Each must reach
// the client with its tracker held back; what is no page must pass intact.

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf16"
)

const liveTracker = ` src="https://www.googletagmanager.com`

// trackerSnippet is a page with one tracker, in any charset's ASCII.
const trackerSnippet = `<!DOCTYPE html><html><head><script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head><body><p>Hello</p></body></html>`

func utf16LE(s string, bom bool) string {
	var b bytes.Buffer
	if bom {
		b.WriteString("\xff\xfe")
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// oddPage is one upstream response.
type oddPage struct {
	name        string
	contentType []string // the Content-Type lines; nil for none
	body        string
	page        bool   // a browser renders it as a document
	charsetWant string // the charset the client must be told, "" for any
}

var oddPages = []oddPage{
	{name: "no Content-Type", body: trackerSnippet, page: true},
	{name: "empty Content-Type", contentType: []string{""}, body: trackerSnippet, page: true},
	{name: "*/*", contentType: []string{"*/*"}, body: trackerSnippet, page: true},
	{name: "unknown/unknown", contentType: []string{"unknown/unknown"}, body: trackerSnippet, page: true},
	{name: "two lines, HTML last", contentType: []string{"text/plain", "text/html"}, body: trackerSnippet, page: true},
	{name: "XHTML", contentType: []string{"application/xhtml+xml"}, body: `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head><body/></html>`, page: true},
	{name: "SVG document", contentType: []string{"image/svg+xml"}, body: `<svg xmlns="http://www.w3.org/2000/svg"><script href="https://www.googletagmanager.com/gtag/js?id=G-1"/><image href="https://www.googletagmanager.com/gtag/js?id=G-1"/></svg>`, page: true},
	{name: "UTF-16 labelled unicode", contentType: []string{"text/html; charset=unicode"}, body: utf16LE(trackerSnippet, false), page: true, charsetWant: "utf-8"},
	{name: "UTF-16 BOM under a UTF-8 label", contentType: []string{"text/html; charset=utf-8"}, body: utf16LE(trackerSnippet, true), page: true, charsetWant: "utf-8"},
	// In ISO-2022-JP, "<!--" after ESC $ B is two kanji, not a comment.
	{name: "ISO-2022-JP hiding a comment opener", contentType: []string{"text/html; charset=iso-2022-jp"},
		body: "<p>\x1b$B<!--\x1b(B</p>" + trackerSnippet + "<p>-->", page: true, charsetWant: "utf-8"},
	{name: "meta charset ISO-2022-JP", contentType: []string{"text/html"},
		body: `<meta charset="iso-2022-jp">` + "<p>\x1b$B<!--\x1b(B</p>" + trackerSnippet + "<p>-->", page: true, charsetWant: "utf-8"},
	{name: "unlabelled image", body: "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00<script src=\"https://www.googletagmanager.com/gtag/js\"></script>", 40)},
	{name: "unlabelled text", body: "just some text, " + strings.Repeat("and more ", 300)},
	{name: "JSON that names a tracker", contentType: []string{"application/json"}, body: `{"html":"<script src=\"https://www.googletagmanager.com/gtag/js\"></script>"}`},
}

func oddUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range oddPages {
			if r.URL.Path == "/"+strings.ReplaceAll(p.name, " ", "-") {
				if p.contentType != nil {
					w.Header()["Content-Type"] = p.contentType
				}
				io.WriteString(w, p.body)
				return
			}
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCaddyPagesWhateverTheirLabel(t *testing.T) {
	tester := startCaddy(t, oddUpstream(t), "", "")
	for _, p := range oddPages {
		resp, body := getPage(t, tester.Client, "GET", "/"+strings.ReplaceAll(p.name, " ", "-"), nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p.name, resp.StatusCode)
			continue
		}
		ct := resp.Header.Get("Content-Type")
		if !p.page {
			if body != p.body {
				t.Errorf("%s: not a page, but changed on its way (%q)", p.name, ct)
			}
			continue
		}
		if strings.Contains(body, liveTracker) || strings.Contains(body, ` href="https://www.googletagmanager.com`) {
			t.Errorf("%s: the tracker is live (Content-Type %q):\n%s", p.name, ct, body)
		}
		if !strings.Contains(body, `data-cookie-consent-`) {
			t.Errorf("%s: nothing was held back:\n%q", p.name, body)
		}
		if p.charsetWant != "" && !strings.HasSuffix(ct, "charset="+p.charsetWant) {
			t.Errorf("%s: Content-Type %q, want charset=%s", p.name, ct, p.charsetWant)
		}
	}
}
