package integration

// Real-browser tests: headless Chromium against the built Caddy binary.
// The harness is in browser_helpers_test.go, the legacy pages in
// browserpages/. They skip when Chromium or the binary is missing.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// startBrowserTest checks the tools (skipping when one is missing), then
// runs the site (options: see startBrowserSite) and a browser.
func startBrowserTest(t *testing.T, options ...string) (*browserSite, context.Context) {
	t.Helper()
	chromiumPath(t)
	caddyBinary(t)
	site := startBrowserSite(t, options...)
	return site, newBrowser(t)
}

// assertHeldBack checks that nothing of the index page's trackers ran or
// was fetched, and that the page itself rendered with its banner.
func assertHeldBack(t *testing.T, ctx context.Context, site *browserSite) {
	t.Helper()
	assertNoTrackerTraffic(t, site.tracker)
	for _, global := range []string{"trackerRan", "lateRan", "pixelRan", "svgCodeRan"} {
		if got := js[string](t, ctx, `typeof window.`+global); got != "undefined" {
			t.Errorf("window.%s is %s: a held-back script ran", global, got)
		}
	}
	if c := js[string](t, ctx, `document.cookie`); strings.Contains(c, "_ga=") || strings.Contains(c, "_fbp=") {
		t.Errorf("document.cookie = %q: a tracker cookie was set before consent", c)
	}
	if got := js[string](t, ctx, `document.getElementById('content') ? document.getElementById('content').textContent : ''`); got == "" {
		t.Errorf("the page's own content did not render")
	}
}

func TestBrowserNothingFetchedBeforeConsent(t *testing.T) {
	site, ctx := startBrowserTest(t)
	open(t, ctx, site.url+"/")
	do(t, ctx, "the banner is visible", chromedp.WaitVisible(chromedp.CSS(selForm)), chromedp.WaitVisible(chromedp.CSS(selAcceptAll)), chromedp.WaitVisible(chromedp.CSS(selRejectAll)))
	assertHeldBack(t, ctx, site)
	if !panelOpen(t, ctx) {
		t.Errorf("the banner is not open before a decision")
	}
	// The script the site's own code inserted at run time was held back by
	// the in-page guard, in the shape banner.js revives.
	late := js[string](t, ctx, `(function(){var s=[].find.call(document.scripts,function(s){return (s.getAttribute('data-cookie-consent-src')||'').indexOf('/late.js')>0});return s?s.type+' '+s.getAttribute('data-cookie-consent'):'missing'})()`)
	if late != "text/plain analytics" {
		t.Errorf("the script inserted at run time: %q, want held back as text/plain analytics", late)
	}
	if got := js[string](t, ctx, `typeof window.handTagged`); got != "undefined" {
		t.Errorf("a script the site tagged by hand ran before consent")
	}
}

