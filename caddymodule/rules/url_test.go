package rules

import (
	"strings"
	"testing"
)

// urlSpellings are URLs that a browser reads as a tracker's, with the
// request Chromium makes for them on an http(s) page of example.com, per the
// URL Standard (in the manner of web-platform-tests' urltestdata.json).
// want is the vendor, UnparsedVendor for a URL held back as unreadable, or
// "" for no rule, nothingFetched where the parser fails.
// nothingFetched is no rule: the parser fails on the URL, and a browser
// fetches nothing.
const nothingFetched = ""

var urlSpellings = []struct {
	url, want string
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
	{"https://exa\nmple.com/stats/" + strings.Repeat("x", 3000), "own-stats"},   // long

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
	{"https:", nothingFetched},         // http page: no host, which the parser rejects
	{"https:?x", nothingFetched},       // likewise
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
	{"https://user@/analytics.js", nothingFetched}, // no host: the parser fails
	{"https://a@", nothingFetched},

	// Host and port states.
	{"https://www.google-analytics.com:/analytics.js", "google-analytics"},
	{"https://www.google-analytics.com:00443/analytics.js", "google-analytics"},
	{"https://www.google-analytics.com:65535/analytics.js", "google-analytics"},
	{"https://www.google-analytics.com:65536/analytics.js", nothingFetched}, // the parser fails
	{"https://www.google-analytics.com:44x/analytics.js", nothingFetched},
	{"https://www.google-analytics.com:443:443/analytics.js", nothingFetched},
	{"https://:443/stats/t.js", nothingFetched},
	{"https://example.com:8443/stats/t.js", "own-stats"},

	// §3.5 host parsing: the host is percent-decoded, then mapped by UTS #46.
	{"https://www.google%2Danalytics.com/analytics.js", "google-analytics"}, // www.google-analytics.com
	{"https://%77ww.google-analytics.com/analytics.js", "google-analytics"},
	{"https://www.google-analytics.co%6D/analytics.js", "google-analytics"},
	{"https://www%2egoogle-analytics.com/analytics.js", "google-analytics"},
	{"https://www%E3%80%82google-analytics.com/", "google-analytics"},                            // U+3002, escaped
	{"https://www\u3002google-analytics.com/analytics.js", "google-analytics"},                   // ideographic full stop
	{"https://www\uff0egoogle-analytics\uff0ecom/", "google-analytics"},                          // full-width full stop
	{"https://www\uff61google-analytics.com/", "google-analytics"},                               // half-width ideographic full stop
	{"https://www.google-ana\u00adlytics.com/", "google-analytics"},                              // soft hyphen: ignored
	{"https://www.google-analytics.com\u200b/", "google-analytics"},                              // zero width space: ignored
	{"https://\uff57\uff57\uff57.\uff47oogle-analytics.\uff23\uff2f\uff2d/", "google-analytics"}, // full-width letters
	{"https://WWW.GOOGLE-ANALYTICS.COM/", "google-analytics"},
	{"https://\u05d0.google-analytics.com/", "google-analytics"}, // a right-to-left label passes the Bidi rule
	{"https://www.google-analytics.com%2F/", nothingFetched},     // "/" is a forbidden domain code point
	{"https://www.google-analytics.com%zz/", nothingFetched},     // so is "%"
	{"https://www.google-analytics.com%00/", nothingFetched},
	{"https://www.google-analytics.com%ff/", UnparsedVendor},    // not UTF-8
	{"https://xn--zz.google-analytics.com/", UnparsedVendor},    // bad Punycode: IDNA fails
	{"https://a\u200db.google-analytics.com/", UnparsedVendor},  // ZWJ out of context (CheckJoiners)
	{"https://1\u05d0.google-analytics.com/", UnparsedVendor},   // Bidi rule
	{"https://www.google-analytics.com\u2024/", UnparsedVendor}, // disallowed in UTS #46
	{"https://www.google-analytics.com\uff0f/", nothingFetched}, // full-width "/" maps to a forbidden "/"

	// ASCII beyond letters and digits stays in a host (UseSTD3ASCIIRules
	// false); a rule still names its parent domains.
	{"https://x_y.google-analytics.com/", "google-analytics"},
	{"https://x!y$z{}~.google-analytics.com/", "google-analytics"},
	{"https://-x-.google-analytics.com/", "google-analytics"}, // CheckHyphens false
	{"https://x<y.google-analytics.com/", nothingFetched},
	{"https://x^y.google-analytics.com/", nothingFetched},
	{"https://x|y.google-analytics.com/", nothingFetched},

	// Dots: a trailing one is the same name to DNS, and empty labels leave
	// the parent domains.
	{"https://www.google-analytics.com./analytics.js", "google-analytics"},
	{"https://www.google-analytics.com../analytics.js", "google-analytics"},
	{"https://www..google-analytics.com/", "google-analytics"},
	{"https://.google-analytics.com/", "google-analytics"},
	{"https://./stats/t.js", UnparsedVendor},
	{"https://" + strings.Repeat("a", maxHostLen-len(".google-analytics.com")) + ".google-analytics.com/", "google-analytics"},
	{"https://" + strings.Repeat("a", maxHostLen-len(".google-analytics.com")+1) + ".google-analytics.com/", UnparsedVendor},

	// IPv4 in every form the IPv4 parser takes.
	{"http://10.0.0.256/stats/t.js", nothingFetched},
	{"http://10.0.0.5.6/stats/t.js", nothingFetched},
	{"http://10.0.0.09/stats/t.js", nothingFetched},
	{"http://www.google-analytics.123/", nothingFetched},
	{"http://www.google-analytics.0x/", nothingFetched},
	{"http://www.google-analytics.com.0x1g/", ""}, // a domain: "0x1g" is no number

	// IPv6, serialised as §3.6 does.
	{"http://[::1%25eth0]/stats/t.js", nothingFetched},
	{"http://[1.2.3.4]/stats/t.js", nothingFetched},
	{"http://[::1]x/stats/t.js", nothingFetched},
	{"http://[::1]:80:80/stats/t.js", nothingFetched},

	// §4.4 path state: "\" is "/", dot segments (also "%2e") resolved;
	// then escapes of unreserved characters decoded, as servers do.
	{"/a/../stats/t.js", "own-stats"}, // example.com /stats/t.js
	{"/./stats/t.js", "own-stats"},
	{"/stats/./t.js", "own-stats"},
	{"/x/y/../../stats/t.js", "own-stats"},
	{"/../stats/t.js", "own-stats"},
	{"/.%2e/stats/t.js", "own-stats"},
	{"/a/%2E%2E/stats/t.js", "own-stats"},
	{"/a/%2e./stats/t.js", "own-stats"},
	{"/%2e/stats/t.js", "own-stats"},
	{"/stats/%2e%2e/t.js", ""}, // example.com /t.js
	{"/stats/..", ""},          // example.com /
	{"/stats/...", "own-stats"},
	{"/stats/.../..", "own-stats"}, // example.com /stats/
	{`\stats\t.js`, "own-stats"},   // example.com /stats/t.js
	{`/stats\t.js`, "own-stats"},
	{`https://example.com\stats\t.js`, "own-stats"},
	{"/.//stats/t.js", "own-stats"},     // example.com //stats/t.js, which servers read as /stats/t.js
	{"/x/..//stats//t.js", "own-stats"}, // likewise
	{"/a//../stats/t.js", ""},           // example.com /a/stats/t.js: ".." takes the empty segment
	{"/st%61ts/t.js", "own-stats"},      // the server reads /stats/t.js
	{"/%73tats/t.js", "own-stats"},
	{"/stats%2Ft.js", ""}, // "%2F" is no "/" to most servers
	{"/stats/%74.js", "own-stats"},
	{"https://www.googletagmanager.com/x/../gtm.js?id=GTM-1", "google-tag-manager"},
	{"https://www.googletagmanager.com/%67tm.js?id=GTM-1", "google-tag-manager"},
	{`https://www.googletagmanager.com\gtag\.\js?id=G-1`, "google-analytics"},
	{"js/../piwik.js", "matomo"},
	{"../../piwik.js", "matomo"},
	{"./piwik.js", "matomo"},
	{`js\piwik.js`, "matomo"},
	{"pi%77ik.js", "matomo"},
	{"piwik.js/..", ""},
	{"/matomo/piwik.js/.", ""},
	{"/stats/" + strings.Repeat("x", 3000), "own-stats"},   // long, and needs no rewriting
	{"/./stats/" + strings.Repeat("x", 3000), "own-stats"}, // long, and needs rewriting
	{"x/../" + strings.Repeat("x", 3000) + "/piwik.js", "matomo"},
}

