package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Set is a compiled, read-only rule set, safe for concurrent use.
type Set struct {
	cookies    cookieIndex
	urls       urlIndex
	inline     inlineMatcher
	unknown    Category
	categories []Category
}

// Tiers of precedence; a lower tier wins whatever the specificity.
const (
	essentialTier = iota
	siteTier
	builtinTier
)

// Compile builds a Set from the site's options and the built-in table. Its
// errors name the vendor and the glob or signature at fault.
func Compile(o Options) (*Set, error) {
	s := &Set{unknown: Necessary, categories: slices.Clone(BuiltinCategories)}
	if o.BlockUnknown {
		s.unknown = Unclassified
	}
	var c compiler
	for _, g := range o.Essential {
		if err := c.addCookie(essentialTier, "essential", g, EssentialVendor, Necessary); err != nil {
			return nil, err
		}
	}
	for _, v := range o.Site {
		if v.Name == "" {
			v.Name = SiteVendor
		}
		if err := c.addVendor(siteTier, fmt.Sprintf("site vendor %q", v.Name), v); err != nil {
			return nil, err
		}
		if !slices.Contains(s.categories, v.Category) {
			s.categories = append(s.categories, v.Category)
		}
	}
	for _, v := range Builtin {
		if err := c.addVendor(builtinTier, fmt.Sprintf("built-in vendor %q", v.Name), v); err != nil {
			return nil, err
		}
	}
	s.cookies = newCookieIndex(c.cookies)
	s.urls = newURLIndex(c.urls)
	s.inline = newInlineMatcher(c.sigs)
	return s, nil
}

// CookieCategory says which category a cookie name falls in, which vendor's
// rule named it, and whether any rule did (known is false for the fallback).
func (s *Set) CookieCategory(name string) (cat Category, vendor string, known bool) {
	rank := s.cookies.lookup(name)
	if rank < 0 {
		return s.unknown, "", false
	}
	r := &s.cookies.rules[rank]
	return r.cat, r.vendor, true
}

// URLVendor classifies a script/img/iframe/link URL as written in the page,
// character references decoded: absolute, scheme-relative ("//host/path")
// or relative ("/matomo/piwik.js", first-party). It is read as a browser
// reads it before fetching it (the URL Standard's basic URL parser), so that
// odd spellings reach the same rules. pageHost is the host of the page (may
// be ""), used so a relative or same-host URL is matched against
// first-party path rules like "/matomo/*".
//
// A "javascript:" URL is code, and is classified as InlineVendor would; a
// URL of another scheme that is not fetched over http(s) (data:, blob:,
// about:, mailto:) is no match, and so is one the parser rejects (no host,
// a bad port, a forbidden character in the host), which a browser does not
// fetch. An http(s), scheme-relative or relative URL that a browser may
// fetch but that cannot be read with certainty (its host is one that IDNA
// rejects, that is not UTF-8 or that is too long for DNS) is reported as
// vendor UnparsedVendor in category Unclassified, so that the caller holds
// it back.
func (s *Set) URLVendor(rawURL []byte, pageHost string) (vendor string, cat Category, ok bool) {
	scheme, ref := cutScheme(trimControlsAndSpace(rawURL))
	switch scheme {
	case javascriptScheme:
		return s.InlineVendor(ref)
	case otherScheme:
		return "", "", false
	}
	rank, readable := s.urls.lookup(scheme, ref, pageHost)
	switch {
	case rank >= 0:
		r := &s.urls.rules[rank]
		return r.vendor, r.cat, true
	case !readable:
		return UnparsedVendor, Unclassified, true
	}
	return "", "", false
}

// InlineVendor classifies the first bytes (up to InlineLookahead) of an
// inline <script> body by the vendor snippets it contains.
func (s *Set) InlineVendor(text []byte) (vendor string, cat Category, ok bool) {
	rank := s.inline.lookup(text)
	if rank < 0 {
		return "", "", false
	}
	r := &s.inline.sigs[rank]
	return r.vendor, r.cat, true
}

// Categories returns the built-in categories plus those the site's rules
// introduced, in a stable order (built-ins first, then in order of first
// use). The caller may modify the returned slice.
func (s *Set) Categories() []Category {
	return slices.Clone(s.categories)
}

// compiler collects rules from all tiers, checking each as it comes.
type compiler struct {
	cookies []pendingCookie
	urls    []pendingURL
	sigs    []pendingSig
	// claims records the first rule for each glob of a tier, to refuse one
	// glob in two categories of the same tier.
	claims map[claimKey]claim
}

type claimKey struct {
	tier          int
	kind, pattern string
}

type claim struct {
	vendor string
	cat    Category
}

