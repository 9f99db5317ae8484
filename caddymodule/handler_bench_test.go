package caddymodule

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// benchPage is the demo's legacy home page padded to about size bytes with
// article paragraphs, as a CMS page would be.
func benchPage(b *testing.B, size int) []byte {
	b.Helper()
	raw, err := os.ReadFile("../integration/legacysite/index.html")
	if err != nil {
		b.Fatal(err)
	}
	page := string(raw)
	para := `<p class="lead">Widgets have been made here since 1987, <a href="/about.html">read more</a> about <em>our</em> story.</p>` + "\n"
	pad := strings.Repeat(para, max(0, size-len(page))/len(para))
	return []byte(strings.Replace(page, "</main>", pad+"</main>", 1))
}

// discardWriter is a ResponseWriter that keeps nothing.
type discardWriter struct{ header http.Header }

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkServeHTML measures the handler alone on an HTML page, with the
// upstream writing 32 KiB chunks as reverse_proxy does.
func BenchmarkServeHTML(b *testing.B) {
	h, _ := newTestHandler(b, nil)
	for _, size := range []int{20 << 10, 500 << 10} {
		page := benchPage(b, size)
		upstream := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Add("Set-Cookie", "_ga=GA1.1.1; Path=/")
			w.WriteHeader(200)
			for rest := page; len(rest) > 0; {
				n := min(len(rest), 32<<10)
				w.Write(rest[:n])
				rest = rest[n:]
			}
			return nil
		})
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest("GET", "http://shop.example/page", nil)
				r.Header.Set("Accept", "text/html")
				w := &discardWriter{header: http.Header{}}
				if err := h.ServeHTTP(w, r, upstream); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
