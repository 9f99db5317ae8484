package caddymodule

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/caddytest"
)

// trackerPage is a legacy page with the usual trackers.
const trackerPage = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Legacy</title>
<link rel="preconnect" href="https://www.google-analytics.com">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-TEST');</script>
<script src="/js/site.js"></script>
</head><body><h1>Hello</h1>
<noscript><img height="1" width="1" src="https://www.facebook.com/tr?id=1&ev=PageView&noscript=1"></noscript>
<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>
</body></html>
`

// firstPartSeen is closed by TestCaddyHTMLStreamsFlushes once the first
// part of /slow has reached the client.
var firstPartSeen = make(chan struct{})

var (
	markedBlock = regexp.MustCompile(`(?s)<!--cookie-consent-->.*?<!--/cookie-consent-->`)
	taggedV1    = regexp.MustCompile(`^W/"v1-cc[0-9a-f]{8}"$`)
)

func htmlUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	modTime := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Add("Set-Cookie", "_ga=GA1.1.1; Path=/")
		switch r.URL.Path {
		case "/page":
			h.Set("ETag", `"v1"`)
			http.ServeContent(w, r, "page.html", modTime, strings.NewReader(trackerPage))
		case "/gzip":
			h.Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, trackerPage)
			zw.Close()
		case "/gzip-corrupt":
			h.Set("Content-Encoding", "gzip")
			io.WriteString(w, "\x1f\x8b\x08\x00 this is not deflate data at all")
		case "/brotli":
			h.Set("Content-Encoding", "br")
			io.WriteString(w, "\x1b\x00\x00opaque")
		case "/csp-strict":
			h.Set("Content-Security-Policy", "default-src 'self'; img-src *")
			io.WriteString(w, trackerPage)
		case "/csp-nonce":
			h.Set("Content-Security-Policy", "script-src 'nonce-SiteNonce123' 'strict-dynamic'")
			io.WriteString(w, trackerPage)
		case "/csp-inline":
			h.Set("Content-Security-Policy", "script-src 'self' 'unsafe-inline'")
			io.WriteString(w, trackerPage)
		case "/large":
			// More than one write of Caddy's proxy, with its length.
			page := strings.Replace(trackerPage, "<h1>", strings.Repeat("<p>Long article text.</p>\n", 4000)+"<h1>", 1)
			h.Set("Content-Length", strconv.Itoa(len(page)))
			io.WriteString(w, page)
		case "/pieces":
			// A page with its length whose first piece comes alone and is
			// far below encode's minimum.
			page := "<!DOCTYPE html>\n<!-- legacy CMS v1 -->\n" + trackerPage
			h.Set("Content-Length", strconv.Itoa(len(page)))
			io.WriteString(w, page[:40])
			http.NewResponseController(w).Flush()
			time.Sleep(20 * time.Millisecond)
			io.WriteString(w, page[40:])
		case "/nocontent":
			w.WriteHeader(http.StatusNoContent)
		case "/slow":
			// The rest comes only once the client has the first part, which
			// it can only have if the flush went through.
			// The first part is a later write than the page's first, so
			// the handler gathers it and the flush must hand it on.
			w.WriteHeader(200)
			io.WriteString(w, "<html><head></head><body>")
			http.NewResponseController(w).Flush()
			time.Sleep(50 * time.Millisecond)
			io.WriteString(w, "<p>first part</p>")
			http.NewResponseController(w).Flush()
			select {
			case <-firstPartSeen:
			case <-time.After(10 * time.Second):
			}
			io.WriteString(w, "<p>second part</p></body></html>")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func startHTMLCaddy(t *testing.T) *caddytest.Tester {
	t.Helper()
	return startCaddy(t, htmlUpstream(t), "", "")
}

func getPage(t *testing.T, client *http.Client, method, path string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, "http://localhost:9080"+path, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestCaddyHTMLUndecided(t *testing.T) {
	tester := startHTMLCaddy(t)
	resp, body := getPage(t, tester.Client, "GET", "/page", nil)
	if n := len(markedBlock.FindAllString(body, -1)); n != 2 {
		t.Errorf("%d marked blocks, want 2 (head and body)", n)
	}
	if len(regexp.MustCompile(`<form[^>]* method="post" action="/\.well-known/cookie-consent"`).FindAllString(body, -1)) != 1 {
		t.Errorf("the banner form is not there exactly once")
	}
	if !strings.Contains(body, `<input type="hidden" name="return" value="/page">`) {
		t.Errorf("no return field for the page")
	}
	for _, active := range []string{` src="https://www.googletagmanager.com`, ` src="https://www.facebook.com/tr`, ` href="https://www.google-analytics.com`} {
		if strings.Contains(body, active) {
			t.Errorf("active tracker left: %s", active)
		}
	}
	for _, kept := range []string{`<script src="/js/site.js"></script>`, `<iframe src="https://www.youtube-nocookie.com/embed/x">`} {
		if !strings.Contains(body, kept) {
			t.Errorf("non-tracker changed: %s", kept)
		}
	}
	if !strings.Contains(body, `data-cookie-consent-src="https://www.googletagmanager.com/gtag/js?id=G-TEST" type="text/plain" data-cookie-consent="analytics"`) {
		t.Errorf("gtag loader not neutralised as DESIGN.md says:\n%s", body)
	}
	if resp.Header.Get("Content-Length") != "" || resp.ContentLength >= 0 {
		t.Errorf("Content-Length left on a rewritten page")
	}
	if etag := resp.Header.Get("ETag"); !taggedV1.MatchString(etag) {
		t.Errorf("ETag %q, want W/\"v1-cc<state>\"", etag)
	}
	vary := strings.Join(resp.Header.Values("Vary"), ",")
	for _, v := range []string{"Cookie", "Accept-Language", "Sec-GPC"} {
		if !strings.Contains(vary, v) {
			t.Errorf("Vary %q lacks %s", vary, v)
		}
	}
	if len(resp.Cookies()) != 0 {
		t.Errorf("undecided visitor got cookies %v", resp.Cookies())
	}
}