// pageHostSpellings are URLs on the page's own host, spelled otherwise than
// the Host header a browser sends (the host as serialised, §3.6), so that
// first-party rules apply.
var pageHostSpellings = []struct {
	url, page, want string
}{
	{"https://b\u00fccher.example/stats/t.js", "xn--bcher-kva.example", "own-stats"},
	{"https://B\u00dcCHER.example/stats/t.js", "xn--bcher-kva.example", "own-stats"},
	{"https://xn--bcher-kva.example/stats/t.js", "XN--BCHER-KVA.example", "own-stats"},
	{"https://b\u00fccher.example/stats/t.js", "example", ""},

	// IPv4 in every form the IPv4 parser takes.
	{"http://10.0.0.5/stats/t.js", "10.0.0.5", "own-stats"},
	{"http://0x0a.0.0.5/stats/t.js", "10.0.0.5", "own-stats"},
	{"http://012.0.0.05/stats/t.js", "10.0.0.5", "own-stats"},
	{"http://10.5/stats/t.js", "10.0.0.5", "own-stats"},
	{"http://167772165/stats/t.js", "10.0.0.5:80", "own-stats"},
	{"http://0XA000005./stats/t.js", "10.0.0.5", "own-stats"},
	{"http://\uff11\uff10.0.0.5/stats/t.js", "10.0.0.5", "own-stats"}, // full-width digits
	{"http://10.0.0.6/stats/t.js", "10.0.0.5", ""},

	// IPv6, serialised as §3.6 does.
	{"http://[0:0:0:0:0:0:0:1]:8443/stats/t.js", "[::1]:8443", "own-stats"},
	{"http://[::FFFF:127.0.0.1]/stats/t.js", "[::ffff:7f00:1]", "own-stats"},
	{"http://[1:0:0:2:0:0:0:3]/stats/t.js", "[1:0:0:2::3]", "own-stats"},
	{"http://[1:0:0:2:0:0:3:4]/stats/t.js", "[1::2:0:0:3:4]", "own-stats"},
	{"http://[1::]/stats/t.js", "[1::]", "own-stats"},
	{"http://[::2]/stats/t.js", "[::1]", ""},
}

