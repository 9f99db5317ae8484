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

func TestMediaTypeIs(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html":                      true,
		"text/html; charset=utf-8":       true,
		"TEXT/HTML;charset=ISO-8859-1":   true,
		" text/html ; q=1":               true,
		"text/htmlx":                     false,
		"text/html-sandboxed":            false,
		"application/xhtml+xml":          false,
		"":                               false,
		"text/plain; note=text/html":     false,
		"multipart/byteranges; boundary": false,
	} {
		if got := mediaTypeIs(ct, "text/html"); got != want {
			t.Errorf("mediaTypeIs(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestAsciiCompatible(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html":                                      true,
		"text/html; charset=utf-8":                       true,
		"text/html; charset=ISO-8859-1":                  true,
		`text/html; charset="windows-1252"`:              true,
		"text/html; charset=utf-16le":                    false,
		"text/html;CHARSET=UTF-16":                       false,
		`text/html; charset="UTF-32BE"`:                  false,
		"text/html; charset = iso-2022-jp":               false,
		"text/html; q; charset=utf-16":                   false, // a malformed parameter first
		"text/html; foo=\"a\"; charset=hz-gb-2312":       false,
		`text/html; x="a;charset=utf-16"; charset=utf-8`: true, // a ';' inside quotes
	} {
		h := http.Header{"Content-Type": {ct}}
		if got := asciiCompatible(h); got != want {
			t.Errorf("asciiCompatible(%q) = %v, want %v", ct, got, want)
		}
	}
}