func TestCaddyHTMLAllAcceptedIsUpstreamPlusMarkers(t *testing.T) {
	tester := startHTMLCaddy(t)
	client := noRedirects(tester.Client)
	resp, err := client.PostForm("http://localhost:9080/.well-known/cookie-consent", url.Values{"consent": {"all"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, path := range []string{"/page", "/gzip", "/csp-inline"} {
		_, body := getPage(t, client, "GET", path, nil)
		if stripped := markedBlock.ReplaceAllString(body, ""); stripped != trackerPage {
			t.Errorf("%s with every category accepted, outside the markers:\n%s", path, stripped)
		}
	}
}

func TestCaddyHTMLResponseCases(t *testing.T) {
	tester := startHTMLCaddy(t)
	client := tester.Client

	resp, body := getPage(t, client, "GET", "/gzip", nil)
	if resp.Header.Get("Content-Encoding") != "" || !strings.Contains(body, `data-cookie-consent-src="https://www.googletagmanager.com`) {
		t.Errorf("gzip page not decoded and enforced: %q %.200s", resp.Header.Get("Content-Encoding"), body)
	}

	corrupt := counts.unenforced[unenforcedDecodeError].Load()
	resp, _ = getPage(t, client, "GET", "/gzip-corrupt", nil)
	if resp.StatusCode != http.StatusOK || counts.unenforced[unenforcedDecodeError].Load() != corrupt+1 {
		t.Errorf("a corrupt gzip page: status %d, decode errors counted %d", resp.StatusCode, counts.unenforced[unenforcedDecodeError].Load()-corrupt)
	}

	resp, _ = getPage(t, client, "HEAD", "/gzip", map[string]string{"Accept-Encoding": "identity"}) // so the client does not decode
	if resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("HEAD of a gzip page says Content-Encoding %q, but GET sends it decoded", resp.Header.Get("Content-Encoding"))
	}

	resp, body = getPage(t, client, "GET", "/brotli", map[string]string{"Accept-Encoding": "br"})
	if body != "\x1b\x00\x00opaque" {
		t.Errorf("an encoding we cannot decode must pass intact, got %q", body)
	}

	resp, body = getPage(t, client, "GET", "/nocontent", nil)
	if resp.StatusCode != http.StatusNoContent || body != "" || len(resp.Cookies()) != 0 {
		t.Errorf("204: %d, body %q, cookies %v", resp.StatusCode, body, resp.Cookies())
	}

	resp, body = getPage(t, client, "HEAD", "/page", nil)
	if body != "" || resp.Header.Get("Content-Length") != "" || !taggedV1.MatchString(resp.Header.Get("ETag")) {
		t.Errorf("HEAD: body %q, Content-Length %q, ETag %q", body, resp.Header.Get("Content-Length"), resp.Header.Get("ETag"))
	}

	resp, body = getPage(t, client, "GET", "/page", map[string]string{"Range": "bytes=0-200"})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<!--/cookie-consent-->") || strings.Contains(body, ` src="https://www.googletagmanager.com`) {
		t.Errorf("a range of a page must come back whole and enforced: %d %.300s", resp.StatusCode, body)
	}
	resp, body = getPage(t, client, "GET", "/page", map[string]string{"Range": "bytes=0-10,20-30"})
	if resp.StatusCode != http.StatusOK || strings.Contains(body, ` src="https://www.googletagmanager.com`) {
		t.Errorf("a multi-range of a page: %d %.300s", resp.StatusCode, body)
	}
}

// TestCaddyHTMLUnderEncode puts Caddy's encode in front, as DESIGN.md's
// directive order means: it compresses the rewritten page, small or
// large, and the page inside is enforced.
func TestCaddyHTMLUnderEncode(t *testing.T) {
	tester := startEncodedCaddy(t, htmlUpstream(t))
	// encode decides on its first write: every page must be compressed,
	// however the upstream cuts it into writes.
	for i := range 60 {
		path := []string{"/page", "/large", "/pieces"}[i%3]
		resp, raw := getPage(t, tester.Client, "GET", path, map[string]string{"Accept-Encoding": "gzip"})
		if resp.Header.Get("Content-Encoding") != "gzip" || resp.ContentLength >= 0 && resp.ContentLength != int64(len(raw)) {
			t.Errorf("%s: Content-Encoding %q, Content-Length %d for %d bytes", path, resp.Header.Get("Content-Encoding"), resp.ContentLength, len(raw))
			continue
		}
		zr, err := gzip.NewReader(strings.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if n := len(markedBlock.FindAll(body, -1)); n != 2 || bytes.Contains(body, []byte(` src="https://www.facebook.com/tr`)) || !bytes.HasSuffix(body, []byte("</html>\n")) {
			t.Errorf("%s: %d marked blocks, end %q: not the rewritten page", path, n, body[max(0, len(body)-40):])
		}
	}
}

func TestCaddyHTMLStreamsFlushes(t *testing.T) {
	tester := startHTMLCaddy(t)
	req, _ := http.NewRequest("GET", "http://localhost:9080/slow", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := tester.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 4096)
	var got bytes.Buffer
	for !strings.Contains(got.String(), "first part") {
		n, err := resp.Body.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			t.Fatalf("stream ended before the first part: %v %q", err, got.String())
		}
	}
	// The upstream writes the rest only after this, so the first part came
	// through on the flush, not at the end of the response.
	if strings.Contains(got.String(), "second part") {
		t.Fatal("the first part arrived only with the second: the flush was held back")
	}
	close(firstPartSeen)
	rest, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(rest), "second part") {
		t.Errorf("second part missing")
	}
}

