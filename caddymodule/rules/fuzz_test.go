package rules

import (
	"bytes"
	"slices"
	"testing"
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
	s := fuzzSet(f)
	f.Fuzz(func(t *testing.T, url []byte, pageHost string) {
		vendor, cat, ok := s.URLVendor(url, pageHost)
		if ok != (vendor != "") || ok != (cat != "") {
			t.Fatalf("URLVendor(%q, %q) = %q, %q, %v", url, pageHost, vendor, cat, ok)
		}
		if v2, c2, ok2 := s.URLVendor(url, pageHost); v2 != vendor || c2 != cat || ok2 != ok {
			t.Fatalf("URLVendor(%q, %q) not deterministic", url, pageHost)
		}
	})
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
// look-ahead.
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
			if !s.wordStart || at == 0 || orig[at-1] != orig[at]-1 || !isIdentByte(norm[at-1]) {
				return int32(rank)
			}
		}
	}
	return -1
}
