package corpus

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Pages returns the real pages of the corpus (pages/*.html), by file name.
func Pages(t testing.TB) (names []string, pages [][]byte) {
	t.Helper()
	dir := Dir(t, "pages")
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pages in %s: %v", dir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(f))
		pages = append(pages, b)
	}
	return names, pages
}

// LiveURL is a URL a browser would fetch from a page: the element, the
// attribute and the URL.
type LiveURL struct{ Elem, Attr, URL string }

// LiveURLs lists the URLs the elements of a page would fetch, read with
// x/net/html's tokenizer as an oracle independent of our scanner:
// <noscript> content read as markup (what a browser with JavaScript off
// loads), attributes first-wins, scripts only when of a JavaScript type.
func LiveURLs(page []byte) []LiveURL {
	var out []LiveURL
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tk := z.Token()
		if tk.Data == "noscript" {
			z.NextIsNotRawText()
		}
		attr := map[string]string{}
		for _, a := range tk.Attr {
			if _, dup := attr[a.Key]; !dup {
				attr[a.Key] = a.Val
			}
		}
		var names []string
		switch tk.Data {
		case "script":
			if typ, ok := attr["type"]; ok && !JavaScriptType(typ) {
				continue
			}
			names = []string{"src"}
		case "img", "source":
			names = []string{"src", "srcset"}
		case "iframe", "frame", "embed", "audio":
			names = []string{"src"}
		case "video":
			names = []string{"src", "poster"}
		case "object":
			names = []string{"data"}
		case "link":
			if !resourceHint(attr["rel"]) {
				continue
			}
			names = []string{"href", "imagesrcset"}
		}
		for _, n := range names {
			v, ok := attr[n]
			if !ok {
				continue
			}
			if strings.HasSuffix(n, "srcset") {
				for _, c := range strings.Split(v, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						out = append(out, LiveURL{tk.Data, n, f[0]})
					}
				}
				continue
			}
			out = append(out, LiveURL{tk.Data, n, strings.TrimSpace(v)})
		}
	}
}

func resourceHint(rel string) bool {
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		switch r {
		case "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload":
			return true
		}
	}
	return false
}

// JavaScriptType reports whether a <script type> value makes the script
// run (the WHATWG list of JavaScript MIME type essences, and module).
func JavaScriptType(typ string) bool {
	t := strings.ToLower(strings.TrimSpace(strings.SplitN(typ, ";", 2)[0]))
	return t == "" || t == "module" || strings.HasPrefix(t, "text/javascript") || t == "application/javascript" ||
		t == "text/ecmascript" || t == "application/ecmascript" || t == "application/x-javascript"
}

// Disconnect is the Disconnect tracker list (trackers/disconnect-domains.tsv):
// a domain's categories and entity.
type Disconnect map[string]DisconnectEntry

// DisconnectEntry is what the list says of one domain.
type DisconnectEntry struct {
	Domain     string
	Categories []string
	Entity     string
}

// Tracking reports whether the list files the domain under a tracking
// category (not Content, Email or ConsentManagers).
func (e DisconnectEntry) Tracking() bool {
	for _, c := range e.Categories {
		switch c {
		case "Advertising", "Analytics", "Social", "FingerprintingInvasive", "FingerprintingGeneral", "Cryptomining":
			return true
		}
	}
	return false
}

// LoadDisconnect reads the list, or skips the test when it is absent.
func LoadDisconnect(t testing.TB) Disconnect {
	t.Helper()
	f, err := os.Open(filepath.Join(Dir(t, "trackers"), "disconnect-domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := Disconnect{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Split(s.Text(), "\t")
		if len(fields) < 3 || fields[0] == "domain" {
			continue
		}
		e := d[fields[0]]
		e.Domain, e.Entity = fields[0], fields[2]
		e.Categories = append(e.Categories, fields[1])
		d[fields[0]] = e
	}
	return d
}

// Lookup returns the entry of host or of its nearest listed parent domain.
func (d Disconnect) Lookup(host string) (DisconnectEntry, bool) {
	for h := host; h != ""; {
		if e, ok := d[h]; ok {
			return e, true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return DisconnectEntry{}, false
}
