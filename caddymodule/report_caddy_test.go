package caddymodule

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"testing"
)

// countsSnapshot is what the counters hold, as text per key.
func countsSnapshot() map[string]string {
	out := map[string]string{}
	for i := range counts.pageViews {
		out[fmt.Sprint("views ", i)] = fmt.Sprint(counts.pageViews[i].Load())
	}
	for name, inv := range map[string]*inventory{"cookie": &counts.cookies, "tracker": &counts.trackers} {
		inv.each(func(key string, e *inventoryEntry) {
			out[name+" "+key] = fmt.Sprintf("%s %d/%d", e.Category, e.heldBack.Load(), e.seen.Load())
		})
	}
	return out
}

// mode report changes nothing in responses, and counts what enforce does.
func TestCaddyReportModeChangesNothingCountsAll(t *testing.T) {
	paths := []string{"/page", "/large", "/pieces", "/csp-strict"}
	upstream := htmlUpstream(t)
	run := func(mode string) (map[string]string, map[string]string) {
		counts.cookies.reset()
		counts.trackers.reset()
		for i := range counts.pageViews {
			counts.pageViews[i].Store(0)
		}
		tester := startCaddy(t, upstream, "mode "+mode, "")
		bodies := map[string]string{}
		for _, path := range paths {
			resp, body := getPage(t, tester.Client, "GET", path, nil)
			bodies[path] = fmt.Sprint(resp.StatusCode, resp.Header.Values("Set-Cookie"), resp.Header.Get("Content-Length"), resp.Header.Get("ETag"), "\n", body)
		}
		return bodies, countsSnapshot()
	}
	enforced, enforceCounts := run("enforce")
	reported, reportCounts := run("report")
	if !maps.Equal(enforceCounts, reportCounts) {
		t.Errorf("report counted\n%v\nenforce counted\n%v", reportCounts, enforceCounts)
	}
	if len(reportCounts) < 4 {
		t.Errorf("too little counted to compare: %v", reportCounts)
	}
	for _, path := range paths {
		req, _ := http.NewRequest("GET", upstream.URL+path, nil)
		req.Header.Set("Accept", "text/html")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := fmt.Sprint(resp.StatusCode, resp.Header.Values("Set-Cookie"), resp.Header.Get("Content-Length"), resp.Header.Get("ETag"), "\n", string(body))
		if reported[path] != want {
			t.Errorf("%s in report mode differs from the upstream's:\n%.300s\nwant\n%.300s", path, reported[path], want)
		}
		if enforced[path] == want {
			t.Errorf("%s: enforce changed nothing either; the comparison proves nothing", path)
		}
	}
}
