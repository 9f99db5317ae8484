package rules

import (
	"bytes"
	"cmp"
	"net/netip"
	neturl "net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSet has site rules of every form, so that fuzzing reaches every path.
func fuzzSet(t testing.TB) *Set {
	return mustCompile(t, Options{
		Essential: []string{"cookie_consent", "keep_*"},
		Site: []Vendor{
			{Name: "own", Category: "social", Cookies: []string{"own_*_id", "*_own"},
				Hosts: []string{"/stats/*", "*/own.js", "*.own.example/px/*"}, Signatures: []string{"n.init(x", "Own.init(", "aaaaaa"}}, // overlapping, repetitive
		},
	})
}

func FuzzCookieCategory(f *testing.F) {
	for _, seed := range []string{"", "_ga", "_ga_X", "PHPSESSID", "_myapp_session", "own_1_id", "x_own", "keep_", "\xff\x00", "*"} {
		f.Add(seed)
	}
	s := fuzzSet(f)
	categories := append(s.Categories(), Unclassified)
	f.Fuzz(func(t *testing.T, name string) {
		cat, vendor, known := s.CookieCategory(name)
		if !slices.Contains(categories, cat) {
			t.Fatalf("CookieCategory(%q) = unknown category %q", name, cat)
		}
		if known == (vendor == "") {
			t.Fatalf("CookieCategory(%q): known %v with vendor %q", name, known, vendor)
		}
		if c2, v2, k2 := s.CookieCategory(name); c2 != cat || v2 != vendor || k2 != known {
			t.Fatalf("CookieCategory(%q) not deterministic", name)
		}
	})
}

func FuzzURLVendor(f *testing.F) {
	for _, seed := range []struct{ url, host string }{
		{"https://www.google-analytics.com/analytics.js", ""},
		{"//connect.facebook.net/en_US/fbevents.js", "example.com"},
		{"/stats/x.js", "example.com:8080"},
		{"js/own.js", ""},
		{"https://a.own.example/px/1.gif?x#y", "[::1]:443"},
		{"https://user:pw@[::1]:8443/piwik.js", ""},
		{"javascript:fbq('init','1')", ""},
		{"http:\\\\\\host\\path", ""},
		{"\x00\xff://", "\xff"},
	} {
		f.Add([]byte(seed.url), seed.host)
	}
	for _, tt := range urlSpellings {
		f.Add([]byte(tt.url), "example.com")
	}
	for _, tt := range pageHostSpellings {
		f.Add([]byte(tt.url), tt.page)
	}
	s := fuzzSet(f)
	f.Fuzz(func(t *testing.T, url []byte, pageHost string) {
		vendor, cat, ok := s.URLVendor(url, pageHost)
		if ok != (vendor != "") || ok != (cat != "") || (vendor == UnparsedVendor) != (cat == Unclassified) {
			t.Fatalf("URLVendor(%q, %q) = %q, %q, %v", url, pageHost, vendor, cat, ok)
		}
		if v2, c2, ok2 := s.URLVendor(url, pageHost); v2 != vendor || c2 != cat || ok2 != ok {
			t.Fatalf("URLVendor(%q, %q) not deterministic", url, pageHost)
		}
	})
}

// FuzzCanonicalForms checks that what lookup takes as canonical, and so
// does not rewrite, is what rewriting it would give.
func FuzzCanonicalForms(f *testing.F) {
	for _, seed := range []string{"www.google-analytics.com", "a.b.", "xn--bcher-kva.de", "10.0.0.5", "0x7f.1", "/stats/t.js", "/a/./b", "/%2e%2E/", "/st%61ts", "/a//b"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		var hostBuf hostBuffer
		if len(s) > 0 && hostIsCanonical(s) {
			if host, err := canonicalHost(s, &hostBuf); err != nil || !bytes.Equal(host, bytes.TrimRight(s, ".")) {
				t.Fatalf("host %q is canonical, but canonicalHost gives %q, %v", s, host, err)
			}
		}
		if len(s) > 0 && s[0] == '/' && pathIsCanonical(s) {
			if path := canonicalPath(s, make([]byte, len(s)+1)); !bytes.Equal(path, s) {
				t.Fatalf("path %q is canonical, but canonicalPath gives %q", s, path)
			}
		}
	})
}

