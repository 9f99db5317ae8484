package integration

// The harness of the real-browser tests (browser_test.go): a headless
// Chromium driven with chromedp, a "tracker" server that logs every request
// and connection it gets, and the built Caddy binary in front of a legacy
// site made of the pages in browserpages/.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const (
	// browserTimeout bounds every browser test.
	browserTimeout = 60 * time.Second
	// siteHost and its subdomains, trackerHost, pixelHost and every host
	// under unknownDomain are mapped to 127.0.0.1 by Chromium's host resolver rules: nothing
	// leaves the machine. No rule knows the hosts under unknownDomain.
	siteHost      = "shop.test"
	trackerHost   = "tracker.test"
	pixelHost     = "pixel.test"
	unknownDomain = "unknown-vendor.test"
	// settleTime is how long a test waits for requests that must not come.
	settleTime = time.Second
)

// chromiumPath returns the browser to drive ($CHROMIUM or /usr/bin/chromium),
// or skips the test.
func chromiumPath(t testing.TB) string {
	t.Helper()
	p := os.Getenv("CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no Chromium at %s (set $CHROMIUM, or apt-get install chromium): real-browser tests skipped", p)
	}
	return p
}

// trackerServer stands for every third-party host (tracker.test and
// pixel.test): it logs each TCP connection and each request it gets.
type trackerServer struct {
	srv  *httptest.Server
	port string

	mu    sync.Mutex
	conns int
	reqs  []string // host without port + request URI, e.g. "tracker.test/tr?x=1"
}

// trackerFiles are the bodies the tracker serves, by path.
var trackerFiles = map[string]struct{ ctype, body string }{
	"/analytics.js": {"text/javascript", `window.trackerRan = true; document.cookie = "_ga=GA1.1.42.1700000000; path=/; max-age=3600";`},
	"/late.js":      {"text/javascript", `window.lateRan = true;`},
	"/pixel.js":     {"text/javascript", `window.pixelRan = true; document.cookie = "_fbp=fb.1.1700000000.42; path=/; max-age=3600";`},
	"/gtag/js":      {"text/javascript", `window.gtagLoaded = true;`},
	"/frame.html":   {"text/html; charset=utf-8", `<!DOCTYPE html><p>42 visitors</p>`},
	"/tr":           {"image/gif", "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"},
}

func startTracker(t testing.TB) *trackerServer {
	t.Helper()
	tr := &trackerServer{}
	tr.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.Host, ":")
		tr.mu.Lock()
		tr.reqs = append(tr.reqs, host+r.URL.RequestURI())
		tr.mu.Unlock()
		f, ok := trackerFiles[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.ctype)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(f.body))
	}))
	tr.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			tr.mu.Lock()
			tr.conns++
			tr.mu.Unlock()
		}
	}
	tr.srv.Start()
	t.Cleanup(tr.srv.Close)
	_, tr.port, _ = net.SplitHostPort(tr.srv.Listener.Addr().String())
	return tr
}

// requests returns the requests logged so far, those of the given hosts
// only when hosts are given.
func (tr *trackerServer) requests(hosts ...string) []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var out []string
	for _, r := range tr.reqs {
		host, _, _ := strings.Cut(r, "/")
		if len(hosts) == 0 || slices.Contains(hosts, host) {
			out = append(out, r)
		}
	}
	return out
}

// connections is the number of TCP connections opened to the tracker,
// preconnects included.
func (tr *trackerServer) connections() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.conns
}

func (tr *trackerServer) reset() {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.conns, tr.reqs = 0, nil
}

// browserSite is the built Caddy with cookie_consent in front of a
// file_server legacy site made of browserpages/, and its tracker.
type browserSite struct {
	url     string // http://shop.test:PORT, as the browser reaches it
	addr    string // 127.0.0.1:PORT, as Go reaches it
	tracker *trackerServer
}

