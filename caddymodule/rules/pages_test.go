package rules

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// manifestVendors maps the pages manifest's tracker ids to the vendor names
// of the built-in table that stand for them.
var manifestVendors = map[string][]string{
	"ga-legacy-gajs":         {"google-analytics"},
	"ga-analyticsjs":         {"google-analytics"},
	"ga-gtag":                {"google-analytics"},
	"gtm":                    {"google-tag-manager"},
	"matomo":                 {"matomo"},
	"facebook-pixel":         {"meta-pixel"},
	"facebook-sdk":           {"facebook"},
	"hotjar":                 {"hotjar"},
	"clarity":                {"microsoft-clarity"},
	"plausible":              {"plausible"},
	"linkedin-insight":       {"linkedin"},
	"tiktok":                 {"tiktok"},
	"yandex-metrica":         {"yandex-metrica"},
	"hubspot":                {"hubspot"},
	"segment":                {"segment"},
	"twitter-widgets":        {"twitter"},
	"twitter-ads":            {"twitter-ads"},
	"doubleclick":            {"doubleclick", "google-ads"},
	"adsense":                {"google-adsense"},
	"taboola":                {"taboola"},
	"outbrain":               {"outbrain"},
	"quantcast":              {"quantcast"},
	"comscore":               {"comscore"},
	"chartbeat":              {"chartbeat"},
	"addthis":                {"addthis"},
	"infonline-ivw":          {"infonline"},
	"revsci-audiencescience": {"audiencescience"},
	"cloudflare-insights":    {"cloudflare-insights"},
	"disqus":                 {"disqus"},
	"getback":                {"getback"},
	"krux":                   {"krux"},
	"mouseflow":              {"mouseflow"},
	"newrelic":               {"new-relic"},
	"nielsen":                {"nielsen"},
	"parsely":                {"parsely"},
	"pinterest":              {"pinterest"},
	"posthog":                {"posthog"},
	"snap-pixel":             {"snapchat"},
	"statcounter":            {"statcounter"},
	"webtrends":              {"webtrends"},
	"woopra":                 {"woopra"},
}

// notDetected lists the manifest entries the table cannot see, and why.
var notDetected = map[string]string{
	"trafilatura-tarnkappe-black.html posthog":                 "only site code that calls posthog when present, and an opt-in inside an HTML comment; no loader",
	"trafilatura-thenervousbreakdown-loneliest.html quantcast": "the tag is all inside a /* */ comment: it never runs",
}

var (
	tagPattern       = regexp.MustCompile(`(?is)<(script|img|iframe|link|source)\b(?:[^>"']|"[^"]*"|'[^']*')*>`)
	urlAttrPattern   = regexp.MustCompile(`(?is)\s(?:src|href|data-src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	inlineScriptBody = regexp.MustCompile(`(?is)<script\b[^>]*>(.*?)</script\s*>`)
)

// pageFindings scans a page the crude way (regular expressions, comments
// and all): enough to see which vendors the table recognises in it.
type pageFindings struct {
	vendors map[string]bool
	inline  [][]byte // inline script bodies that matched
}

func scanPage(s *Set, page []byte) pageFindings {
	f := pageFindings{vendors: map[string]bool{}}
	for _, tag := range tagPattern.FindAll(page, -1) {
		for _, m := range urlAttrPattern.FindAllSubmatch(tag, -1) {
			if v, _, ok := s.URLVendor(bytes.Trim(m[1], `"'`), ""); ok {
				f.vendors[v] = true
			}
		}
	}
	for _, m := range inlineScriptBody.FindAllSubmatch(page, -1) {
		if v, _, ok := s.InlineVendor(m[1]); ok {
			f.vendors[v] = true
			f.inline = append(f.inline, m[1])
		}
	}
	return f
}

type manifestRow struct {
	file     string
	trackers []string
}