func TestBrowserAcceptAllRevivesWithoutReload(t *testing.T) {
	site, ctx := startBrowserTest(t)
	open(t, ctx, site.url+"/")
	do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))
	assertHeldBack(t, ctx, site)

	js[chromedp.Void](t, ctx, `window.sentinel = 1`)
	decide(t, ctx, selAcceptAll)
	waitJS(t, ctx, `window.trackerRan === true && window.lateRan === true && window.pixelRan === true && window.handTagged === true`, "the held-back scripts, and the one the site tagged by hand, to run")
	if js[int](t, ctx, `window.sentinel || 0`) != 1 {
		t.Fatalf("the page was reloaded: window.sentinel is gone")
	}
	waitJS(t, ctx, `document.cookie.indexOf('_ga=') >= 0`, "the revived analytics script to set _ga")
	waitJS(t, ctx, `document.getElementById('beacon').complete && document.getElementById('beacon').naturalWidth === 1`, "the beacon to load")
	reqs := site.tracker.requests()
	for _, want := range []string{
		trackerHost + "/analytics.js", trackerHost + "/late.js", trackerHost + "/tr?x=1", trackerHost + "/frame.html",
		pixelHost + "/pixel.js", pixelHost + "/tr?ev=PageView", pixelHost + "/tr?ev=Button", trackerHost + "/tr?x=srcdoc",
		pixelHost + "/tr?ev=Svg", trackerHost + "/svg.js",
	} {
		if !hasRequest(reqs, want) {
			t.Errorf("after Accept all the tracker did not get %s; it got %q", want, reqs)
		}
	}

	c := browserCookies(t, ctx, site.url+"/")["cookie_consent"]
	switch {
	case c == nil:
		t.Errorf("no consent cookie in the browser")
	case !c.HTTPOnly || c.Path != "/" || c.SameSite != network.CookieSameSiteLax:
		t.Errorf("consent cookie: HttpOnly=%v Path=%q SameSite=%q, want HttpOnly, /, Lax", c.HTTPOnly, c.Path, c.SameSite)
	}
	if strings.Contains(js[string](t, ctx, `document.cookie`), "cookie_consent") {
		t.Errorf("the consent cookie is readable by scripts")
	}
	if panelOpen(t, ctx) {
		t.Errorf("the banner is still open")
	}
	st := site.consentState(t, ctx)
	if !st.Decided || !slices.Equal(st.Categories, []string{"necessary", "preferences", "analytics", "marketing"}) {
		t.Errorf("consent state %+v, want decided with every category", st)
	}
}

func TestBrowserManageAndWithdraw(t *testing.T) {
	site, ctx := startBrowserTest(t)
	// The control is on every page; it shows once the banner is closed
	// (while it is open, the banner is there).
	assertManage := func(when string) {
		t.Helper()
		n := js[int](t, ctx, `document.querySelectorAll('`+selManage+`').length`)
		if n < 1 {
			t.Fatalf("%s: no %s control on %s", when, selManage, js[string](t, ctx, `location.pathname`))
		}
		shows := selManage
		if when == "undecided" {
			shows = selRejectAll
		}
		do(t, ctx, when+": the manage control or the banner is visible", chromedp.WaitVisible(chromedp.CSS(shows)))
	}
	for _, p := range []string{"/about.html", "/policy.html", "/"} {
		open(t, ctx, site.url+p)
		assertManage("undecided")
	}
	recordDocuments(t, ctx)
	decide(t, ctx, selAcceptAll)
	waitJS(t, ctx, `window.trackerRan === true && document.cookie.indexOf('_ga=') >= 0`, "the tracker to run and set _ga")

	for _, p := range []string{"/policy.html", "/about.html"} {
		open(t, ctx, site.url+p)
		assertManage("decided")
	}
	if panelOpen(t, ctx) {
		t.Fatalf("the banner is open on a page loaded after a decision")
	}
	waitJS(t, ctx, `window.trackerRan === true`, "the tracker to run on a page loaded with consent")

	// Reopen with the manage control, withdraw with Reject all.
	js[chromedp.Void](t, ctx, `window.sentinel = 1`)
	do(t, ctx, "click the manage control", chromedp.Click(chromedp.CSS(selManage)))
	waitJS(t, ctx, `document.querySelector('`+selPanel+`').open`, "the banner to reopen")
	do(t, ctx, "Reject all is visible", chromedp.WaitVisible(chromedp.CSS(selRejectAll)))
	site.tracker.reset()
	clickAndWaitLoad(t, ctx, selRejectAll, "Reject all did not reload the page")
	if js[string](t, ctx, `typeof window.sentinel`) != "undefined" {
		t.Fatalf("the page was not reloaded after the withdrawal")
	}
	assertNoTrackerTraffic(t, site.tracker)
	if got := js[string](t, ctx, `typeof window.trackerRan`); got != "undefined" {
		t.Errorf("after the withdrawal the tracker ran again (window.trackerRan is %s)", got)
	}
	if c := js[string](t, ctx, `document.cookie`); strings.Contains(c, "_ga=") {
		t.Errorf("after the withdrawal document.cookie still holds _ga: %q", c)
	}
	if _, ok := browserCookies(t, ctx, site.url+"/")["_ga"]; ok {
		t.Errorf("after the withdrawal the browser still holds _ga")
	}
	if st := site.consentState(t, ctx); !st.Decided || !slices.Equal(st.Categories, []string{"necessary"}) {
		t.Errorf("consent state after Reject all: %+v", st)
	}
	assertManage("withdrawn")
}

