package caddymodule

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestNextLink(t *testing.T) {
	for _, tc := range []struct{ in, uri, rel, rest string }{
		{`<https://a.example/x>; rel=preload; as=script`, "https://a.example/x", "preload", ""},
		{` <https://a.example/x,y>; rel="dns-prefetch preconnect", </b>; rel=preload`, "https://a.example/x,y", "dns-prefetch preconnect", `, </b>; rel=preload`},
		{`</b>; title="a, \"b\""; rel=next, </c>`, "/b", "next", `, </c>`},
	} {
		_, uri, rel, rest, ok := nextLink(tc.in)
		if !ok || uri != tc.uri || rel != tc.rel || rest != tc.rest {
			t.Errorf("nextLink(%q) = %q %q %q %v, want %q %q %q", tc.in, uri, rel, rest, ok, tc.uri, tc.rel, tc.rest)
		}
	}
	for _, bad := range []string{`https://a.example/x; rel=preload`, `<https://a.example/x; rel=preload`, `</b>; title="open`} {
		if _, _, _, _, ok := nextLink(bad); ok {
			t.Errorf("nextLink(%q) read a link", bad)
		}
	}
}

// Link headers are hints the browser acts on before any element: a hint
// to a held-back tracker must not reach it, on a 103 or on the page.
func TestCaddyLinkHeadersToTrackers(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Link"] = []string{`<https://www.googletagmanager.com/gtag/js?id=G-1>; rel=preload; as=script`, `</css/early.css>; rel=preload; as=style`}
		w.WriteHeader(http.StatusEarlyHints)
		h["Link"] = []string{
			`</css/site.css>; rel=preload; as=style, <https://www.google-analytics.com>; rel=preconnect`,
			`<https://connect.facebook.net/en_US/fbevents.js>; rel="modulepreload"`,
			`</next-page>; rel=next`,
			`<broken; rel=preload`,
		}
		h.Set("Content-Type", "text/html")
		io.WriteString(w, "<p>page</p>")
	}))
	t.Cleanup(upstream.Close)
	tester := startCaddy(t, upstream, "", "")

	var mu sync.Mutex
	var early []string
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, header textproto.MIMEHeader) error {
		mu.Lock()
		defer mu.Unlock()
		early = append(early, header.Values("Link")...)
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet, "http://localhost:9080/", nil)
	resp, err := tester.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	for _, l := range append(early, resp.Header.Values("Link")...) {
		for _, tracker := range []string{"googletagmanager", "google-analytics", "facebook", "broken"} {
			if strings.Contains(l, tracker) {
				t.Errorf("a Link to %s reached the client: %q", tracker, l)
			}
		}
	}
	if !slices.Equal(early, []string{`</css/early.css>; rel=preload; as=style`}) {
		t.Errorf("the 103's links: %q, want only the site's own", early)
	}
	got := strings.Join(resp.Header.Values("Link"), " | ")
	if got != `</css/site.css>; rel=preload; as=style | </next-page>; rel=next` {
		t.Errorf("the site's own links changed: %q", got)
	}
}
