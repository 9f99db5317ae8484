package caddymodule

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/caddyserver/caddy/v2/caddytest"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// Caddy's encode decides on its first write whether to compress. With
// cookie_consent in front of it, every corpus page must come compressed,
// request after request, whether the upstream sends its length or not.
func TestCaddyEncodeCompressesEveryCorpusPage(t *testing.T) {
	dir := corpus.Dir(t, "pages")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	pages := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) >= 1024 { // encode leaves shorter bodies alone, by design
			pages["/"+filepath.Base(f)] = b
		}
	}
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[strings.TrimSuffix(r.URL.Path, ".chunked")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if !strings.HasSuffix(r.URL.Path, ".chunked") {
			w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		}
		w.Write(page)
	}))
	t.Cleanup(upstream.Close)
	tester := startEncodedCaddy(t, upstream)
	const rounds = 100
	var mu sync.Mutex
	failed := map[string]int{}
	var wg sync.WaitGroup
	for path := range pages {
		for _, p := range []string{path, path + ".chunked"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range rounds {
					if err := getCompressed(tester.Client, p); err != nil {
						mu.Lock()
						failed[p+": "+err.Error()]++
						mu.Unlock()
					}
				}
			}()
		}
	}
	wg.Wait()
	for what, n := range failed {
		t.Errorf("%s (%d of %d requests)", what, n, rounds)
	}
	t.Logf("%d corpus pages x 2 (with and without length) x %d requests: all compressed unless listed", len(pages), rounds)
}

// startEncodedCaddy runs Caddy with encode in front of cookie_consent, as
// DESIGN.md's directive order puts them, before upstream.
func startEncodedCaddy(t *testing.T, upstream *httptest.Server) *caddytest.Tester {
	t.Helper()
	t.Setenv("CC_TEST_SECRET", testSecret)
	tester := caddytest.NewTester(t)
	tester.InitServer(caddyGlobals+fmt.Sprintf(`
http://localhost:9080 {
	encode gzip
	cookie_consent {
		secret {env.CC_TEST_SECRET}
	}
	reverse_proxy %s
}
`, strings.TrimPrefix(upstream.URL, "http://")), "caddyfile")
	return tester
}

func getCompressed(client *http.Client, path string) error {
	req, _ := http.NewRequest("GET", "http://localhost:9080"+path, nil)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client.Transport.RoundTrip(req) // no transparent decoding
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
		_, _ = io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("not compressed (Content-Encoding %q)", got)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	if !strings.Contains(string(body), "<!--cookie-consent-->") {
		return fmt.Errorf("compressed, but not the rewritten page")
	}
	return nil
}
