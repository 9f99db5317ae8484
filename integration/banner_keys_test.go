package integration

// Consent needs an affirmative act: every way a keyboard can submit the
// banner's form records exactly what the visitor chose, with JavaScript on
// (banner.js posts with fetch) and off (the plain form posts). Enter in a
// checkbox submits the form implicitly, through its first enabled submit
// button (HTML §4.10.21.2); that must never be "Accept all".

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyPath is one way to decide by keyboard: optionally tick a category
// with Space, then press a key on a focused element.
type keyPath struct {
	name  string
	tick  string // category to tick with Space first, or ""
	focus string // element that gets the final key press
	key   string
	want  []string // categories the decision must hold
}

func keyPaths(categories []string) []keyPath {
	cat := func(name string) string { return `#cookie-consent-cat-` + name }
	paths := []keyPath{
		{name: "Enter on Accept all", focus: selAcceptAll, key: kb.Enter, want: append([]string{"necessary"}, categories...)},
		{name: "Space on Accept all", focus: selAcceptAll, key: " ", want: append([]string{"necessary"}, categories...)},
		{name: "Enter on Reject all", focus: selRejectAll, key: kb.Enter, want: []string{"necessary"}},
		{name: "Space on Reject all", focus: selRejectAll, key: " ", want: []string{"necessary"}},
		{name: "Enter on Save with nothing ticked", focus: selSave, key: kb.Enter, want: []string{"necessary"}},
		{name: "Enter in an unticked checkbox", focus: cat(categories[0]), key: kb.Enter, want: []string{"necessary"}},
	}
	for _, c := range categories {
		paths = append(paths,
			keyPath{name: "Enter in the ticked " + c + " checkbox", tick: c, focus: cat(c), key: kb.Enter, want: []string{"necessary", c}},
			keyPath{name: "Enter on Save with " + c + " ticked", tick: c, focus: selSave, key: kb.Enter, want: []string{"necessary", c}},
			keyPath{name: "Space on Save with " + c + " ticked", tick: c, focus: selSave, key: " ", want: []string{"necessary", c}},
		)
	}
	return paths
}

func TestBrowserKeyboardRecordsOnlyWhatWasChosen(t *testing.T) {
	for _, jsOn := range []bool{true, false} {
		mode := map[bool]string{true: "JavaScript on", false: "JavaScript off"}[jsOn]
		t.Run(mode, func(t *testing.T) {
			site, ctx := startBrowserTest(t)
			if !jsOn {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatal(err)
				}
			}
			open(t, ctx, site.url+"/plain.html")
			// The optional categories, in the order the form lists them.
			categories := js[[]string](t, ctx, `[].filter.call(document.querySelectorAll('input[name=category]'), function(i){return !i.disabled}).map(function(i){return i.value})`)
			if len(categories) < 2 {
				t.Fatalf("the banner offers %q: too few categories to test", categories)
			}
			for _, p := range keyPaths(categories) {
				if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
					t.Fatal(err)
				}
				if st := site.consentState(t, ctx); st.Decided {
					t.Fatalf("%s: decided before anything was pressed: %+v", p.name, st)
				}
				open(t, ctx, site.url+"/plain.html")
				do(t, ctx, p.name+": open the categories",
					chromedp.WaitVisible(chromedp.CSS(selCustomize)),
					chromedp.Click(chromedp.CSS(selCustomize)),
					chromedp.WaitVisible(chromedp.CSS(`#cookie-consent-cat-`+categories[0])),
				)
				if p.tick != "" {
					do(t, ctx, p.name+": tick "+p.tick, chromedp.Focus(chromedp.CSS(`#cookie-consent-cat-`+p.tick)), chromedp.KeyEvent(" "))
				}
				do(t, ctx, p.name, chromedp.Focus(chromedp.CSS(p.focus)), chromedp.KeyEvent(p.key))
				st := waitDecided(t, ctx, site)
				if !st.Decided || !slices.Equal(st.Categories, p.want) {
					t.Errorf("%s: recorded %+v, want the categories %q", p.name, st, p.want)
				}
			}
		})
	}
}

// waitDecided polls the endpoint, with the browser's cookies, until the
// visitor's decision has been stored (or a few seconds have passed).
func waitDecided(t *testing.T, ctx context.Context, site *browserSite) consentStateJSON {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := site.consentState(t, ctx)
		if st.Decided || time.Now().After(deadline) {
			return st
		}
		time.Sleep(50 * time.Millisecond)
	}
}
