package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/net/publicsuffix"
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
		_, rest, _ := strings.Cut(pattern, "://")
		return urlRule{}, fmt.Errorf("has a scheme, which is ignored when matching: write %q", rest)
	case strings.ContainsAny(pattern, "?#"):
		return urlRule{}, fmt.Errorf("has a query or fragment, which are ignored when matching")
	case strings.IndexFunc(pattern, func(r rune) bool { return r <= ' ' || r >= 0x7f }) >= 0:
		return urlRule{}, fmt.Errorf("contains whitespace, a control or a non-ASCII character")
	case pattern[0] == '/' || strings.HasPrefix(pattern, "*/"):
		// One rule for a glob without a host: it must name something, or
		// it would hold back every script and image of the site.
		if strings.Trim(pattern, "*/") == "" {
			return urlRule{}, fmt.Errorf("matches every URL: name a folder or a file, such as /matomo/* or */piwik.js")
		}
		kind := firstPartyGlob
		if pattern[0] == '*' {
			kind = anyHostGlob
		}
		return urlRule{kind: kind, path: compileGlob(pattern)}, checkPathGlob(pattern)
	}
	host, path, hasPath := strings.Cut(strings.TrimPrefix(pattern, "*."), "/")
	if err := checkHost(host); err != nil {
		return urlRule{}, err
	}
	r := urlRule{kind: hostGlob, host: strings.ToLower(host), anyPath: !hasPath}
	if hasPath {
		r.path = compileGlob("/" + path)
	}
	return r, checkPathGlob(path)
}

// checkPathGlob refuses a path that no URL can have once a browser and a
// server have read it (see canonicalPath).
func checkPathGlob(path string) error {
	if !pathIsCanonical([]byte(path)) {
		return fmt.Errorf(`path has a "\", "//", a "." or ".." segment, or an escaped letter, digit or "-._~": URLs are matched with these resolved, so it would never match`)
	}
	return nil
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
	// One rule for a host: a site or below it, never a public suffix
	// ("com", "co.uk", "github.io"), which would match every site under it.
	if suffix, _ := publicsuffix.PublicSuffix(strings.ToLower(host)); suffix == strings.ToLower(host) {
		return fmt.Errorf("host %q is a public suffix and would match every site under it: name a site, such as stats.example.%s", host, host)
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

// lookup returns the rank of the best rule for a URL as written in a page
// (character references decoded), after its scheme, or -1 for none.
// readable is false for a URL a browser fetches but that cannot be read
// with certainty.
func (idx *urlIndex) lookup(scheme urlScheme, ref []byte, pageHost string) (rank int32, readable bool) {
	ref, tabs := cutQuery(ref)
	if tabs {
		return idx.lookupWithoutTabs(scheme, ref, pageHost)
	}
	return idx.lookupRef(scheme, ref, pageHost)
}

// lookupWithoutTabs is lookup for a URL with tabs or newlines, which the
// basic URL parser removes first, wherever they are (§4.4 step 3).
func (idx *urlIndex) lookupWithoutTabs(scheme urlScheme, ref []byte, pageHost string) (int32, bool) {
	without := make([]byte, 0, len(ref))
	for _, c := range ref {
		if !isTabOrNewline(c) {
			without = append(without, c)
		}
	}
	return idx.lookupRef(scheme, without, pageHost)
}

// lookupRef reads what follows an http(s) scheme, or a URL without one,
// with an http(s) page as base (§4.4). Two slashes or backslashes start a
// host of its own; fewer are relative to the page when the URL has no
// scheme.
func (idx *urlIndex) lookupRef(scheme urlScheme, ref []byte, pageHost string) (int32, bool) {
	switch {
	case len(ref) >= 2 && isSlash(ref[0]) && isSlash(ref[1]):
		return idx.lookupAuthority(ref, pageHost)
	case scheme == noScheme:
		return idx.lookupRelative(ref, pageHost)
	}
	// "https:host/x" or "https:/x": on a page of the same scheme the special
	// relative or authority state reads it as relative; on the other, the
	// special authority slashes state reads a host. The page's scheme is not
	// known here, so both readings are tried and the better rule wins.
	relRank, relReadable := idx.lookupRelative(ref, pageHost)
	absRank, absReadable := idx.lookupAuthority(ref, pageHost)
	if relRank < 0 || absRank >= 0 && absRank < relRank {
		relRank = absRank
	}
	return relRank, relReadable && absReadable
}

func (idx *urlIndex) lookupAuthority(ref []byte, pageHost string) (int32, bool) {
	u, ok := readAuthority(ref)
	if !ok {
		return -1, true // the parser fails: nothing is fetched
	}
	return idx.lookupParts(u, pageHost)
}

func (idx *urlIndex) lookupRelative(ref []byte, pageHost string) (int32, bool) {
	switch {
	case len(ref) == 0: // the page itself
		return -1, true
	case isSlash(ref[0]):
		return idx.lookupParts(urlParts{base: pageRoot, path: ref}, pageHost)
	}
	return idx.lookupParts(urlParts{base: pageDir, path: ref}, pageHost)
}

// lookupParts makes the host and path canonical, as a browser does before
// it fetches, and looks them up. Most URLs already are, and are looked up
// as they are.
func (idx *urlIndex) lookupParts(u urlParts, pageHost string) (int32, bool) {
	if u.base == pageDir || u.base == ownHost && !hostIsCanonical(u.host) || !pathIsCanonical(u.path) {
		return idx.lookupRewritten(u, pageHost)
	}
	u.host = bytes.TrimRight(u.host, ".")
	if len(u.path) == 0 {
		u.path = rootPath
	}
	return idx.match(u, pageHost), true
}

// lookupRewritten is lookupParts for a URL that must be rewritten first:
// apart, so that other URLs do not pay for zeroing its buffers.
func (idx *urlIndex) lookupRewritten(u urlParts, pageHost string) (int32, bool) {
	if u.base == ownHost {
		var hostBuf hostBuffer
		host, err := canonicalHost(u.host, &hostBuf)
		if err != nil {
			return -1, err == errInvalidHost
		}
		u.host = host
	}
	var short [shortPathLen]byte
	buf := short[:]
	if len(u.path) >= len(short) {
		buf = make([]byte, len(u.path)+1)
	}
	u.path = canonicalPath(u.path, buf)
	return idx.match(u, pageHost), true
}

var rootPath = []byte("/")

// match returns the rank of the best rule for a canonical URL, or -1.
func (idx *urlIndex) match(u urlParts, pageHost string) int32 {
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
	return idx.matchPathRules(&idx.anyHost, u.path, best)
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
