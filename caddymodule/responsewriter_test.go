package caddymodule

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// TestHeldPageStreams checks the two ways a page announced small stops
// being held whole: a Flush from the upstream sends what is rewritten at
// once, and output past holdBytes (the upstream announced too little)
// streams on. Either way the header goes out without a length and with
// the upstream's status (a 404 page here), and the page arrives whole and
// rewritten.
func TestHeldPageStreams(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	long := strings.Replace(trackerPage, "<h1>", strings.Repeat("<p>Long article text.</p>\n", holdBytes/20)+"<h1>", 1)
	for _, c := range []struct {
		name  string
		page  string
		flush bool
	}{
		{"flush", trackerPage, true},
		{"longer than announced", long, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			var atFlush string
			upstream := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Header().Set("Content-Length", strconv.Itoa(min(len(c.page), holdBytes)))
				w.WriteHeader(http.StatusNotFound)
				head, rest, _ := strings.Cut(c.page, "<body>")
				io.WriteString(w, head+"<body>")
				if c.flush {
					if err := http.NewResponseController(w).Flush(); err != nil {
						return err
					}
					atFlush = rec.Body.String()
				}
				io.WriteString(w, rest)
				return nil
			})
			r := httptest.NewRequest("GET", "http://shop.example/page", nil)
			r.Header.Set("Accept", "text/html")
			if err := h.ServeHTTP(rec, r, upstream); err != nil {
				t.Fatal(err)
			}
			if c.flush && (!rec.Flushed || !strings.HasSuffix(atFlush, "<body>")) {
				t.Errorf("the flush did not send the page's head: flushed %v, %q", rec.Flushed, atFlush)
			}
			if res := rec.Result(); res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Length") != "" {
				t.Errorf("status %d, Content-Length %q; want 404 and none on a page that streamed", res.StatusCode, res.Header.Get("Content-Length"))
			}
			body := rec.Body.String()
			if n := len(markedBlock.FindAllString(body, -1)); n != 2 || !strings.HasSuffix(body, "</html>\n") || strings.Contains(body, ` src="https://www.facebook.com/tr`) {
				t.Errorf("%d marked blocks, end %q: not the whole page rewritten", n, body[max(0, len(body)-40):])
			}
		})
	}
}
