package caddymodule

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// The real pipeline (built-in rules, banner, rewriter) over the real pages
// of the shared corpus, with the Disconnect list as an independent oracle
// of what a tracker is.

// notHeldBack are Disconnect entities we let load on purpose, with why.
var notHeldBack = map[string]string{
	"TrustPilot":         "the page is trustpilot.com's own: these are its first-party assets",
	"FunctionalSoftware": "Sentry's error monitoring: no cookies, nothing to consent to",
}

// trackingCategories are Disconnect's categories of tracking services (its
// Content, Email and ConsentManagers categories are not trackers).
var trackingCategories = []string{"Advertising", "Analytics", "Social", "FingerprintingInvasive", "FingerprintingGeneral", "Cryptomining"}

func disconnectTrackers(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus.Dir(t, "trackers"), "disconnect-domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	domains := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) >= 3 && slices.Contains(trackingCategories, fields[1]) {
			domains[fields[0]] = fields[2]
		}
	}
	return domains
}

// trackerEntity returns the Disconnect entity of a URL's host or of one of
// its parent domains, or "".
func trackerEntity(domains map[string]string, raw string) string {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "//") {
		raw = "http:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	for {
		if e, ok := domains[host]; ok {
			return e
		}
		dot := strings.IndexByte(host, '.')
		if dot < 0 {
			return ""
		}
		host = host[dot+1:]
	}
}

// liveTrackers lists the elements of a page that a browser would fetch from
// a tracker: src, srcset, data and resource-hint href of the elements that
// load, read as a browser with JavaScript off reads <noscript>.
func liveTrackers(domains map[string]string, page []byte) []string {
	var live []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return live
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "noscript" {
				if z.Next() == html.TextToken {
					live = append(live, liveTrackers(domains, z.Raw())...)
				}
				continue
			}
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				if _, dup := attrs[a.Key]; !dup {
					attrs[a.Key] = a.Val
				}
			}
			var urls []string
			switch tok.Data {
			case "script", "iframe", "frame", "embed", "audio":
				urls = append(urls, attrs["src"])
			case "img", "source":
				urls = append(urls, attrs["src"])
				urls = append(urls, srcsetURLs(attrs["srcset"])...)
			case "object":
				urls = append(urls, attrs["data"])
			case "link":
				for _, rel := range strings.Fields(strings.ToLower(attrs["rel"])) {
					switch rel {
					case "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "prerender":
						urls = append(urls, attrs["href"])
					}
				}
			}
			if tok.Data == "script" && attrs["type"] == "text/plain" {
				continue // inert
			}
			for _, u := range urls {
				if e := trackerEntity(domains, u); e != "" {
					live = append(live, e+" <"+tok.Data+"> "+u)
				}
			}
		}
	}
}

func srcsetURLs(srcset string) []string {
	var urls []string
	for _, candidate := range strings.Split(srcset, ",") {
		if f := strings.Fields(candidate); len(f) > 0 {
			urls = append(urls, f[0])
		}
	}
	return urls
}

// rewritePage runs a page through the handler's HTML pipeline, written in
// chunks of the given size (0: whole).
func rewritePage(t *testing.T, h *Handler, page []byte, st consentState, chunk int) []byte {
	t.Helper()
	r := httptest.NewRequest("GET", "http://www.example.org/article.html", nil)
	r.Header.Set("Accept", "text/html")
	var out bytes.Buffer
	pw := h.newPageWriter(&out, r, pageRequest{state: st, lang: "en", tag: h.stateTag(st, "en")}, "")
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
	dir := corpus.Dir(t, "pages")
	domains := disconnectTrackers(t)
	h, _ := newTestHandler(t, nil)
	files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	undecided := consentState{Accepted: 1}
	everything := consentState{Decided: true, Accepted: h.allMask}
	liveBefore, liveLeft := 0, map[string]int{}
	for _, file := range files {
		page, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(file)
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
	t.Logf("corpus: %d pages; Disconnect tracking elements live before: %d, after: %d", len(files), liveBefore, len(left))
	for _, l := range left {
		t.Logf("  still live: %s", l)
	}
}