func TestCaddyHTMLUnderCSP(t *testing.T) {
	tester := startHTMLCaddy(t)
	resp, body := getPage(t, tester.Client, "GET", "/csp-nonce", nil)
	if !strings.Contains(body, `nonce="SiteNonce123"`) || len(resp.Header.Values("Content-Security-Policy")) != 1 ||
		resp.Header.Get("Content-Security-Policy") != "script-src 'nonce-SiteNonce123' 'strict-dynamic'" {
		t.Errorf("the site's nonce must be reused and its policy left alone: %q", resp.Header.Get("Content-Security-Policy"))
	}

	resp, body = getPage(t, tester.Client, "GET", "/csp-strict", nil)
	csp := resp.Header.Get("Content-Security-Policy")
	m := regexp.MustCompile(`script-src 'self' 'nonce-([^']+)'`).FindStringSubmatch(csp)
	if m == nil || !strings.Contains(csp, "style-src 'self' 'nonce-"+m[1]+"'") || !strings.Contains(body, `nonce="`+m[1]+`"`) {
		t.Errorf("a strict policy must get our nonce for script and style, and the blocks must carry it:\nCSP %q", csp)
	}

	resp, body = getPage(t, tester.Client, "GET", "/csp-inline", nil)
	if resp.Header.Get("Content-Security-Policy") != "script-src 'self' 'unsafe-inline'" || strings.Contains(body, "nonce=") {
		t.Errorf("an 'unsafe-inline' policy must stay as it is: %q", resp.Header.Get("Content-Security-Policy"))
	}
}