func TestURLSpellings(t *testing.T) {
	s := mustCompile(t, Options{Site: []Vendor{
		{Name: "own-stats", Category: Analytics, Hosts: []string{"/stats/*"}},
	}})
	check := func(url, page, want string) {
		t.Helper()
		vendor, cat, ok := s.URLVendor([]byte(url), page)
		if vendor != want || ok != (want != "") || want == UnparsedVendor && cat != Unclassified {
			t.Errorf("URLVendor(%q, %q) = %q, %q, %v; want %q", url, page, vendor, cat, ok, want)
		}
	}
	for _, tt := range urlSpellings {
		check(tt.url, "example.com", tt.want)
	}
	for _, tt := range pageHostSpellings {
		check(tt.url, tt.page, tt.want)
	}
}

func TestAppendURLHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://WWW.Example.COM./x":                "www.example.com",
		"//cdn.example.net/a.js":                    "cdn.example.net",
		"ht\ttps://tra\ncker.example/p":             "tracker.example",
		"https:\\\\evil.example\\x":                 "evil.example",
		"https://user@www.google%2Danalytics.com/x": "www.google-analytics.com",
		"https://tracker\u3002example/x":            "tracker.example",
		"/local/path":                               "",
		"img/a.png":                                 "",
		"data:image/png;base64,AAAA":                "",
		"https://":                                  "",
		"javascript:alert(1)":                       "",
	} {
		if got := string(AppendURLHost(nil, []byte(in))); got != want {
			t.Errorf("AppendURLHost(%q) = %q, want %q", in, got, want)
		}
	}
}