// browserCaddyfile is the tests' own config: the two third-party hosts
// classified by the site's rules, the legacy site served from a folder.
const browserCaddyfile = `{
	admin off
	auto_https off
}

http://:%[1]d {
	bind 127.0.0.1
	encode
	cookie_consent {
		secret {env.COOKIE_CONSENT_SECRET}
		policy_version browser-1
		policy_url /policy.html
		category analytics {
			scripts %[2]s
		}
		category marketing {
			scripts %[3]s
		}
		%[5]s
	}
	root * %[4]q
	file_server
}
`

// startBrowserSite writes the files of browserpages/ (with {{tracker}},
// {{pixel}} and {{port}} pointing at the tracker) into a temp folder and runs the built
// Caddy binary in front of them; options are more lines of its
// cookie_consent block.
func startBrowserSite(t testing.TB, options ...string) *browserSite {
	t.Helper()
	tr := startTracker(t)
	root := t.TempDir()
	pages, err := filepath.Glob(filepath.Join(repoRoot(t), "integration", "browserpages", "*"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in integration/browserpages (%v)", err)
	}
	repl := strings.NewReplacer("{{tracker}}", trackerHost+":"+tr.port, "{{pixel}}", pixelHost+":"+tr.port, "{{port}}", tr.port)
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, filepath.Base(p)), []byte(repl.Replace(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	port := freePort(t, 18080, 18090)
	conf := filepath.Join(t.TempDir(), "Caddyfile")
	body := fmt.Sprintf(browserCaddyfile, port, trackerHost, pixelHost, root, strings.Join(options, "\n"))
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	runCaddy(t, conf, "http://"+addr+"/.well-known/cookie-consent")
	return &browserSite{url: fmt.Sprintf("http://%s:%d", siteHost, port), addr: addr, tracker: tr}
}

// freePort returns the first port of [lo, hi] nobody listens on.
func freePort(t testing.TB, lo, hi int) int {
	t.Helper()
	for p := lo; p <= hi; p++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil {
			l.Close()
			return p
		}
	}
	t.Fatalf("no free port in %d-%d", lo, hi)
	return 0
}

// newBrowser starts a headless Chromium with a fresh profile; the returned
// context (one tab) ends with the test, or after browserTimeout.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	profile := t.TempDir() // removed after the browser has exited (cleanups run last-in first-out)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("host-resolver-rules", fmt.Sprintf(
			"MAP %s 127.0.0.1,MAP *.%[1]s 127.0.0.1,MAP %s 127.0.0.1,MAP %s 127.0.0.1,MAP *.%s 127.0.0.1,MAP * ~NOTFOUND,EXCLUDE localhost,EXCLUDE 127.0.0.1",
			siteHost, trackerHost, pixelHost, unknownDomain)),
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(profile),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting Chromium (%s): %v", exe, err)
	}
	t.Cleanup(func() {
		if t.Failed() && tab.Err() == nil {
			dumpPage(t, tab)
		}
	})
	return tab
}

// dumpPage logs where the tab is and the page's HTML, for failures.
func dumpPage(t *testing.T, ctx context.Context) {
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	html, err := chromedp.Run(dctx, chromedp.Evaluate[string](`location.href + "\n" + document.documentElement.outerHTML`))
	if err != nil {
		t.Logf("(could not read the page: %v)", err)
		return
	}
	if len(html) > 12000 {
		html = html[:12000] + "\n[...]"
	}
	t.Logf("the page at the failure:\n%s", html)
}

// do runs actions in the tab, failing the test on error.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// js evaluates a JavaScript expression in the page.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitJS waits until a JavaScript expression is truthy.
func waitJS(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

// open navigates to a page of the site and waits for its load event.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, "navigate to "+url, chromedp.Navigate(url))
}

// clickAndWaitLoad clicks and waits for the page load the click causes
// (a form post, or the reload banner.js does after a withdrawal).
func clickAndWaitLoad(t *testing.T, ctx context.Context, sel, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// browserCookies returns the cookies the browser holds for url, HttpOnly
// ones included.
func browserCookies(t *testing.T, ctx context.Context, url string) map[string]*network.Cookie {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{url}})
	if err != nil {
		t.Fatalf("Network.getCookies: %v", err)
	}
	out := map[string]*network.Cookie{}
	for _, c := range res.Cookies {
		out[c.Name] = c
	}
	return out
}

