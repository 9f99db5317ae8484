package rules

import (
	"strings"
	"testing"
)

// urlSpellings are URLs that a browser reads as a tracker's, with the
// request Chromium makes for them on an http(s) page of example.com, per the
// URL Standard (in the manner of web-platform-tests' urltestdata.json).
// want is the vendor, UnparsedVendor for a URL held back as unreadable, or
// "" for no rule.
var urlSpellings = []struct {
	url  string
	want string
}{
	// §4.4 step 1: C0 controls and spaces around the URL go.
	{"\x00\x1f https://www.google-analytics.com/analytics.js\x0c ", "google-analytics"},

	// §4.4 step 3: every tab and newline goes, wherever it is.
	{"ht\ntps://www.google-analytics.com/analytics.js", "google-analytics"},     // www.google-analytics.com /analytics.js
	{"h\tt\rt\np\ts://www.google-analytics.com/", "google-analytics"},           // www.google-analytics.com /
	{"https:/\t/www.google-analytics.com/analytics.js", "google-analytics"},     // www.google-analytics.com /analytics.js
	{"https:\n//www.google-analytics.com/analytics.js", "google-analytics"},     // www.google-analytics.com /analytics.js
	{"/\r\n/www.google-analytics.com/analytics.js", "google-analytics"},         // www.google-analytics.com /analytics.js
	{"https://www.google-\nanalytics.com/analytics.js", "google-analytics"},     // www.google-analytics.com /analytics.js
	{"https://www.google-analytics.com:4\t43/analytics.js", "google-analytics"}, // www.google-analytics.com:443
	{"/st\tats/t.js", "own-stats"},                                              // example.com /stats/t.js
	{"java\nscript:fbq('init', '1234')", "meta-pixel"},                          // code
	{"javascript:f\nbq('init', '1234')", "meta-pixel"},                          // code
	{"https://exa\nmple.com/" + strings.Repeat("x", maxURLLen), UnparsedVendor}, // too long to rewrite

	// Special authority (ignore) slashes states: any run of slashes and
	// backslashes before the host.
	{`https:\\www.google-analytics.com\analytics.js`, "google-analytics"}, // www.google-analytics.com /analytics.js
	{"https:////www.google-analytics.com/analytics.js", "google-analytics"},
	{`https:/\www.google-analytics.com/analytics.js`, "google-analytics"},
	{`\\www.google-analytics.com/analytics.js`, "google-analytics"},
	{`/\www.google-analytics.com/analytics.js`, "google-analytics"},
	{`\/www.google-analytics.com`, "google-analytics"},
	{"///www.google-analytics.com/analytics.js", "google-analytics"},

	// Fewer than two slashes after the scheme: a host on a page of the other
	// scheme, relative on a page of the same scheme. Both are tried.
	{"https:www.google-analytics.com/analytics.js", "google-analytics"}, // http page: www.google-analytics.com /analytics.js
	{"http:/www.google-analytics.com/analytics.js", "google-analytics"}, // https page: www.google-analytics.com /analytics.js
	{`https:\www.google-analytics.com/analytics.js`, "google-analytics"},
	{"https:/stats/t.js", "own-stats"}, // https page: example.com /stats/t.js
	{"https:stats/t.js", ""},           // https page: below the page's directory; http page: stats /t.js
	{"https:", UnparsedVendor},         // http page: no host, which the parser rejects
	{"https:?x", UnparsedVendor},       // likewise
	{"HTTP:www.google-analytics.com", "google-analytics"},

	// Schemes: only http(s) is fetched; anything else that is not a scheme
	// is a relative path.
	{"wss://www.google-analytics.com/analytics.js", ""},
	{"localhost:8080/stats/t.js", ""},                         // scheme "localhost:"
	{"1http://www.google-analytics.com/analytics.js", ""},     // example.com /1http://www.google-analytics.com/... (below the page)
	{"+https://www.google-analytics.com/analytics.js", ""},    // likewise
	{"/www.google-analytics.com/analytics.js", ""},            // example.com /www.google-analytics.com/analytics.js
	{"https.://www.google-analytics.com/analytics.js", ""},    // scheme "https."
	{"https\x00://www.google-analytics.com/analytics.js", ""}, // a path below the page

	// Authority state: userinfo up to the last "@", which a "\" ends.
	{"https://a@b@www.google-analytics.com/analytics.js", "google-analytics"},
	{"https://example.com@www.google-analytics.com/", "google-analytics"},
	{"https://user:pw:x@www.google-analytics.com/", "google-analytics"},
	{"https://@www.google-analytics.com/", "google-analytics"},
	{`https://www.google-analytics.com\@example.com/`, "google-analytics"}, // www.google-analytics.com /@example.com/
	{"https://www.google-analytics.com@example.com/stats/t.js", "own-stats"},
	{"https://user@/analytics.js", UnparsedVendor}, // no host: the parser fails
	{"https://a@", UnparsedVendor},

	// Host and port states.
	{"https://www.google-analytics.com:/analytics.js", "google-analytics"},
	{"https://www.google-analytics.com:00443/analytics.js", "google-analytics"},
	{"https://www.google-analytics.com:65535/analytics.js", "google-analytics"},
	{"https://www.google-analytics.com:65536/analytics.js", UnparsedVendor}, // the parser fails
	{"https://www.google-analytics.com:44x/analytics.js", UnparsedVendor},
	{"https://www.google-analytics.com:443:443/analytics.js", UnparsedVendor},
	{"https://:443/stats/t.js", UnparsedVendor},
	{"https://example.com:8443/stats/t.js", "own-stats"},
}

func TestURLSpellings(t *testing.T) {
	s := mustCompile(t, Options{Site: []Vendor{
		{Name: "own-stats", Category: Analytics, Hosts: []string{"/stats/*"}},
	}})
	for _, tt := range urlSpellings {
		vendor, cat, ok := s.URLVendor([]byte(tt.url), "example.com")
		if vendor != tt.want || ok != (tt.want != "") || tt.want == UnparsedVendor && cat != Unclassified {
			t.Errorf("URLVendor(%q) = %q, %q, %v; want %q", tt.url, vendor, cat, ok, tt.want)
		}
	}
}
