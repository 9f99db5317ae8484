package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// urlKind orders the three forms of URL glob within a tier: a named host is
// the most specific, a path on any host the least.
type urlKind uint8

const (
	hostGlob       urlKind = iota // "example.com/js/*": the host, its subdomains, a path
	firstPartyGlob                // "/matomo/*": the page's own host
	anyHostGlob                   // "*/piwik.js": any host
)

// urlRule is one compiled URL glob. Like cookie rules they are kept sorted by
// precedence, so an index is a rank.
type urlRule struct {
	kind    urlKind
	host    string // hostGlob only, lower-case
	path    glob
	anyPath bool // hostGlob with no path
	vendor  string
	cat     Category
}

func (r *urlRule) matchPath(path []byte) bool { return r.anyPath || match(r.path, path) }

// urlIndex finds the rules for a host by looking up the host and each parent
// domain in a map: "www.google-analytics.com" costs three lookups, whatever
// the size of the table.
type urlIndex struct {
	rules      []urlRule
	byHost     map[string][]int32
	firstParty pathRules
	anyHost    pathRules
}

// pathRules holds path globs by the byte a path they match ends with: a
// page's URLs (images mostly) are tried against every one of them, and
// few can match a given URL.
type pathRules struct {
	byLast [256][]int32 // globs that end in a literal, by its last byte
	open   []int32      // globs that end in a star
}

func (pr *pathRules) add(rank int32, g glob) {
	if last := g.parts[len(g.parts)-1]; last != "" {
		pr.byLast[last[len(last)-1]] = append(pr.byLast[last[len(last)-1]], rank)
	} else {
		pr.open = append(pr.open, rank)
	}
}

type pendingURL struct {
	urlRule
	tier, row int
}

// parseURLGlob checks a glob from Vendor.Hosts and splits it into its parts.
func parseURLGlob(pattern string) (urlRule, error) {
	switch {
	case pattern == "":
		return urlRule{}, fmt.Errorf("empty")
	case strings.Contains(pattern, "://"):
		return urlRule{}, fmt.Errorf("has a scheme; write just host or host/path, the scheme is ignored when matching")
	case strings.ContainsAny(pattern, "?#"):
		return urlRule{}, fmt.Errorf("has a query or fragment, which are ignored when matching")
	case strings.IndexFunc(pattern, func(r rune) bool { return r <= ' ' || r >= 0x7f }) >= 0:
		return urlRule{}, fmt.Errorf("contains whitespace, a control or a non-ASCII character")
	case pattern[0] == '/':
		return urlRule{kind: firstPartyGlob, path: compileGlob(pattern)}, nil
	case strings.HasPrefix(pattern, "*/"):
		if strings.Trim(pattern, "*/") == "" {
			return urlRule{}, fmt.Errorf("matches every URL")
		}
		return urlRule{kind: anyHostGlob, path: compileGlob(pattern)}, nil
	}
	host, path, hasPath := strings.Cut(strings.TrimPrefix(pattern, "*."), "/")
	if err := checkHost(host); err != nil {
		return urlRule{}, err
	}
	r := urlRule{kind: hostGlob, host: strings.ToLower(host), anyPath: !hasPath}
	if hasPath {
		r.path = compileGlob("/" + path)
	}
	return r, nil
}

func checkHost(host string) error {
	switch {
	case host == "":
		return fmt.Errorf("has no host")
	case strings.Contains(host, "*"):
		return fmt.Errorf(`a host may only be wildcarded as a leading "*."; "host" alone already matches its subdomains`)
	case strings.Contains(host, "@"):
		return fmt.Errorf("has userinfo, which is ignored when matching")
	case strings.Contains(host, ":"):
		return fmt.Errorf("has a port, which is ignored when matching")
	case host[0] == '.' || host[len(host)-1] == '.' || strings.Contains(host, ".."):
		return fmt.Errorf("has an empty host label")
	}
	for i := 0; i < len(host); i++ {
		if !isHostByte(lower(host[i])) {
			return fmt.Errorf("host has %q, which is not a letter, digit, '-', '_' or '.'", host[i])
		}
	}
	return nil
}