// A page the browser first cached with consent must not come back from the
// cache, trackers live, after the consent is withdrawn (the reload that
// banner.js does revalidates the page with If-None-Match).
func TestBrowserWithdrawalNotUndoneByCache(t *testing.T) {
	site, ctx := startBrowserTest(t)
	open(t, ctx, site.url+"/")
	decide(t, ctx, selAcceptAll)
	open(t, ctx, site.url+"/about.html") // first seen with consent: trackers live
	waitJS(t, ctx, `window.trackerRan === true`, "the tracker to run with consent")

	do(t, ctx, "reopen the banner", chromedp.Click(chromedp.CSS(selManage)), chromedp.WaitVisible(chromedp.CSS(selRejectAll)))
	site.tracker.reset()
	recordDocuments(t, ctx)
	clickAndWaitLoad(t, ctx, selRejectAll, "Reject all did not reload the page")
	assertNoTrackerTraffic(t, site.tracker)
	if got := js[string](t, ctx, `typeof window.trackerRan`); got != "undefined" {
		t.Errorf("after the withdrawal the reloaded page ran the tracker again (window.trackerRan is %s)", got)
	}
	if state := js[string](t, ctx, `document.querySelector('[data-cookie-consent-root]').getAttribute('data-cookie-consent-state')`); !strings.Contains(state, `"categories":["necessary"]`) {
		t.Errorf("the reloaded page carries the consent state %s, want only necessary", state)
	}
}

func TestBrowserCustomChoice(t *testing.T) {
	site, ctx := startBrowserTest(t)
	open(t, ctx, site.url+"/")
	do(t, ctx, "open the categories",
		chromedp.WaitVisible(chromedp.CSS(selCustomize)),
		chromedp.Click(chromedp.CSS(selCustomize)),
		chromedp.WaitVisible(chromedp.CSS(`#cookie-consent-cat-analytics`)),
	)
	checked := js[[]string](t, ctx, `[].filter.call(document.querySelectorAll('input[name=category]'), function(i){return i.checked}).map(function(i){return i.value})`)
	if !slices.Equal(checked, []string{"necessary"}) {
		t.Errorf("before a decision the ticked categories are %q, want only necessary", checked)
	}
	js[chromedp.Void](t, ctx, `window.sentinel = 1`)
	do(t, ctx, "tick analytics", chromedp.Click(chromedp.CSS(`#cookie-consent-cat-analytics`)))
	decide(t, ctx, selSave)
	waitJS(t, ctx, `window.trackerRan === true && window.lateRan === true`, "the analytics scripts to run")
	if js[int](t, ctx, `window.sentinel || 0`) != 1 {
		t.Errorf("the page was reloaded")
	}
	assertNoTrackerTraffic(t, site.tracker, pixelHost)
	if got := js[string](t, ctx, `typeof window.pixelRan`); got != "undefined" {
		t.Errorf("the marketing pixel ran (window.pixelRan is %s)", got)
	}
	if got := js[string](t, ctx, `document.getElementById('pixel').getAttribute('src') + ' ' + document.getElementById('pixel').getAttribute('data-cookie-consent')`); got != "null marketing" {
		t.Errorf("the marketing <img>: src and category %q, want it still held back", got)
	}
	if !hasRequest(site.tracker.requests(trackerHost), trackerHost+"/analytics.js") {
		t.Errorf("the analytics tracker was not fetched: %q", site.tracker.requests())
	}
	if st := site.consentState(t, ctx); !slices.Equal(st.Categories, []string{"necessary", "analytics"}) {
		t.Errorf("consent state %+v, want necessary and analytics", st)
	}
}

