package caddymodule

import (
	"net/http"
	"strings"
	"testing"
)

func TestSameSite(t *testing.T) {
	for _, tc := range []struct {
		host, page string
		want       bool
	}{
		{"shop.example.com", "shop.example.com", true},
		{"cdn.example.com", "www.example.com", true},
		{"example.co.uk", "www.example.co.uk", true},
		{"tracker.example", "shop.example.com", false},
		{"badexample.com", "www.example.com", false},
		{"a.github.io", "b.github.io", false}, // a public suffix: two sites
		{"127.0.0.1", "shop.example", false},
		{"1.0.0.1", "127.0.0.1", false},
	} {
		p := pagePolicy{host: tc.page}
		if got := p.sameSite([]byte(tc.host)); got != tc.want {
			t.Errorf("sameSite(%q) on %q = %v, want %v", tc.host, tc.page, got, tc.want)
		}
	}
}

func TestPageKindOf(t *testing.T) {
	type want struct {
		kind  pageKind
		sniff bool
	}
	for _, tc := range []struct {
		lines []string
		want  want
	}{
		{[]string{"text/html"}, want{htmlPage, false}},
		{[]string{"TEXT/HTML;charset=ISO-8859-1"}, want{htmlPage, false}},
		{[]string{" text/html ; q=1"}, want{htmlPage, false}},
		{[]string{"text/htmlx"}, want{notPage, false}},
		{[]string{"text/html-sandboxed"}, want{notPage, false}},
		{[]string{"text/plain; note=text/html"}, want{notPage, false}},
		{[]string{"application/xhtml+xml"}, want{xmlPage, false}},
		{[]string{"image/svg+xml"}, want{xmlPage, false}},
		{[]string{"image/png"}, want{notPage, false}},
		{nil, want{notPage, true}},
		{[]string{""}, want{notPage, true}},
		{[]string{"*/*"}, want{notPage, true}},
		{[]string{"unknown/unknown"}, want{notPage, true}},
		{[]string{"application/unknown"}, want{notPage, true}},
		{[]string{"nonsense"}, want{notPage, true}},
		// Fetch: the last valid value of all the lines wins.
		{[]string{"image/png", "text/html"}, want{htmlPage, false}},
		{[]string{"text/html", "image/png"}, want{notPage, false}},
		{[]string{"text/plain, text/html"}, want{htmlPage, false}},
		{[]string{"text/html", "*/*"}, want{htmlPage, false}},
		{[]string{"text/html, bogus"}, want{htmlPage, false}},
	} {
		kind, sniff, _ := pageKindOf(http.Header{"Content-Type": tc.lines})
		if got := (want{kind, sniff}); got != tc.want {
			t.Errorf("pageKindOf(%q) = %+v, want %+v", tc.lines, got, tc.want)
		}
	}
}

func TestAsciiCompatible(t *testing.T) {
	for name, want := range map[string]bool{
		"utf-8":        true,
		"windows-1252": true,
		"shift_jis":    true,
		"utf-16le":     false,
		"UTF-16BE":     false,
		"iso-2022-jp":  false,
		"replacement":  false,
	} {
		if got := asciiCompatible(name); got != want {
			t.Errorf("asciiCompatible(%q) = %v, want %v", name, got, want)
		}
	}
}

// Counts come from outcomes: an element held back counts once per tracker
// it names, however many of its URLs name it; an element that cannot be
// read whole is held back for good and counted as unenforced, by reason.
func TestCountsFromOutcomes(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	counts.trackers.reset()
	tooLong := counts.unenforced[unenforcedTagTooLong].Load()
	page := `<html><body><img src="https://www.facebook.com/tr?a" srcset="https://www.facebook.com/tr?1 1x, https://www.facebook.com/tr?2 2x">` +
		`<script data-x="` + strings.Repeat("x", 70<<10) + `" src="https://cdn.unknown.example/a.js"></script></body></html>`
	out := string(rewritePage(t, h, []byte(page), consentState{Accepted: 1}, 0))
	e, ok := counts.trackers.entries.Load("www.facebook.com")
	if !ok {
		t.Fatalf("the pixel's host is not in the inventory")
	}
	if seen, held := e.(*inventoryEntry).seen.Load(), e.(*inventoryEntry).heldBack.Load(); seen != 3 || held != 1 {
		t.Errorf("one <img> with three pixel URLs: referenced %d, neutralised %d; want 3 and 1", seen, held)
	}
	if got := counts.unenforced[unenforcedTagTooLong].Load() - tooLong; got != 1 || !strings.Contains(out, `data-cookie-consent="(never)"`) {
		t.Errorf("a 70 KiB script tag: %d counted as tag_too_long, held for good: %v", got, strings.Contains(out, "(never)"))
	}
}

// An inline tracker snippet after a site's own code, up to 64 KiB in, is
// judged and held back.
func TestInlineTrackerDeepInAScript(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	for _, at := range []int{10 << 10, 60 << 10} {
		page := "<html><body><script>" + strings.Repeat("var siteCode = 1;\n", at/18) +
			"!function(f,b,e,v,n,t,s){n=f.fbq=function(){};t=b.createElement(e);t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init', '1');</script></body></html>"
		out := string(rewritePage(t, h, []byte(page), consentState{Accepted: 1}, 7))
		if !strings.Contains(out, `<script type="text/plain" data-cookie-consent="marketing"`) {
			t.Errorf("a pixel snippet %d KiB into a script is not held back", at>>10)
		}
	}
}