func (c *compiler) addVendor(tier int, where string, v Vendor) error {
	if err := checkCategory(v.Category); err != nil {
		return fmt.Errorf("rules: %s: %w", where, err)
	}
	for _, g := range v.Cookies {
		if err := c.addCookie(tier, where, g, v.Name, v.Category); err != nil {
			return err
		}
	}
	for _, g := range v.Hosts {
		if err := c.addHost(tier, where, g, v); err != nil {
			return err
		}
	}
	for _, sig := range v.Signatures {
		if err := checkSignature(sig); err != nil {
			return fmt.Errorf("rules: %s: signature %q: %w", where, sig, err)
		}
		c.addSignature(tier, sig, v)
	}
	return nil
}

func (c *compiler) addCookie(tier int, where, pattern, vendor string, cat Category) error {
	if err := checkCookieGlob(pattern); err != nil {
		return fmt.Errorf("rules: %s: cookie glob %q: %w", where, pattern, err)
	}
	if err := c.claim(tier, where, "cookie glob", pattern, vendor, cat); err != nil {
		return err
	}
	c.cookies = append(c.cookies, pendingCookie{
		cookieRule: cookieRule{glob: compileGlob(pattern), vendor: vendor, cat: cat},
		tier:       tier, row: len(c.cookies),
	})
	return nil
}

func (c *compiler) addHost(tier int, where, pattern string, v Vendor) error {
	rule, err := parseURLGlob(pattern)
	if err != nil {
		return fmt.Errorf("rules: %s: host glob %q: %w", where, pattern, err)
	}
	if err := c.claim(tier, where, "host glob", strings.ToLower(pattern), v.Name, v.Category); err != nil {
		return err
	}
	rule.vendor, rule.cat = v.Name, v.Category
	c.urls = append(c.urls, pendingURL{urlRule: rule, tier: tier, row: len(c.urls)})
	// A site rule for a host also catches inline loaders naming that host.
	if tier == siteTier && rule.kind == hostGlob {
		literal, _, _ := strings.Cut(strings.TrimPrefix(pattern, "*."), "*")
		if checkSignature(literal) == nil {
			c.addSignature(tier, literal, v)
		}
	}
	return nil
}

func (c *compiler) addSignature(tier int, sig string, v Vendor) {
	text := normalizeSignature(sig)
	c.sigs = append(c.sigs, pendingSig{
		sigRule: sigRule{text: text, wordStart: isIdentByte(text[0]), vendor: v.Name, cat: v.Category},
		tier:    tier, row: len(c.sigs),
	})
}

func (c *compiler) claim(tier int, where, kind, pattern, vendor string, cat Category) error {
	if c.claims == nil {
		c.claims = make(map[claimKey]claim)
	}
	key := claimKey{tier, kind, pattern}
	if prev, dup := c.claims[key]; dup && prev.cat != cat {
		return fmt.Errorf("rules: %s: %s %q is %s here but %s in vendor %q", where, kind, pattern, cat, prev.cat, prev.vendor)
	}
	c.claims[key] = claim{vendor: vendor, cat: cat}
	return nil
}

func checkCategory(cat Category) error {
	return CheckCategoryName(string(cat))
}

// maxCategoryName bounds a category name: it travels in form fields,
// cookies, attributes and metric labels.
const maxCategoryName = 32

// CheckCategoryName is the one rule for a category's name, wherever one is
// given (a category block, a text block, the banner): 1 to 32 lower-case
// letters, digits, '-' and '_' (so it travels in form fields, JSON and
// HTML attributes unchanged), and not "unclassified", which is reserved.
func CheckCategoryName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("expected a category name, such as analytics")
	case name == string(Unclassified):
		return fmt.Errorf("category %q is reserved for what no rule names", name)
	case len(name) > maxCategoryName:
		return fmt.Errorf("category %q: at most %d characters", name, maxCategoryName)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("category %q: use lower-case letters, digits, '-' and '_'", name)
		}
	}
	return nil
}

// checkCookieGlob accepts RFC 6265 cookie names (HTTP tokens) with "*"
// wildcards; a literal "*" cannot be named.
func checkCookieGlob(g string) error {
	switch {
	case g == "":
		return fmt.Errorf("empty")
	case strings.Trim(g, "*") == "":
		return fmt.Errorf("matches every cookie; use unknown_cookies to decide what happens to cookies no rule names")
	}
	for i := 0; i < len(g); i++ {
		if c := g[i]; !isTokenByte(c) {
			return fmt.Errorf("%q is not allowed in a cookie name", c)
		}
	}
	return nil
}

// isTokenByte is RFC 9110's tchar, which RFC 6265 uses for cookie names.
func isTokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
