package caddymodule

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// unknownHostsPage references ten third-party hosts no rule knows, one per
// kind of fetching element, and the page's own host written in full.
func unknownHostsPage() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head>")
	for i, tag := range []string{
		`<script src="https://h%d.unknown-vendor.example/a.js"></script>`,
		`<link rel="preload" as="script" href="https://h%d.unknown-vendor.example/b.js">`,
		`<img src="https://h%d.unknown-vendor.example/c.png">`,
		`<iframe src="https://h%d.unknown-vendor.example/d.html"></iframe>`,
		`<video poster="https://h%d.unknown-vendor.example/e.jpg"></video>`,
		`<audio src="https://h%d.unknown-vendor.example/f.mp3"></audio>`,
		`<embed src="https://h%d.unknown-vendor.example/g.swf">`,
		`<object data="https://h%d.unknown-vendor.example/h.pdf"></object>`,
		`<picture><source srcset="https://h%d.unknown-vendor.example/i.webp 1x"></picture>`,
		`<input type="image" src="https://h%d.unknown-vendor.example/j.png">`,
	} {
		fmt.Fprintf(&b, tag, i)
		if i == 0 {
			b.WriteString("</head><body>")
		}
	}
	b.WriteString(`<img src="http://localhost:9080/logo.png"></body></html>`)
	return b.String()
}

func TestCaddyUnknownHosts(t *testing.T) {
	page := unknownHostsPage()
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	}))
	t.Cleanup(upstream.Close)
	for _, mode := range []string{"allow", "block"} {
		counts.trackers.reset()
		tester := startCaddy(t, upstream, "unknown_hosts "+mode, "")
		_, raw := getPage(t, tester.Client, "GET", "/", nil)
		body := markedBlock.ReplaceAllString(raw, "")

		inv := getAdminJSON[inventoryJSON](t, "/cookie-consent/inventory")
		listed := map[string]trackerJSON{}
		for _, tr := range inv.Trackers {
			listed[tr.Host] = tr
		}
		for i := range 10 {
			host := fmt.Sprintf("h%d.unknown-vendor.example", i)
			tr, ok := listed[host]
			if !ok || tr.Classified || tr.Category != "unclassified" || tr.Referenced != 1 {
				t.Errorf("unknown_hosts %s: %s in the inventory as %+v (listed %v)", mode, host, tr, ok)
			}
			if want := map[string]uint64{"allow": 0, "block": 1}[mode]; tr.Neutralised != want {
				t.Errorf("unknown_hosts %s: %s neutralised %d times, want %d", mode, host, tr.Neutralised, want)
			}
			live := strings.Contains(body, `="https://`+host) && !strings.Contains(body, `-`+`src="https://`+host) &&
				!strings.Contains(body, `-srcset="https://`+host) && !strings.Contains(body, `-href="https://`+host) &&
				!strings.Contains(body, `-poster="https://`+host) && !strings.Contains(body, `-data="https://`+host)
			if live != (mode == "allow") {
				t.Errorf("unknown_hosts %s: %s live = %v", mode, host, live)
			}
		}
		if _, ok := listed["localhost"]; ok || !strings.Contains(body, `<img src="http://localhost:9080/logo.png">`) {
			t.Errorf("unknown_hosts %s: the site's own host was listed or changed", mode)
		}
	}
}
