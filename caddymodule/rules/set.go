package rules

import "strings"

// Set is a compiled, read-only rule set, safe for concurrent use.
type Set struct {
	cookies []cookieRule
	unknown Category
}

type cookieRule struct {
	glob   string
	vendor string
	cat    Category
}

// Options are the site's own rules, which take precedence over the built-in table.
type Options struct {
	// Essential cookie name globs, always allowed.
	Essential []string
	// Site vendors (from the Caddyfile's category blocks), checked before Builtin.
	Site []Vendor
	// BlockUnknown puts cookies that no rule names in Unclassified instead of Necessary.
	BlockUnknown bool
}

// Unclassified is the category of a cookie no rule names when the site
// asks for unknown cookies to be held back; it is never accepted.
const Unclassified Category = "unclassified"

// Compile builds a Set from the site's options and the built-in table.
func Compile(o Options) (*Set, error) {
	s := &Set{unknown: Necessary}
	if o.BlockUnknown {
		s.unknown = Unclassified
	}
	for _, g := range o.Essential {
		s.cookies = append(s.cookies, cookieRule{glob: g, vendor: "site", cat: Necessary})
	}
	for _, table := range [][]Vendor{o.Site, Builtin} {
		for _, v := range table {
			for _, g := range v.Cookies {
				s.cookies = append(s.cookies, cookieRule{glob: g, vendor: v.Name, cat: v.Category})
			}
		}
	}
	return s, nil
}

// CookieCategory says which category a cookie name falls in, which vendor's
// rule named it, and whether any rule did (known is false for the fallback).
func (s *Set) CookieCategory(name string) (cat Category, vendor string, known bool) {
	for _, r := range s.cookies {
		if matchGlob(r.glob, name) {
			return r.cat, r.vendor, true
		}
	}
	return s.unknown, "", false
}

func matchGlob(glob, s string) bool {
	if !strings.Contains(glob, "*") {
		return glob == s
	}
	parts := strings.Split(glob, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
