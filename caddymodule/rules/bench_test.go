package rules

import (
	"bytes"
	"testing"
)

var benchCookies = []string{
	"PHPSESSID", "_ga", "_ga_Q1W2E3R4", "_gid", "_fbp", "wordpress_logged_in_0123abcdef",
	"_pk_id.1.1fff", "_hjSessionUser_123456", "lang", "my_app_pref", "XSRF-TOKEN", "_myapp_session",
}

func BenchmarkCookieCategory(b *testing.B) {
	s := mustCompile(b, Options{Essential: []string{"cookie_consent"}})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.CookieCategory(benchCookies[i%len(benchCookies)])
	}
}

var benchURLs = [][]byte{
	[]byte("https://www.google-analytics.com/analytics.js"),
	[]byte("//www.googletagmanager.com/gtm.js?id=GTM-XXXX"),
	[]byte("https://connect.facebook.net/en_US/fbevents.js"),
	[]byte("/wp-content/themes/site/js/main.min.js?ver=6.4.2"),
	[]byte("https://cdn.example.com/assets/images/logo-2x.png"),
	[]byte("js/vendor/jquery-3.3.1.min.js"),
	[]byte("/matomo/piwik.js"),
	[]byte("https://fonts.googleapis.com/css2?family=PT+Serif"),
}

func BenchmarkURLVendor(b *testing.B) {
	s := mustCompile(b, Options{})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.URLVendor(benchURLs[i%len(benchURLs)], "www.example.com")
	}
}

// oddURLs are spellings a browser rewrites before fetching, which take the
// slow path: a copy, and for IDNA an allocation or more.
var oddURLs = [][]byte{
	[]byte("https://WWW.Google-Analytics.COM/analytics.js"),
	[]byte("https://www.google%2Danalytics.com/analytics.js"),
	[]byte("https://www\u3002google-analytics.com/analytics.js"),
	[]byte("/wp-content/themes/../plugins/matomo/./piwik.js"),
	[]byte("ht\ntps://connect.facebook.net/en_US/fbevents.js"),
	[]byte("http://0x7f.1/stats/t.js"),
}

func BenchmarkURLVendorOdd(b *testing.B) {
	s := mustCompile(b, Options{})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.URLVendor(oddURLs[i%len(oddURLs)], "www.example.com")
	}
}

// BenchmarkInlineVendor reads a full lookahead of ordinary site code, the
// common case: no vendor, every byte examined.
func BenchmarkInlineVendor(b *testing.B) {
	s := mustCompile(b, Options{})
	code := bytes.Repeat([]byte(`jQuery(function($){ $('.menu a').on('click', function(e){ e.preventDefault(); $(this).toggleClass("open"); }); });`+"\n"), 64)[:InlineLookahead]
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := s.InlineVendor(code); ok {
			b.Fatal("site code matched")
		}
	}
}

// BenchmarkInlineVendorShort reads a one-line script, the most common
// inline script: the cost per script matters more than the cost per byte.
func BenchmarkInlineVendorShort(b *testing.B) {
	s := mustCompile(b, Options{})
	code := []byte(`document.documentElement.className += " js";`)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := s.InlineVendor(code); ok {
			b.Fatal("site code matched")
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(Options{Essential: []string{"cookie_consent"}}); err != nil {
			b.Fatal(err)
		}
	}
}