func readManifest(t *testing.T, dir string) []manifestRow {
	t.Helper()
	fh, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.Comma = '\t'
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	fileCol, trackersCol := slices.Index(header, "file"), slices.Index(header, "trackers")
	if fileCol < 0 || trackersCol < 0 {
		t.Fatalf("manifest header %v lacks file or trackers", header)
	}
	var rows []manifestRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		row := manifestRow{file: rec[fileCol]}
		if rec[trackersCol] != "" {
			row.trackers = strings.Split(rec[trackersCol], ",")
		}
		rows = append(rows, row)
	}
}

// TestPagesManifestVendorsDetected checks that every vendor the manifest
// names in a page is recognised in that page by a URL or an inline snippet.
func TestPagesManifestVendorsDetected(t *testing.T) {
	dir := corpus.Dir(t, "pages")
	s := mustCompile(t, Options{})
	detected, expected := 0, 0
	for _, row := range readManifest(t, dir) {
		page, err := os.ReadFile(filepath.Join(dir, row.file))
		if err != nil {
			t.Fatal(err)
		}
		found := scanPage(s, page)
		for _, tracker := range row.trackers {
			names, mapped := manifestVendors[tracker]
			if !mapped {
				t.Errorf("manifest tracker id %q has no vendor mapping", tracker)
				continue
			}
			expected++
			key := row.file + " " + tracker
			hit := slices.ContainsFunc(names, func(n string) bool { return found.vendors[n] })
			switch reason, known := notDetected[key]; {
			case hit && known:
				t.Errorf("%s: now detected; drop it from notDetected", key)
			case hit:
				detected++
			case known:
				t.Logf("%s: not detected (%s)", key, reason)
			default:
				t.Errorf("%s: vendor %v not detected", key, names)
			}
		}
		var extra []string
		for v := range found.vendors {
			if !slices.ContainsFunc(row.trackers, func(tr string) bool { return slices.Contains(manifestVendors[tr], v) }) {
				extra = append(extra, v)
			}
		}
		if len(extra) > 0 {
			slices.Sort(extra)
			t.Logf("%s: also recognised %v (not in the manifest's tracker list)", row.file, extra)
		}
	}
	t.Logf("pages: %d of %d manifest (file, vendor) pairs detected", detected, expected)
}

// TestPagesInlineLookahead measures how far into a matching inline script
// the first signature sits, and checks none lies beyond InlineLookahead.
func TestPagesInlineLookahead(t *testing.T) {
	dir := corpus.Dir(t, "pages")
	s := mustCompile(t, Options{})
	deepest, deepestFile := 0, ""
	entries, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range entries {
		page, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range inlineScriptBody.FindAllSubmatch(page, -1) {
			body := m[1]
			if _, _, ok := s.InlineVendor(body); !ok {
				if v, at := signatureBeyondLookahead(s, body); v != "" {
					t.Errorf("%s: %s snippet at byte %d, beyond InlineLookahead (%d)", filepath.Base(path), v, at, InlineLookahead)
				}
				continue
			}
			if n := shortestMatchingPrefix(s, body); n > deepest {
				deepest, deepestFile = n, filepath.Base(path)
			}
		}
	}
	t.Logf("deepest first signature in the pages ends at byte %d (%s); InlineLookahead is %d", deepest, deepestFile, InlineLookahead)
}

func shortestMatchingPrefix(s *Set, body []byte) int {
	lo, hi := 0, min(len(body), InlineLookahead)
	for lo < hi {
		mid := (lo + hi) / 2
		if _, _, ok := s.InlineVendor(body[:mid]); ok {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// signatureBeyondLookahead looks for a signature in the rest of a body
// whose lookahead did not match, in overlapping windows.
func signatureBeyondLookahead(s *Set, body []byte) (vendor string, at int) {
	for at = InlineLookahead / 2; at < len(body); at += InlineLookahead / 2 {
		if v, _, ok := s.InlineVendor(body[at:]); ok {
			return v, at
		}
	}
	return "", 0
}
