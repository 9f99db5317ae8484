package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var vendorName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

func TestBuiltinTableShape(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range Builtin {
		if !vendorName.MatchString(v.Name) {
			t.Errorf("vendor name %q: use lower-case letters, digits, '.' and '-'", v.Name)
		}
		if seen[v.Name] {
			t.Errorf("vendor %q appears twice", v.Name)
		}
		seen[v.Name] = true
		if !slices.Contains(BuiltinCategories, v.Category) {
			t.Errorf("vendor %q: category %q is not a built-in one", v.Name, v.Category)
		}
		if len(v.Cookies)+len(v.Hosts)+len(v.Signatures) == 0 {
			t.Errorf("vendor %q names nothing", v.Name)
		}
		// Necessary rows only say which cookies always pass: a script is
		// never held back as necessary, so it needs no host or signature.
		if v.Category == Necessary && len(v.Hosts)+len(v.Signatures) > 0 {
			t.Errorf("necessary vendor %q has hosts or signatures", v.Name)
		}
	}
	mustCompile(t, Options{})
}

// TestBuiltinRowsWin checks that no other row of the table shadows a row:
// each glob, host and signature, tried alone, lands in its own vendor's
// category.
func TestBuiltinRowsWin(t *testing.T) {
	s := mustCompile(t, Options{})
	for _, v := range Builtin {
		for _, g := range v.Cookies {
			name := strings.ReplaceAll(g, "*", "x1")
			if cat, vendor, _ := s.CookieCategory(name); cat != v.Category {
				t.Errorf("cookie %q (from %s glob %q) is %s by %q", name, v.Name, g, cat, vendor)
			}
		}
		for _, h := range v.Hosts {
			url := strings.ReplaceAll(h, "*", "x1")
			if !strings.HasPrefix(url, "x1/") && !strings.HasPrefix(url, "/") {
				url = "https://" + url
			}
			if vendor, cat, _ := s.URLVendor([]byte(url), ""); cat != v.Category {
				t.Errorf("URL %q (from %s host glob %q) is %q by %q", url, v.Name, h, cat, vendor)
			}
		}
		for _, sig := range v.Signatures {
			if vendor, cat, _ := s.InlineVendor([]byte(sig)); cat != v.Category {
				t.Errorf("signature %q of %s is %q by %q", sig, v.Name, cat, vendor)
			}
		}
	}
}