func newURLIndex(pending []pendingURL) urlIndex {
	sort.SliceStable(pending, func(i, j int) bool {
		a, b := pending[i], pending[j]
		switch {
		case a.tier != b.tier:
			return a.tier < b.tier
		case a.kind != b.kind:
			return a.kind < b.kind
		case len(a.host) != len(b.host):
			return len(a.host) > len(b.host)
		case a.anyPath != b.anyPath:
			return b.anyPath
		case a.path.literalLen() != b.path.literalLen():
			return a.path.literalLen() > b.path.literalLen()
		}
		return a.row < b.row
	})
	idx := urlIndex{rules: make([]urlRule, len(pending)), byHost: make(map[string][]int32)}
	for i, p := range pending {
		idx.rules[i] = p.urlRule
		rank := int32(i)
		switch p.kind {
		case hostGlob:
			idx.byHost[p.host] = append(idx.byHost[p.host], rank)
		case firstPartyGlob:
			idx.firstParty.add(rank, p.path)
		case anyHostGlob:
			idx.anyHost.add(rank, p.path)
		}
	}
	return idx
}

// maxHostLen is the longest DNS name; a longer host is no match.
const maxHostLen = 253

// lookup returns the rank of the best rule for a URL as written in a page, or -1.
func (idx *urlIndex) lookup(raw []byte, pageHost string) int32 {
	var hostBuf [maxHostLen]byte
	u, ok := parseURL(raw, &hostBuf)
	if !ok {
		return -1
	}
	best := int32(-1)
	for h := u.host; len(h) > 0; {
		best = idx.firstMatch(idx.byHost[string(h)], u.path, best)
		dot := bytes.IndexByte(h, '.')
		if dot < 0 {
			break
		}
		h = h[dot+1:]
	}
	if u.onPageHost(pageHost) {
		best = idx.matchPathRules(&idx.firstParty, u.path, best)
	}
	if len(u.path) == 0 || u.path[0] == '/' {
		return idx.matchPathRules(&idx.anyHost, u.path, best)
	}
	// A path-relative URL ("js/piwik.js") sits somewhere below the page's
	// directory, which we do not know; any-host globs all start with "*/",
	// so rooting it is enough for them.
	var rooted [512]byte
	if len(u.path) >= len(rooted) {
		return best
	}
	rooted[0] = '/'
	n := 1 + copy(rooted[1:], u.path)
	return idx.matchPathRules(&idx.anyHost, rooted[:n], best)
}

// matchPathRules is firstMatch over the globs of pr that path may match.
func (idx *urlIndex) matchPathRules(pr *pathRules, path []byte, best int32) int32 {
	if len(path) > 0 {
		best = idx.firstMatch(pr.byLast[path[len(path)-1]], path, best)
	}
	return idx.firstMatch(pr.open, path, best)
}

func (idx *urlIndex) firstMatch(ranks []int32, path []byte, best int32) int32 {
	for _, rank := range ranks {
		if best >= 0 && rank >= best {
			break
		}
		if idx.rules[rank].matchPath(path) {
			return rank
		}
	}
	return best
}

// parsedURL is the part of a URL that rules look at.
type parsedURL struct {
	host     []byte // lower-case, no port, no trailing dot; empty for a relative URL
	path     []byte // no query or fragment
	relative bool
}

// onPageHost says whether first-party globs apply: the URL is relative to the
// page's root, or names the page's host. A path-relative URL cannot be placed
// without the page's path, so first-party globs do not apply to it.
func (u parsedURL) onPageHost(pageHost string) bool {
	if u.relative {
		return len(u.path) > 0 && u.path[0] == '/'
	}
	pageHost = stripPort(pageHost)
	pageHost = strings.TrimSuffix(pageHost, ".")
	if len(pageHost) != len(u.host) {
		return false
	}
	for i := 0; i < len(pageHost); i++ {
		if lower(pageHost[i]) != u.host[i] {
			return false
		}
	}
	return true
}

