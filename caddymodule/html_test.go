package caddymodule

import (
	"net/http"
	"testing"
)

func TestURLHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://WWW.Google-Analytics.com/analytics.js": "www.google-analytics.com",
		"//connect.facebook.net/en_US/fbevents.js":      "connect.facebook.net",
		"http://user@stats.example:8080/p?x=//y":        "stats.example",
		"/matomo/piwik.js":                              "shop.example",
		"piwik.js?u=//evil":                             "shop.example",
		"https://[::1]:443/x":                           "[::1]",
		"https://host.example":                          "host.example",
	} {
		if got := urlHost([]byte(in), "shop.example"); got != want {
			t.Errorf("urlHost(%q) = %q, want %q", in, got, want)
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