// consentState asks the endpoint, with the cookies the browser holds, what
// the visitor decided. It needs no JavaScript in the page.
type consentStateJSON struct {
	Decided       bool     `json:"decided"`
	GPC           bool     `json:"gpc"`
	Categories    []string `json:"categories"`
	PolicyVersion string   `json:"policy_version"`
}

func (s *browserSite) consentState(t *testing.T, ctx context.Context) consentStateJSON {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+s.addr+"/.well-known/cookie-consent", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range browserCookies(t, ctx, s.url+"/") {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st consentStateJSON
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET the consent state: %d, %v", resp.StatusCode, err)
	}
	return st
}

// Selectors of the banner (DESIGN.md, banner/templates/body.html).
const (
	selPanel     = `details[data-cookie-consent-panel]`
	selForm      = `[data-cookie-consent-root] form`
	selManage    = `[data-cookie-consent-manage]`
	selAcceptAll = `button[name=consent][value=all]`
	selRejectAll = `button[name=consent][value=none]`
	selSave      = `button[name=consent][value=custom]:not([hidden])`
	selCustomize = `.cc-more-toggle`
)

// panelOpen reports whether the banner's disclosure is open.
func panelOpen(t *testing.T, ctx context.Context) bool {
	t.Helper()
	return js[bool](t, ctx, `!!document.querySelector('`+selPanel+`') && document.querySelector('`+selPanel+`').open`)
}

// decide clicks one of the banner's buttons (JavaScript on: banner.js posts
// with fetch and updates the page in place) and waits until the banner has
// closed.
func decide(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	do(t, ctx, "click "+button, chromedp.Click(chromedp.CSS(button)))
	waitJS(t, ctx, `!document.querySelector('`+selPanel+`').open && !document.querySelector('`+selForm+`').hasAttribute('aria-busy')`, "the banner to close after "+button)
}

// assertNoTrackerTraffic waits settleTime, then checks the tracker saw no
// connection and no request of the given hosts (all when none).
func assertNoTrackerTraffic(t *testing.T, tr *trackerServer, hosts ...string) {
	t.Helper()
	time.Sleep(settleTime)
	if reqs := tr.requests(hosts...); len(reqs) > 0 {
		t.Errorf("held-back trackers were fetched: %q", reqs)
	}
	if len(hosts) == 0 {
		if n := tr.connections(); n > 0 {
			t.Errorf("the browser opened %d connection(s) to the trackers (preconnect?)", n)
		}
	}
}

// recordDocuments records the status of every page (document) response the
// tab gets from now on, and the 304s seen on the wire with the validator
// sent, and logs them if the test fails.
func recordDocuments(t *testing.T, ctx context.Context) {
	t.Helper()
	var mu sync.Mutex
	var docs []string
	sent := map[network.RequestID]string{}
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSentExtraInfo:
			if inm, ok := ev.Headers["If-None-Match"]; ok {
				sent[ev.RequestID] = fmt.Sprint(inm)
			}
		case *network.EventResponseReceived:
			if ev.Type == network.ResourceTypeDocument {
				docs = append(docs, fmt.Sprintf("%d %s", ev.Response.Status, ev.Response.URL))
			}
		case *network.EventResponseReceivedExtraInfo:
			if ev.StatusCode == http.StatusNotModified {
				docs = append(docs, fmt.Sprintf("304 on the wire (If-None-Match: %s)", sent[ev.RequestID]))
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			mu.Lock()
			defer mu.Unlock()
			t.Logf("page responses: %q", docs)
		}
	})
}

// hasRequest reports whether a logged request starts with prefix
// (e.g. "tracker.test/analytics.js").
func hasRequest(reqs []string, prefix string) bool {
	return slices.ContainsFunc(reqs, func(r string) bool { return strings.HasPrefix(r, prefix) })
}