// parseURL reads a URL the way a browser would for http(s) pages: absolute
// http or https, protocol-relative "//host/path", or relative. Other schemes
// (data:, javascript:, about:) and malformed hosts are not URLs rules apply to.
func parseURL(raw []byte, hostBuf *[maxHostLen]byte) (parsedURL, bool) {
	s := trimControlsAndSpace(raw)
	if scheme, rest, found := cutScheme(s); found {
		if !equalFoldASCII(scheme, "http") && !equalFoldASCII(scheme, "https") {
			return parsedURL{}, false
		}
		return parseAuthority(trimSlashes(rest), hostBuf)
	}
	if len(s) >= 2 && isSlash(s[0]) && isSlash(s[1]) {
		return parseAuthority(trimSlashes(s), hostBuf)
	}
	return parsedURL{path: cutQuery(s), relative: true}, true
}

// javascriptURLCode returns the code of a "javascript:" URL, such as an
// iframe whose src writes an ad tag into it.
func javascriptURLCode(raw []byte) ([]byte, bool) {
	scheme, code, found := cutScheme(trimControlsAndSpace(raw))
	return code, found && equalFoldASCII(scheme, "javascript")
}

// cutScheme splits "scheme:rest" when s starts with a valid scheme (RFC 3986).
func cutScheme(s []byte) (scheme, rest []byte, found bool) {
	for i, c := range s {
		switch {
		case 'a' <= lower(c) && lower(c) <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return s[:i], s[i+1:], true
		default:
			return nil, nil, false
		}
	}
	return nil, nil, false
}

// parseAuthority reads "userinfo@host:port/path?query" after the slashes.
func parseAuthority(s []byte, hostBuf *[maxHostLen]byte) (parsedURL, bool) {
	end := 0
	for end < len(s) && !isSlash(s[end]) && s[end] != '?' && s[end] != '#' {
		end++
	}
	authority, path := s[:end], cutQuery(s[end:])
	if at := bytes.LastIndexByte(authority, '@'); at >= 0 {
		authority = authority[at+1:]
	}
	ipv6 := len(authority) > 0 && authority[0] == '['
	if ipv6 {
		end := bytes.IndexByte(authority, ']')
		if end < 0 {
			return parsedURL{}, false
		}
		authority = authority[:end+1]
	} else if colon := bytes.IndexByte(authority, ':'); colon >= 0 {
		authority = authority[:colon]
	}
	n := 0
	for _, c := range authority {
		if c == '\t' || c == '\n' || c == '\r' { // browsers drop these anywhere in a URL
			continue
		}
		c = lower(c)
		if !(isHostByte(c) || ipv6 && (c == '[' || c == ']' || c == ':')) || n == len(hostBuf) {
			return parsedURL{}, false
		}
		hostBuf[n] = c
		n++
	}
	if n > 0 && hostBuf[n-1] == '.' {
		n--
	}
	if n == 0 {
		return parsedURL{}, false
	}
	if len(path) == 0 {
		path = rootPath
	}
	return parsedURL{host: hostBuf[:n], path: path}, true
}

var rootPath = []byte("/")

func cutQuery(s []byte) []byte {
	for i, c := range s {
		if c == '?' || c == '#' {
			return s[:i]
		}
	}
	return s
}

// trimControlsAndSpace drops what browsers strip around a URL: C0 controls and spaces.
func trimControlsAndSpace(s []byte) []byte {
	for len(s) > 0 && s[0] <= ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] <= ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func trimSlashes(s []byte) []byte {
	for len(s) > 0 && isSlash(s[0]) {
		s = s[1:]
	}
	return s
}

func stripPort(host string) string {
	if strings.HasPrefix(host, "[") {
		if end := strings.IndexByte(host, ']'); end >= 0 {
			return host[:end+1]
		}
		return host
	}
	if colon := strings.IndexByte(host, ':'); colon >= 0 {
		return host[:colon]
	}
	return host
}

func isSlash(c byte) bool { return c == '/' || c == '\\' }

func isHostByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_'
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if lower(b[i]) != s[i] {
			return false
		}
	}
	return true
}
