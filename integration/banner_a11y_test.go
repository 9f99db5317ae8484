package integration

// The banner as keyboard, screen-reader and phone users meet it: a labelled,
// non-modal dialog that takes focus on first show (WAI-ARIA APG dialog
// pattern), no violation axe-core finds in any state, position or colour
// scheme, and readable on a legacy page that a phone shows zoomed out.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const (
	selDialog = `[data-cookie-consent-root] [role=dialog]`
	selMore   = `[data-cookie-consent-root] details.cc-more`
)

// activeIs reports whether the focused element matches a selector.
func activeIs(sel string) string {
	return `!!document.activeElement && document.activeElement.matches('` + sel + `')`
}

// shown is a JavaScript expression: whether the first element that matches
// sel takes up room on the page.
func shown(sel string) string {
	return `(function(e){return !!e && e.getClientRects().length > 0 && e.getBoundingClientRect().width > 1})(document.querySelector('` + sel + `'))`
}

func TestBrowserBannerIsADialog(t *testing.T) {
	site, ctx := startBrowserTest(t)
	open(t, ctx, site.url+"/plain.html")
	do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selDialog)))

	// First show: focus in the dialog, the page not scrolled, the dialog
	// named by its title.
	waitJS(t, ctx, activeIs(selDialog), "focus to move into the dialog on first show")
	if y := js[float64](t, ctx, `scrollY`); y != 0 {
		t.Errorf("moving focus into the banner scrolled the page to y=%v", y)
	}
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(selDialog)))
	if err != nil || len(nodes) == 0 {
		t.Fatalf("no dialog: %v", err)
	}
	ax, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: nodes[0].BackendNodeID, FetchRelatives: new(false)})
	if err != nil || len(ax.Nodes) == 0 {
		t.Fatalf("Accessibility.getPartialAXTree: %v", err)
	}
	title := js[string](t, ctx, `document.getElementById('cookie-consent-title').textContent`)
	if n := ax.Nodes[0]; n.Role == nil || strings.Trim(string(n.Role.Value), `"`) != "dialog" || n.Name == nil || strings.Trim(string(n.Name.Value), `"`) != title {
		t.Errorf("the browser exposes the first layer as %+v / %+v, want a dialog named %q", n.Role, n.Name, title)
	}
	if js[bool](t, ctx, `document.querySelector('`+selDialog+`').hasAttribute('aria-modal')`) {
		t.Errorf("the dialog is modal: the page behind must stay usable")
	}
	if js[bool](t, ctx, shown(selManage)) {
		t.Errorf("the manage control shows while the banner is open")
	}
	// The disclosure's name is its text: no glyph for a screen reader to read.
	glyphs := js[string](t, ctx, `(function(s){return getComputedStyle(s,'::before').content + ' ' + getComputedStyle(s,'::after').content + ' ' + s.querySelectorAll('svg[aria-hidden=true]').length})(document.querySelector('`+selCustomize+`'))`)
	if glyphs != "none none 1" {
		t.Errorf("the category toggle's ::before, ::after and hidden SVGs: %q, want none none 1", glyphs)
	}

	// Escape: nothing decided, the banner stays; in the category layer,
	// the layer closes and focus goes back to its toggle.
	do(t, ctx, "Escape on Accept all", chromedp.Focus(chromedp.CSS(selAcceptAll)), chromedp.KeyEvent(kb.Escape))
	if !panelOpen(t, ctx) {
		t.Fatalf("Escape closed the banner before a decision")
	}
	do(t, ctx, "open the categories", chromedp.Click(chromedp.CSS(selCustomize)), chromedp.WaitVisible(chromedp.CSS(`#cookie-consent-cat-analytics`)))
	do(t, ctx, "Escape in a checkbox", chromedp.Focus(chromedp.CSS(`#cookie-consent-cat-analytics`)), chromedp.KeyEvent(kb.Escape))
	if js[bool](t, ctx, `document.querySelector('`+selMore+`').open`) || !js[bool](t, ctx, activeIs(selCustomize)) || !panelOpen(t, ctx) {
		t.Errorf("Escape in the category layer: layer open %v, focus on its toggle %v, banner open %v; want closed, true, true",
			js[bool](t, ctx, `document.querySelector('`+selMore+`').open`), js[bool](t, ctx, activeIs(selCustomize)), panelOpen(t, ctx))
	}

	// Decided: the manage control shows; from it, Enter opens and Escape
	// closes the banner, focus back on the control.
	decide(t, ctx, selRejectAll)
	if !js[bool](t, ctx, shown(selManage)) || !js[bool](t, ctx, activeIs(selManage)) {
		t.Errorf("after the decision the manage control is not shown and focused")
	}
	do(t, ctx, "Enter on the manage control", chromedp.Focus(chromedp.CSS(selManage)), chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, `document.querySelector('`+selPanel+`').open && `+activeIs(selAcceptAll), "the banner to open with focus on its first button")
	do(t, ctx, "Escape", chromedp.KeyEvent(kb.Escape))
	waitJS(t, ctx, `!document.querySelector('`+selPanel+`').open && `+activeIs(selManage), "Escape to close the banner, focus back on the manage control")
}