func TestBrowserJavaScriptOff(t *testing.T) {
	site, ctx := startBrowserTest(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	// Remember the redirects the browser follows.
	var mu sync.Mutex
	var redirects []string // "status from -> to"
	if err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok && ev.RedirectResponse != nil {
			mu.Lock()
			redirects = append(redirects, fmt.Sprintf("%d %s -> %s", ev.RedirectResponse.Status, ev.RedirectResponse.URL, ev.Request.URL))
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	const pagePath = "/about.html?from=mail&x=1"
	open(t, ctx, site.url+pagePath)
	if js[string](t, ctx, `typeof window.trackerRan`) != "undefined" {
		t.Fatalf("scripts ran with JavaScript off")
	}
	do(t, ctx, "the banner is visible without JavaScript", chromedp.WaitVisible(chromedp.CSS(selRejectAll)), chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))
	ret, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-cookie-consent-root] form input[name=return]`)))
	if err != nil || ret != pagePath {
		t.Errorf("the form's return field is %q (%v), want %q", ret, err, pagePath)
	}

	recordDocuments(t, ctx)
	clickAndWaitLoad(t, ctx, selRejectAll, "posting the form")
	hist, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil {
		t.Fatal(err)
	}
	if got := hist.Entries[hist.CurrentIndex].URL; got != site.url+pagePath {
		t.Errorf("after Reject all the browser is at %s, want %s", got, site.url+pagePath)
	}
	mu.Lock()
	want := "303 " + site.url + "/.well-known/cookie-consent -> " + site.url + pagePath
	if !slices.Equal(redirects, []string{want}) {
		t.Errorf("redirects followed: %q, want [%q]", redirects, want)
	}
	mu.Unlock()
	attrs, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS(selPanel)))
	if err != nil {
		t.Fatal(err)
	}
	if _, open := attrs["open"]; open {
		t.Errorf("after the decision the banner is still open")
	}
	do(t, ctx, "the manage control is visible", chromedp.WaitVisible(chromedp.CSS(selManage)))
	if st := site.consentState(t, ctx); !st.Decided || !slices.Equal(st.Categories, []string{"necessary"}) {
		t.Errorf("consent state after Reject all without JavaScript: %+v", st)
	}
	assertNoTrackerTraffic(t, site.tracker)
}

// A visitor whose browser sends Sec-GPC: 1 has refused: no banner opens,
// the page and the endpoint both say decided; the manage control opens it,
// saying that the signal was honoured, and an explicit choice overrides it.
func TestBrowserGlobalPrivacyControl(t *testing.T) {
	site, ctx := startBrowserTest(t)
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Sec-GPC": "1"}}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, site.url+"/")
	do(t, ctx, "the manage control is visible", chromedp.WaitVisible(chromedp.CSS(selManage)))
	assertHeldBack(t, ctx, site)
	if panelOpen(t, ctx) {
		t.Errorf("the banner opened for a visitor whose browser sent Sec-GPC")
	}
	if got := js[string](t, ctx, `document.activeElement.tagName`); got != "BODY" {
		t.Errorf("focus moved to %s without a banner to show", got)
	}
	// The page and the endpoint agree, the page's own fetch carrying Sec-GPC too.
	page := js[consentStateJSON](t, ctx, `JSON.parse(document.querySelector('[data-cookie-consent-root]').getAttribute('data-cookie-consent-state'))`)
	const stateJS = `fetch('/.well-known/cookie-consent', {cache: 'no-store'}).then(function(r){return r.json()})`
	st, err := chromedp.Run(ctx, chromedp.Evaluate[consentStateJSON](stateJS, chromedp.EvalAwaitPromise))
	if err != nil || !st.GPC || !st.Decided || !slices.Equal(st.Categories, []string{"necessary"}) {
		t.Errorf("consent state with Sec-GPC: %+v (%v), want decided by gpc, only necessary", st, err)
	}
	if page.Decided != st.Decided || page.GPC != st.GPC || !slices.Equal(page.Categories, st.Categories) {
		t.Errorf("the page says %+v, the endpoint %+v", page, st)
	}
	do(t, ctx, "open the banner", chromedp.Click(chromedp.CSS(selManage)), chromedp.WaitVisible(chromedp.CSS(`.cc-gpc`)))
	if n := js[int](t, ctx, `document.querySelectorAll('.cc-gpc').length`); n != 1 {
		t.Errorf("the banner does not say that the GPC signal was honoured")
	}
	// An explicit choice overrides the signal.
	decide(t, ctx, selAcceptAll)
	waitJS(t, ctx, `window.trackerRan === true`, "the tracker to run after Accept all despite GPC")
	st, err = chromedp.Run(ctx, chromedp.Evaluate[consentStateJSON](stateJS, chromedp.EvalAwaitPromise))
	if err != nil || st.GPC || !st.Decided || len(st.Categories) != 4 {
		t.Errorf("consent state after Accept all with Sec-GPC: %+v (%v), want decided with every category", st, err)
	}
}

// dataLayerJS returns window.dataLayer as JSON-able arrays (gtag pushes
// Arguments objects).
const dataLayerJS = `(window.dataLayer || []).map(function(e){return Array.prototype.slice.call(e)})`

// dataLayerIndex returns the index of the first entry whose first two
// values are a and b ("" matches anything), or -1.
func dataLayerIndex(dl [][]any, a, b string) int {
	return slices.IndexFunc(dl, func(e []any) bool {
		return len(e) >= 2 && e[0] == a && (b == "" || e[1] == b)
	})
}

func TestBrowserConsentModeV2(t *testing.T) {
	site, ctx := startBrowserTest(t)
	open(t, ctx, site.url+"/gtag.html")
	do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))
	assertNoTrackerTraffic(t, site.tracker)
	dl := js[[][]any](t, ctx, dataLayerJS)
	def := dataLayerIndex(dl, "consent", "default")
	if def < 0 {
		t.Fatalf("no consent default in dataLayer: %v", dl)
	}
	params, _ := dl[def][2].(map[string]any)
	for _, k := range []string{"analytics_storage", "ad_storage", "ad_user_data", "ad_personalization"} {
		if params[k] != "denied" {
			t.Errorf("consent default %s = %v, want denied (%v)", k, params[k], params)
		}
	}
	if cfg := dataLayerIndex(dl, "config", ""); cfg >= 0 {
		t.Errorf("the gtag snippet ran before consent: dataLayer %v", dl)
	}

	decide(t, ctx, selAcceptAll)
	waitJS(t, ctx, `(window.dataLayer||[]).some(function(e){return e[0]==='config'})`, "the revived gtag snippet to run")
	dl = js[[][]any](t, ctx, dataLayerJS)
	def, upd, cfg := dataLayerIndex(dl, "consent", "default"), dataLayerIndex(dl, "consent", "update"), dataLayerIndex(dl, "config", "")
	if upd < 0 {
		t.Fatalf("no consent update after Accept all: %v", dl)
	}
	params, _ = dl[upd][2].(map[string]any)
	for _, k := range []string{"analytics_storage", "ad_storage", "ad_user_data", "ad_personalization"} {
		if params[k] != "granted" {
			t.Errorf("consent update %s = %v, want granted (%v)", k, params[k], params)
		}
	}
	if !(def < upd && upd < cfg) {
		t.Errorf("dataLayer order: default at %d, update at %d, config at %d; want default, update, then config: %v", def, upd, cfg, dl)
	}
	if !hasRequest(site.tracker.requests(), trackerHost+"/gtag/js?id=G-X") {
		t.Errorf("gtag.js was not fetched after Accept all: %q", site.tracker.requests())
	}
}

func TestBrowserKeyboardAndEqualWeight(t *testing.T) {
	site, ctx := startBrowserTest(t)
	open(t, ctx, site.url+"/plain.html")
	do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))

	const focused = `(function(e){return e ? e.tagName.toLowerCase() + (e.name ? '[name=' + e.name + '][value=' + e.value + ']' : '') : ''})(document.activeElement)`
	var stops []string
	for i := 0; i < 12 && !(slices.Contains(stops, "button[name=consent][value=all]") && slices.Contains(stops, "button[name=consent][value=none]")); i++ {
		do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		stops = append(stops, js[string](t, ctx, focused))
	}
	if !slices.Contains(stops, "button[name=consent][value=all]") || !slices.Contains(stops, "button[name=consent][value=none]") {
		t.Errorf("Tab does not reach both first-layer buttons; focus went %q", stops)
	}
	// Enter on the focused Reject all decides (keyboard operable).
	if stops[len(stops)-1] == "button[name=consent][value=none]" {
		do(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
		waitJS(t, ctx, `!document.querySelector('`+selPanel+`').open`, "Enter on Reject all to close the banner")
		if st := site.consentState(t, ctx); !st.Decided || !slices.Equal(st.Categories, []string{"necessary"}) {
			t.Errorf("consent state after Enter on Reject all: %+v", st)
		}
		do(t, ctx, "reopen", chromedp.Click(chromedp.CSS(selManage)), chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))
	}

	// Equal weight: the same computed look and size.
	const look = `(function(sel){var b=document.querySelector(sel),s=getComputedStyle(b),r=b.getBoundingClientRect();
		return [s.fontSize,s.fontWeight,s.paddingTop,s.paddingRight,s.paddingBottom,s.paddingLeft,s.backgroundColor,s.color,s.borderTopWidth,s.borderTopColor,Math.round(r.width)+'x'+Math.round(r.height)].join(' | ')})`
	accept := js[string](t, ctx, look+`('`+selAcceptAll+`')`)
	reject := js[string](t, ctx, look+`('`+selRejectAll+`')`)
	if accept != reject {
		t.Errorf("Accept all and Reject all differ:\n accept: %s\n reject: %s", accept, reject)
	}
	t.Logf("both buttons: %s", accept)

	// The banner's dialog has an accessible name.
	labelled := js[string](t, ctx, `(function(){var r=document.querySelector('[data-cookie-consent-root] [role=dialog]');if(!r)return '';var id=r.getAttribute('aria-labelledby'),l=id&&document.getElementById(id);return l?l.textContent.trim():''})()`)
	if labelled == "" {
		t.Errorf("the banner dialog's aria-labelledby does not resolve to text")
	}
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(`[data-cookie-consent-root] [role=dialog]`)))
	if err != nil || len(nodes) == 0 {
		t.Fatalf("no banner dialog: %v", err)
	}
	ax, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: nodes[0].BackendNodeID, FetchRelatives: new(false)})
	if err != nil || len(ax.Nodes) == 0 {
		t.Fatalf("Accessibility.getPartialAXTree: %v", err)
	}
	var name, role string
	if n := ax.Nodes[0]; n.Name != nil && n.Role != nil {
		name, role = strings.Trim(string(n.Name.Value), `"`), strings.Trim(string(n.Role.Value), `"`)
	}
	if role != "dialog" || name != labelled {
		t.Errorf("the browser exposes the banner as role %q named %q, want dialog named %q", role, name, labelled)
	}
}

func TestBrowserFrench(t *testing.T) {
	site, ctx := startBrowserTest(t)
	ua := js[string](t, ctx, `navigator.userAgent`)
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "fr-FR,fr;q=0.9"}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, site.url+"/")
	do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))
	for sel, want := range map[string]string{
		selAcceptAll: "Tout accepter",
		selRejectAll: "Tout refuser",
		selManage:    "Gérer vos cookies",
		`.cc-title`:  "Les cookies sur ce site",
	} {
		// textContent: the manage control is not rendered while the banner is open.
		if got := js[string](t, ctx, `document.querySelector('`+sel+`').textContent`); strings.TrimSpace(got) != want {
			t.Errorf("%s reads %q, want %q", sel, got, want)
		}
	}
	if lang := js[string](t, ctx, `document.querySelector('[data-cookie-consent-root]').lang`); lang != "fr" {
		t.Errorf("banner lang=%q, want fr", lang)
	}
}

func TestBrowserDemoScreenshot(t *testing.T) {
	chromiumPath(t)
	caddyBinary(t)
	startDemo(t)
	ctx := newBrowser(t)
	open(t, ctx, demoURL+"/")
	do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selAcceptAll)), chromedp.WaitVisible(chromedp.CSS(selRejectAll)))

	// The banner sits at the bottom of the viewport, over the page.
	geo := js[[]float64](t, ctx, `(function(){var r=document.querySelector('[data-cookie-consent-root] [role=dialog]').getBoundingClientRect();return [r.top,r.bottom,r.left,r.right,innerHeight,innerWidth]})()`)
	top, bottom, height := geo[0], geo[1], geo[4]
	if bottom < height-1 || bottom > height+1 || top < height/4 {
		t.Errorf("the banner spans y=%.0f..%.0f of a %.0f px viewport; want it at the bottom, under three quarters of the height", top, bottom, height)
	}

	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "demo-banner.png")
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("COOKIE_CONSENT_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		out = filepath.Join(dir, "demo-banner.png")
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot of the demo with its banner: %s (%d bytes)", out, len(png))
}

// unknown_hosts block: ten third-party hosts no rule knows, one per kind
// of fetching element, are not reached before consent, and all are after
// Accept all.
func TestBrowserUnknownHostsBlocked(t *testing.T) {
	chromiumPath(t)
	caddyBinary(t)
	site := startBrowserSite(t, "unknown_hosts block")
	ctx := newBrowser(t)
	var hosts []string
	for i := range 10 {
		hosts = append(hosts, fmt.Sprintf("h%d.%s", i, unknownDomain))
	}
	open(t, ctx, site.url+"/unknown.html")
	do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))
	assertNoTrackerTraffic(t, site.tracker, hosts...)
	decide(t, ctx, selAcceptAll)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var missing []string
		for _, h := range hosts {
			if len(site.tracker.requests(h)) == 0 {
				missing = append(missing, h)
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after Accept all, never reached: %q (reached: %q)", missing, site.tracker.requests())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// cookie_domain: a decision made on www. holds on shop. of the same site.
func TestBrowserCookieDomainSharesOneDecision(t *testing.T) {
	chromiumPath(t)
	caddyBinary(t)
	site := startBrowserSite(t, "cookie_domain "+siteHost)
	ctx := newBrowser(t)
	port := site.url[strings.LastIndexByte(site.url, ':'):]
	www, shop := "http://www."+siteHost+port, "http://shop."+siteHost+port
	open(t, ctx, www+"/plain.html")
	decide(t, ctx, selRejectAll)
	open(t, ctx, shop+"/plain.html")
	if panelOpen(t, ctx) {
		t.Errorf("shop.%s asks again after a decision on www.%s", siteHost, siteHost)
	}
	state := js[string](t, ctx, `document.querySelector('[data-cookie-consent-root]').getAttribute('data-cookie-consent-state')`)
	if !strings.Contains(state, `"decided":true`) {
		t.Errorf("shop.%s renders the state %s, want decided", siteHost, state)
	}
	c, ok := browserCookies(t, ctx, shop+"/")["cookie_consent"]
	if !ok || c.Domain != "."+siteHost {
		t.Errorf("the consent cookie on shop.%s: %+v, want it on .%s", siteHost, c, siteHost)
	}
}