func TestCaddyBannerAssets(t *testing.T) {
	tester := startHTMLCaddy(t)
	_, body := getPage(t, tester.Client, "GET", "/page", nil)
	assets := regexp.MustCompile(`/\.well-known/cookie-consent/[a-z]+\.[0-9a-f]+\.(js|css)`).FindAllString(body, -1)
	if len(assets) < 2 {
		t.Fatalf("no hashed assets linked: %v", assets)
	}
	for _, a := range assets {
		resp, err := tester.Client.Get("http://localhost:9080" + a)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || resp.Header.Get("ETag") == "" {
			t.Errorf("%s: %d %q", a, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		req, _ := http.NewRequest("GET", "http://localhost:9080"+a, nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		tester.AssertResponseCode(req, http.StatusNotModified)
	}
}

// A page cached under one consent state must not be revalidated into
// another: the ETag names the state, and a validator of another state or a
// date is not passed to the upstream.
func TestCaddyHTMLRevalidationFollowsConsent(t *testing.T) {
	tester := startHTMLCaddy(t)
	client := noRedirects(tester.Client)
	resp, _ := getPage(t, client, "GET", "/page", nil)
	undecided := resp.Header.Get("ETag")
	resp, _ = getPage(t, client, "GET", "/page", map[string]string{"If-None-Match": undecided})
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get("ETag") != undecided {
		t.Fatalf("same state: %d, ETag %q, want 304 and %q", resp.StatusCode, resp.Header.Get("ETag"), undecided)
	}
	resp, _ = getPage(t, client, "GET", "/page", map[string]string{"If-Modified-Since": time.Now().UTC().Format(http.TimeFormat)})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since on a page: %d, want 200", resp.StatusCode)
	}

	post, err := client.PostForm("http://localhost:9080/.well-known/cookie-consent", url.Values{"consent": {"all"}})
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	resp, body := getPage(t, client, "GET", "/page", map[string]string{"If-None-Match": undecided})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `src="https://www.googletagmanager.com`) {
		t.Fatalf("after accepting all, the undecided page's validator gave %d", resp.StatusCode)
	}
	if accepted := resp.Header.Get("ETag"); accepted == undecided || !taggedV1.MatchString(accepted) {
		t.Errorf("ETag after the decision %q, before %q", accepted, undecided)
	}
}

// A fragment fetched by a page's script gets its trackers held back but no
// second banner.
func TestCaddyHTMLFragment(t *testing.T) {
	tester := startHTMLCaddy(t)
	for _, header := range []map[string]string{{"Sec-Fetch-Dest": "empty"}, {"X-Requested-With": "XMLHttpRequest"}} {
		_, body := getPage(t, tester.Client, "GET", "/page", header)
		if strings.Contains(body, "<!--cookie-consent-->") {
			t.Errorf("%v: a fragment got the banner", header)
		}
		if strings.Contains(body, ` src="https://www.googletagmanager.com`) || !strings.Contains(body, `data-cookie-consent-src="https://www.googletagmanager.com`) {
			t.Errorf("%v: a fragment's tracker was not held back", header)
		}
	}
	_, body := getPage(t, tester.Client, "GET", "/page", map[string]string{"Sec-Fetch-Dest": "iframe"})
	if strings.Count(body, "<!--cookie-consent-->") != 2 {
		t.Errorf("a framed page must get the banner")
	}
}

// With lang forcing one language, pages do not vary by Accept-Language.
func TestCaddyForcedLangDoesNotVary(t *testing.T) {
	tester := startCaddy(t, htmlUpstream(t), "lang fr", "")
	resp, body := getPage(t, tester.Client, "GET", "/page", map[string]string{"Accept-Language": "de"})
	vary := strings.Join(resp.Header.Values("Vary"), ",")
	if strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Cookie") || !strings.Contains(body, `lang="fr"`) {
		t.Errorf("lang fr: Vary %q, banner in fr: %v", vary, strings.Contains(body, `lang="fr"`))
	}
}