// axeSource returns axe-core's axe.min.js, installed by xcaddy.sh's
// test_tools (npm, into a cache folder), or skips.
func axeSource(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("AXE_CORE_DIR")
	if dir == "" {
		cache, _ := os.UserCacheDir()
		dir = filepath.Join(cache, "cookie-consent", "axe-core")
	}
	src, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Skipf("no axe-core in %s (./xcaddy.sh test installs it, or set AXE_CORE_DIR): %v", dir, err)
	}
	return string(src)
}

// axeResult is what checkAxe reads of axe.run's results.
type axeResult struct {
	Violations []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	Passes, Incomplete int
}

// checkAxe runs axe-core on the banner (WCAG 2.0-2.2 A and AA, and best
// practices) and fails on any violation.
func checkAxe(t *testing.T, ctx context.Context, src, state string) {
	t.Helper()
	if !js[bool](t, ctx, `typeof window.axe === 'object'`) {
		js[chromedp.Void](t, ctx, src)
	}
	const run = `axe.run(document.getElementById('cookie-consent'), {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
		.then(function(r){return {violations: r.violations.map(function(v){return {id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(function(n){return n.target.join(' ') + ': ' + n.failureSummary})}}), passes: r.passes.length, incomplete: r.incomplete.length}})`
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run (%s): %v", state, err)
	}
	for _, v := range res.Violations {
		t.Errorf("axe, %s: %s (%s): %s\n  %s", state, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
	t.Logf("axe, %s: %d violations, %d rules passed, %d incomplete", state, len(res.Violations), res.Passes, res.Incomplete)
}

// darkMode emulates prefers-color-scheme: dark, or light.
func darkMode(t *testing.T, ctx context.Context, dark bool) {
	t.Helper()
	scheme := map[bool]string{true: "dark", false: "light"}[dark]
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatal(err)
	}
}

// screenshot saves the tab's viewport as name.png in
// $COOKIE_CONSENT_SCREENSHOTS, when that is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("COOKIE_CONSENT_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserBannerAxe(t *testing.T) {
	src := axeSource(t)
	for _, c := range []struct {
		position, manage string
	}{
		{"bar", "bottom-left"},
		{"box-left", "bottom-right"},
		{"center", "hidden"},
	} {
		t.Run(c.position, func(t *testing.T) {
			site, ctx := startBrowserTest(t, fmt.Sprintf("theme {\n position %s\n manage %s\n }", c.position, c.manage))
			for _, dark := range []bool{false, true} {
				scheme := map[bool]string{true: "dark", false: "light"}[dark]
				if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
					t.Fatal(err)
				}
				darkMode(t, ctx, dark)
				open(t, ctx, site.url+"/plain.html")
				do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selDialog)))
				checkAxe(t, ctx, src, c.position+", "+scheme+", first layer")
				if c.position == "bar" {
					screenshot(t, ctx, "desktop-"+scheme)
				}
				assertPosition(t, ctx, c.position)

				do(t, ctx, "open the categories", chromedp.Click(chromedp.CSS(selCustomize)), chromedp.WaitVisible(chromedp.CSS(`#cookie-consent-cat-analytics`)))
				checkAxe(t, ctx, src, c.position+", "+scheme+", category layer")

				decide(t, ctx, selRejectAll)
				checkAxe(t, ctx, src, c.position+", "+scheme+", closed")
				assertManagePlace(t, ctx, c.manage)
			}
		})
	}
}

// assertPosition checks where the first layer sits in the 1280x800 window.
func assertPosition(t *testing.T, ctx context.Context, position string) {
	t.Helper()
	r := js[[]float64](t, ctx, `(function(r){return [r.left, r.right, r.top, r.bottom, innerWidth, innerHeight]})(document.querySelector('`+selDialog+`').getBoundingClientRect())`)
	left, right, top, bottom, w, h := r[0], r[1], r[2], r[3], r[4], r[5]
	var ok bool
	switch position {
	case "bar":
		ok = left == 0 && right == w && bottom == h
	case "box-left":
		ok = left > 0 && left < 40 && right < w/2 && bottom < h && bottom > h-40
	case "center":
		ok = abs((left+right)/2-w/2) < 2 && abs((top+bottom)/2-h/2) < 2
	}
	if !ok {
		t.Errorf("position %s: the dialog spans x=%.0f..%.0f y=%.0f..%.0f of %.0fx%.0f", position, left, right, top, bottom, w, h)
	}
}

