package caddymodule

import "testing"

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
