package caddymodule

import "testing"

// BenchmarkCountingPerPage is what counting adds to one page view of the
// benchmark's 20 KB page: the page view, three Set-Cookie lines and the
// seventeen trackers held back in it. Compare with BenchmarkServeHTML.
func BenchmarkCountingPerPage(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		counts.pageViews[stateUndecided].Add(1)
		counts.countCookie("PHPSESSID", "necessary", "php", false)
		counts.countCookie("_ga", "analytics", "google-analytics", true)
		counts.countCookie("_gid", "analytics", "google-analytics", true)
		p := pagePolicy{}
		for range 17 {
			p.sighted("www.googletagmanager.com", "analytics", "google-analytics", true)
			p.neutralised("google-analytics", "analytics")
		}
	}
}