// assertManagePlace checks where the manage control shows once the banner
// is closed; hidden, it still exists and shows when it has focus.
func assertManagePlace(t *testing.T, ctx context.Context, manage string) {
	t.Helper()
	js[chromedp.Void](t, ctx, `document.activeElement.blur()`)
	r := js[[]float64](t, ctx, `(function(r){return [r.left, r.right, r.width, innerWidth]})(document.querySelector('`+selManage+`').getBoundingClientRect())`)
	left, right, width, w := r[0], r[1], r[2], r[3]
	switch manage {
	case "bottom-left":
		if width < 50 || left > 40 {
			t.Errorf("manage %s: the control spans x=%.0f..%.0f", manage, left, right)
		}
	case "bottom-right":
		if width < 50 || right < w-40 {
			t.Errorf("manage %s: the control spans x=%.0f..%.0f of %.0f", manage, left, right, w)
		}
	case "hidden":
		if width > 1 {
			t.Errorf("manage hidden: the control shows, %.0f px wide", width)
		}
		do(t, ctx, "focus the manage control", chromedp.Focus(chromedp.CSS(selManage)))
		if !js[bool](t, ctx, shown(selManage)) {
			t.Errorf("manage hidden: the control does not show when it has focus")
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }

// TestBrowserBannerOnPhone shows the banner on a 390px phone (3x): on a
// legacy page without a viewport meta, which the phone lays out 980px wide
// and shows at 40%, and on a page with one. The banner's smallest text must
// read at 14px or more and its buttons be 44px or taller, as the visitor
// sees them (WCAG 2.2 SC 1.4.4, 2.5.8), with JavaScript on or off; the
// page keeps its own layout.
func TestBrowserBannerOnPhone(t *testing.T) {
	site, ctx := startBrowserTest(t)
	for _, c := range []struct {
		name, page string
		jsOn       bool
		layout     float64 // the page's layout width
	}{
		{"no viewport meta", "/plain.html", true, 980},
		{"no viewport meta, JavaScript off", "/plain.html", false, 980},
		{"viewport meta", "/mobile.html", true, 390},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := chromedp.NewContext(ctx) // a new tab
			defer cancel()
			if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: 390, Height: 844, DeviceScaleFactor: 3, Mobile: true,
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
				t.Fatal(err)
			}
			if !c.jsOn {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatal(err)
				}
			}
			for _, dark := range []bool{false, true} {
				darkMode(t, ctx, dark)
				open(t, ctx, site.url+c.page)
				do(t, ctx, "wait for the banner", chromedp.WaitVisible(chromedp.CSS(selAcceptAll)))
				if c.jsOn {
					waitJS(t, ctx, `document.querySelector('[data-cookie-consent-root]').classList.contains('cc-fit')`, "banner.js to fit the banner")
				}
				if c.page == "/plain.html" && c.jsOn {
					screenshot(t, ctx, "phone-no-viewport-meta-"+map[bool]string{true: "dark", false: "light"}[dark])
				}
				if dark {
					continue
				}
				// The zoom the visitor sees the page at: screen width over
				// layout width (the phone shows the whole layout width).
				m := js[map[string]float64](t, ctx, `(function(){
					var q = function(s){return document.querySelector(s)}, px = function(s){return parseFloat(getComputedStyle(q(s)).fontSize)};
					var h = function(s){return q(s).getBoundingClientRect().height};
					return {layout: document.documentElement.clientWidth, screen: screen.width, vv: visualViewport.scale,
						desc: px('.cc-desc'), title: px('.cc-title'), accept: h('`+selAcceptAll+`'), reject: h('`+selRejectAll+`'), toggle: h('`+selCustomize+`')}})()`)
				if m["layout"] != c.layout {
					t.Errorf("the page is laid out %v px wide, want %v: the banner changed the site's layout", m["layout"], c.layout)
				}
				zoom := m["screen"] / m["layout"]
				font := m["desc"] * zoom
				btn := min(m["accept"], m["reject"], m["toggle"]) * zoom
				t.Logf("%s: layout %vpx, zoom %.3f (visualViewport.scale %.3f): text %.1fpx, title %.1fpx, buttons %.1fpx tall, as seen",
					c.name, m["layout"], zoom, m["vv"], font, m["title"]*zoom, btn)
				if font < 14 {
					t.Errorf("%s: the banner's text reads at %.1fpx, want at least 14", c.name, font)
				}
				if btn < 44 {
					t.Errorf("%s: buttons %.1fpx tall as seen, want at least 44", c.name, btn)
				}
				if n := js[int](t, ctx, `document.querySelectorAll('meta[name=viewport]').length`); n != map[bool]int{true: 1, false: 0}[c.layout == 390] {
					t.Errorf("%d viewport metas on the page", n)
				}
			}
		})
	}
}