// FuzzURLReference compares lookup with referenceLookup, on page hosts as a
// browser sends them.
func FuzzURLReference(f *testing.F) {
	for _, tt := range urlSpellings {
		f.Add([]byte(tt.url), uint8(0))
	}
	for i, tt := range pageHostSpellings {
		f.Add([]byte(tt.url), uint8(i))
	}
	s := fuzzSet(f)
	globs := make([]*regexp.Regexp, len(s.urls.rules))
	for i, r := range s.urls.rules {
		globs[i] = globRegexp(r.path)
	}
	pageHosts := []string{"example.com", "a.own.example:8443", "xn--bcher-kva.example", "10.0.0.5", "[::1]:443"}
	f.Fuzz(func(t *testing.T, url []byte, page uint8) {
		pageHost := pageHosts[int(page)%len(pageHosts)]
		scheme, ref := cutScheme(trimControlsAndSpace(url))
		if scheme == javascriptScheme {
			return
		}
		want, wantReadable, comparable := referenceLookup(&s.urls, globs, string(url), pageHost)
		if !comparable {
			return
		}
		rank, readable := int32(-1), true
		if scheme != otherScheme {
			rank, readable = s.urls.lookup(scheme, ref, pageHost)
		}
		if rank != want || readable != wantReadable {
			t.Fatalf("lookup(%q, %q) = rank %d, readable %v; the reference says %d, %v", url, pageHost, rank, readable, want, wantReadable)
		}
	})
}

// referenceLookup is lookup written the slow way: net/url splits the URL,
// after the URL Standard's steps that it lacks (tabs and newlines, any
// number of slashes and backslashes), x/net/idna and net/netip read the
// host, net/url resolves dot segments, and every rule is tried in turn.
// comparable is false where net/url cannot speak for a browser.
func referenceLookup(idx *urlIndex, globs []*regexp.Regexp, raw, pageHost string) (rank int32, readable, comparable bool) {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	hasScheme := false
	if m := referenceScheme.FindStringSubmatch(s); m != nil {
		if scheme := strings.ToLower(m[1]); scheme != "http" && scheme != "https" {
			return -1, true, true
		}
		s, hasScheme = m[2], true
	}
	if end := strings.IndexAny(s, "?#"); end >= 0 {
		s = s[:end]
	}
	s = strings.ReplaceAll(s, `\`, "/")
	absolute := "http://" + strings.TrimLeft(s, "/")
	switch {
	case strings.HasPrefix(s, "//"):
		return referenceReading(idx, globs, absolute, true, pageHost)
	case !hasScheme:
		return referenceReading(idx, globs, s, false, pageHost)
	}
	relRank, relReadable, relComparable := referenceReading(idx, globs, s, false, pageHost)
	absRank, absReadable, absComparable := referenceReading(idx, globs, absolute, true, pageHost)
	if relRank < 0 || absRank >= 0 && absRank < relRank {
		relRank = absRank
	}
	return relRank, relReadable && absReadable, relComparable && absComparable
}

var referenceScheme = regexp.MustCompile(`(?s)^([A-Za-z][A-Za-z0-9+.-]*):(.*)$`)

// referenceReading looks up an absolute "http://" URL or a relative one,
// without query, fragment or backslashes.
func referenceReading(idx *urlIndex, globs []*regexp.Regexp, s string, absolute bool, pageHost string) (rank int32, readable, comparable bool) {
	if s == "" {
		return -1, true, true // the page itself
	}
	onPage := !absolute && strings.HasPrefix(s, "/")
	if !absolute && !onPage {
		s = "/" + s // below the page's directory, taken as the root
	}
	// Unreserved escapes are decoded before net/url resolves dot segments,
	// so that "%2e" is a dot to it too.
	pathAt := 0
	if absolute {
		pathAt = len("http://") + strings.IndexByte(s[len("http://"):]+"/", '/')
	}
	s = s[:pathAt] + referenceUnreserved.ReplaceAllStringFunc(s[pathAt:], func(esc string) string {
		if c, _ := strconv.ParseUint(esc[1:], 16, 8); isUnreserved(byte(c)) {
			return string(rune(c))
		}
		return esc
	})
	ref, err := neturl.Parse(s)
	if err != nil || !absolute && ref.Host != "" || ref.EscapedPath() != s[pathAt:] {
		return -1, false, false // net/url reads it otherwise, or escapes its path anew
	}
	u := referenceBase.ResolveReference(ref)
	path := referenceSlashes.ReplaceAllString(cmp.Or(u.EscapedPath(), "/"), "/")

	var host string
	if absolute {
		if len(u.Host) > maxHostLen {
			return -1, false, false // where the buffers' limits are
		}
		if port, _ := strconv.Atoi(cmp.Or(u.Port(), "0")); port > 65535 {
			return -1, true, true
		}
		page := stripPort(pageHost)
		if strings.HasPrefix(u.Host, "[") {
			addr, err := netip.ParseAddr(u.Hostname())
			if err != nil || addr.Zone() != "" {
				return -1, true, true
			}
			pageAddr, err := netip.ParseAddr(strings.Trim(page, "[]"))
			onPage = err == nil && pageAddr == addr
		} else {
			if u.Hostname() == "" {
				return -1, true, true
			}
			if !utf8.ValidString(u.Hostname()) {
				return -1, false, true
			}
			ascii, err := urlDomainToASCII.ToASCII(u.Hostname())
			if err != nil || ascii == "" {
				return -1, false, true
			}
			if strings.ContainsFunc(ascii, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("#%/:<>?@[\\]^|", r) }) {
				return -1, true, true
			}
			if referenceNumber.MatchString(ascii) {
				addr, err := netip.ParseAddr(strings.TrimSuffix(ascii, "."))
				if err != nil || !addr.Is4() {
					return -1, false, false // a form netip does not read
				}
				ascii = addr.String()
			}
			host = strings.TrimRight(ascii, ".")
			if host == "" || len(host) > maxHostLen {
				return -1, false, true
			}
			onPage = strings.EqualFold(host, strings.TrimRight(page, "."))
		}
	}

	for i, r := range idx.rules {
		var applies bool
		switch r.kind {
		case hostGlob:
			applies = host == r.host || strings.HasSuffix(host, "."+r.host)
		case firstPartyGlob:
			applies = onPage
		case anyHostGlob:
			applies = true
		}
		if applies && (r.anyPath || globs[i].MatchString(path)) {
			return int32(i), true, true
		}
	}
	return -1, true, true
}

var (
	referenceBase       = &neturl.URL{Scheme: "http", Host: "page.invalid", Path: "/"}
	referenceUnreserved = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)
	referenceSlashes    = regexp.MustCompile(`//+`)
	referenceNumber     = regexp.MustCompile(`(^|\.)([0-9]+|0[xX][0-9A-Fa-f]*)\.?$`)
)

// globRegexp is a glob as a regular expression.
func globRegexp(g glob) *regexp.Regexp {
	parts := make([]string, len(g.parts))
	for i, p := range g.parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`(?s)^` + strings.Join(parts, ".*") + `$`)
}

