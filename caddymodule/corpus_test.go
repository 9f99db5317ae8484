package caddymodule

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// The real pipeline (built-in rules, banner, rewriter) over the real pages
// of the shared corpus, with the Disconnect list as an independent oracle
// of what a tracker is.

// liveTrackers lists, as "ENTITY <elem> URL", the URLs of a page that a
// browser would fetch from a host the Disconnect list files as tracking.
func liveTrackers(d corpus.Disconnect, page []byte) []string {
	var live []string
	for _, u := range corpus.LiveURLs(page) {
		raw := u.URL
		if strings.HasPrefix(raw, "//") {
			raw = "http:" + raw
		}
		parsed, err := url.Parse(raw)
		if err != nil || parsed.Host == "" {
			continue
		}
		if e, ok := d.Lookup(strings.ToLower(parsed.Hostname())); ok && e.Tracking() {
			live = append(live, e.Entity+" <"+u.Elem+"> "+u.URL)
		}
	}
	return live
}

// notHeldBack are Disconnect entities we let load on purpose, with why.
var notHeldBack = map[string]string{
	"TrustPilot":         "the page is trustpilot.com's own: these are its first-party assets",
	"FunctionalSoftware": "Sentry's error monitoring: no cookies, nothing to consent to",
}

// rewritePage runs a page through the handler's HTML pipeline, written in
// chunks of the given size (0: whole).
func rewritePage(t *testing.T, h *Handler, page []byte, st consentState, chunk int) []byte {
	t.Helper()
	r := httptest.NewRequest("GET", "http://www.example.org/article.html", nil)
	r.Header.Set("Accept", "text/html")
	var out bytes.Buffer
	pw := h.newPageWriter(&out, r, pageRequest{state: st, lang: "en", tag: h.stateTag(st, "en")}, "", true)
	if chunk == 0 {
		chunk = len(page)
	}
	for rest := page; len(rest) > 0; {
		n := min(chunk, len(rest))
		if _, err := pw.Write(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestCorpusPagesEnforced(t *testing.T) {
	names, pages := corpus.Pages(t)
	domains := corpus.LoadDisconnect(t)
	h, _ := newTestHandler(t, nil)
	undecided := consentState{Accepted: 1}
	everything := consentState{Decided: true, Accepted: h.allMask}
	liveBefore, liveLeft := 0, map[string]int{}
	for i, page := range pages {
		name := names[i]
		liveBefore += len(liveTrackers(domains, page))

		out := rewritePage(t, h, page, undecided, 0)
		for _, chunk := range []int{1, 7, 4096} {
			if again := rewritePage(t, h, page, undecided, chunk); !bytes.Equal(again, out) {
				t.Errorf("%s: written in chunks of %d, the output differs", name, chunk)
			}
		}
		for _, l := range liveTrackers(domains, out) {
			liveLeft[l]++
		}
		if n := bytes.Count(out, []byte(`name="consent" value="none"`)); n != 1 {
			t.Errorf("%s: %d banners", name, n)
		}
		if n := len(markedBlock.FindAll(out, -1)); n != 2 {
			t.Errorf("%s: %d marked blocks, want 2", name, n)
		}

		accepted := rewritePage(t, h, page, everything, 7)
		if stripped := markedBlock.ReplaceAll(accepted, nil); !bytes.Equal(stripped, page) {
			t.Errorf("%s: with every category accepted, the page outside the markers is not the upstream's", name)
		}
	}
	var left []string
	for l, n := range liveLeft {
		if entity, _, _ := strings.Cut(l, " "); notHeldBack[entity] == "" {
			t.Errorf("live tracker left: %s", l)
		}
		left = append(left, fmt.Sprintf("%s (x%d)", l, n))
	}
	sort.Strings(left)
	t.Logf("corpus: %d pages; Disconnect tracking elements live before: %d, after: %d", len(pages), liveBefore, len(left))
	for _, l := range left {
		t.Logf("  still live: %s", l)
	}
}