func FuzzInlineVendor(f *testing.F) {
	for _, tt := range inlineSnippets {
		f.Add([]byte(tt.text))
	}
	f.Add([]byte("Own . init ( 1 )"))
	f.Add([]byte("xOwn.init( x Own.init( gtag('js' a\tgtag('js'"))
	f.Add([]byte("z Own.init(x"))
	f.Add([]byte("q aaaaaaa"))
	s := fuzzSet(f)
	f.Fuzz(func(t *testing.T, text []byte) {
		vendor, cat, ok := s.InlineVendor(text)
		if ok != (vendor != "") || ok != (cat != "") {
			t.Fatalf("InlineVendor(%q) = %q, %q, %v", text, vendor, cat, ok)
		}
		if want := s.inline.referenceLookup(text); s.inline.lookup(text) != want {
			t.Fatalf("InlineVendor(%q) = %q, the plain search finds rank %d", text, vendor, want)
		}
		if v2, c2, _ := s.InlineVendor(text); v2 != vendor || c2 != cat {
			t.Fatalf("InlineVendor(%q) not deterministic", text)
		}
		// Only the lookahead counts.
		if len(text) > InlineLookahead {
			if v2, _, _ := s.InlineVendor(text[:InlineLookahead]); v2 != vendor {
				t.Fatalf("InlineVendor reads past InlineLookahead")
			}
		}
	})
}

// FuzzInlineSignatures is FuzzInlineVendor's comparison with the plain
// search, with the signatures fuzzed too: two, so that they can overlap.
func FuzzInlineSignatures(f *testing.F) {
	f.Add("cdefgh", "abcdefgh", []byte("z abcdefgh"))
	f.Add("aaaaaa", "Own.init(", []byte("q aaaaaaa Own . init ("))
	f.Fuzz(func(t *testing.T, sig1, sig2 string, text []byte) {
		var c compiler
		for _, sig := range []string{sig1, sig2} {
			if checkSignature(sig) != nil {
				return
			}
			c.addSignature(siteTier, sig, Vendor{Name: "own", Category: Analytics})
		}
		m := newInlineMatcher(c.sigs)
		if got, want := m.lookup(text), m.referenceLookup(text); got != want {
			t.Fatalf("signatures %q, %q in %q: rank %d, the plain search finds %d", sig1, sig2, text, got, want)
		}
	})
}

// referenceLookup is what inlineMatcher.lookup computes, written the plain
// way: every signature, best first, searched everywhere in the normalized
// look-ahead, each match's context read from the start of the script.
func (m *inlineMatcher) referenceLookup(text []byte) int32 {
	text = text[:min(len(text), InlineLookahead)]
	var norm []byte
	var orig []int // orig[k]: index in text of norm[k]
	for i, c := range text {
		if n, keep := normalizeByte(c); keep {
			norm = append(norm, n)
			orig = append(orig, i)
		}
	}
	for rank, s := range m.sigs {
		for at := 0; ; at++ {
			k := bytes.Index(norm[at:], []byte(s.text))
			if k < 0 {
				break
			}
			at += k
			if s.wordStart && at > 0 && orig[at-1] == orig[at]-1 && isIdentByte(norm[at-1]) {
				continue
			}
			var l jsLexer
			switch l.context(text, orig[at]) {
			case inCode:
				return int32(rank)
			case inString:
				if loaderEvidence(text) {
					return int32(rank)
				}
			}
		}
	}
	return -1
}
