package rules

import (
	"bytes"
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// URLs are read here as a browser reads them before it fetches them: by the
// WHATWG URL Standard's basic URL parser (§4.4), with an http(s) page as
// base, so that rules see the host and path the browser requests, however
// oddly the page spells them.

// maxHostLen is the longest DNS name.
const maxHostLen = 253

// shortPathLen is the size of the stack buffer a path is rewritten in; a
// longer one, rare, takes an allocation.
const shortPathLen = 256

// urlScheme is what a URL's scheme tells rules.
type urlScheme uint8

const (
	noScheme         urlScheme = iota // relative to the page
	webScheme                         // http or https
	javascriptScheme                  // code
	otherScheme                       // data:, blob:, about:, mailto:...: not fetched over http(s)
)

// cutScheme reads a scheme as §4.4's scheme start and scheme states do, on a
// URL trimmed of controls and spaces. Tabs and newlines within it do not
// count, as the parser removes them first (step 3).
func cutScheme(s []byte) (urlScheme, []byte) {
	var name [len("javascript")]byte
	n := 0
	for i, c := range s {
		switch {
		case isTabOrNewline(c):
		case 'a' <= lower(c) && lower(c) <= 'z', n > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
			if n < len(name) {
				name[n] = lower(c)
			}
			n++
		case c == ':' && n > 0:
			if n > len(name) {
				return otherScheme, s[i+1:]
			}
			switch string(name[:n]) {
			case "http", "https":
				return webScheme, s[i+1:]
			case "javascript":
				return javascriptScheme, s[i+1:]
			}
			return otherScheme, s[i+1:]
		default:
			return noScheme, s
		}
	}
	return noScheme, s
}

// urlBase says where a URL is.
type urlBase uint8

const (
	ownHost  urlBase = iota // "https://host/path", "//host/path"
	pageRoot                // "/path": on the page's host
	pageDir                 // "path": below the page's directory, which rules do not know
)

// urlParts is the part of a URL that rules look at: as written when read,
// canonical once lookupParts has rewritten it.
type urlParts struct {
	base urlBase
	host []byte // ownHost only; canonical: lower-case, no trailing dot
	path []byte // no query or fragment; canonical: from the root
}

// onPageHost says whether first-party globs apply: the URL is on the page's
// host. A path-relative URL cannot be placed without the page's path, so
// first-party globs do not apply to it.
func (u urlParts) onPageHost(pageHost string) bool {
	switch u.base {
	case pageRoot:
		return true
	case pageDir:
		return false
	}
	pageHost = strings.TrimRight(stripPort(pageHost), ".")
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

// readAuthority reads "//userinfo@host:port/path" as §4.4's special
// authority ignore slashes, authority, host and port states do: any number
// of slashes and backslashes first, the host after the last "@", a port of
// digits. It fails where the parser fails (no host, a bad port), and a
// browser fetches nothing.
func readAuthority(s []byte) (urlParts, bool) {
	s = trimSlashes(s)
	end := 0
	for end < len(s) && !isSlash(s[end]) {
		end++
	}
	authority, path := s[:end], s[end:]
	if at := bytes.LastIndexByte(authority, '@'); at >= 0 {
		authority = authority[at+1:]
	}
	host, port := cutPort(authority)
	if len(host) == 0 || !validPort(port) {
		return urlParts{}, false
	}
	return urlParts{base: ownHost, host: host, path: path}, true
}

// cutPort cuts an authority at its first ":" outside brackets.
func cutPort(authority []byte) (host, port []byte) {
	inBrackets := false
	for i, c := range authority {
		switch {
		case c == '[':
			inBrackets = true
		case c == ']':
			inBrackets = false
		case c == ':' && !inBrackets:
			return authority[:i], authority[i+1:]
		}
	}
	return authority, nil
}

// validPort is §4.4's port state: digits, at most 65535, or nothing.
func validPort(port []byte) bool {
	n := 0
	for _, c := range port {
		if c < '0' || c > '9' {
			return false
		}
		if n = n*10 + int(c-'0'); n > 65535 {
			return false
		}
	}
	return true
}

// hostBuffer holds a host being rewritten: a DNS name and a few trailing
// dots, which do not count.
type hostBuffer [maxHostLen + 3]byte

// hostIsCanonical reports whether canonicalHost would return h as it is,
// but for trailing dots: most hosts are plain lower-case ASCII, and take
// neither a copy nor IDNA.
func hostIsCanonical(h []byte) bool {
	h = bytes.TrimRight(h, ".")
	if len(h) == 0 || len(h) > maxHostLen || hasPunycodeLabel(h) || endsInNumber(h) {
		return false
	}
	for _, c := range h {
		if !canonicalDomainBytes[c] {
			return false
		}
	}
	return true
}

var (
	// errInvalidHost is the host parser's failure: a browser fetches nothing.
	errInvalidHost = errors.New("invalid host")
	// errUnreadableHost is a host a browser may resolve, but that cannot be
	// read with certainty: one that IDNA rejects (the browser's tables may
	// be newer), that is not UTF-8 (the page may be in another encoding), or
	// that is longer than a DNS name.
	errUnreadableHost = errors.New("host not readable with certainty")
)

// canonicalHost is §3.5's host parser for a special scheme: it writes into
// buf the host a browser serialises (§3.6) and resolves, without the
// trailing dots DNS ignores.
func canonicalHost(raw []byte, buf *hostBuffer) ([]byte, error) {
	if raw[0] == '[' {
		return canonicalIPv6(raw, buf)
	}
	host := buf[:0]
	if isPlainASCII(raw) && len(raw) <= len(buf) {
		// UTS #46 maps ASCII to itself but for upper-case letters; only a
		// Punycode label needs its checks.
		for _, c := range raw {
			host = append(host, lower(c))
		}
	}
	if len(host) == 0 || hasPunycodeLabel(host) {
		ascii, ok := domainToASCII(raw)
		if !ok || len(ascii) > len(buf) {
			return nil, errUnreadableHost
		}
		host = buf[:copy(buf[:], ascii)]
	}
	for _, c := range host {
		if !canonicalDomainBytes[c] {
			return nil, errInvalidHost // a forbidden domain code point
		}
	}
	if endsInNumber(host) {
		ipv4, ok := parseIPv4(host)
		if !ok {
			return nil, errInvalidHost
		}
		return ipv4.AppendTo(buf[:0]), nil
	}
	if host = bytes.TrimRight(host, "."); len(host) == 0 || len(host) > maxHostLen {
		return nil, errUnreadableHost
	}
	return host, nil
}

// canonicalDomainBytes marks the bytes a domain may hold after domain to
// ASCII: lower-case ASCII but for the URL Standard's forbidden domain code
// points.
var canonicalDomainBytes = func() (t [256]bool) {
	for c := byte('!'); c < 0x7f; c++ {
		t[c] = lower(c) == c && strings.IndexByte("#%/:<>?@[\\]^|", c) < 0
	}
	return t
}()

// urlDomainToASCII is the URL Standard's domain to ASCII (§3.3) with
// beStrict false: UTS #46 ToASCII, non-transitional, CheckHyphens false,
// CheckBidi and CheckJoiners true, UseSTD3ASCIIRules and VerifyDnsLength
// false.
var urlDomainToASCII = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false),
	idna.CheckHyphens(false), idna.StrictDomainName(false), idna.VerifyDNSLength(false))

// domainToASCII percent-decodes a host and maps it through UTS #46, as §3.5
// does: full-width letters and dots fold, soft hyphens and the other
// ignored code points vanish. Bytes that are not UTF-8 would become U+FFFD,
// which UTS #46 rejects.
func domainToASCII(raw []byte) (string, bool) {
	decoded := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c, ok := unescapeAt(raw, i)
		if ok {
			i += 2
		}
		decoded = append(decoded, c)
	}
	if !utf8.Valid(decoded) {
		return "", false // x/net/idna would encode them as they are
	}
	ascii, err := urlDomainToASCII.ToASCII(string(decoded))
	return ascii, err == nil && ascii != ""
}

// hasPunycodeLabel reports whether a lower-case host has a label that
// starts with "xn--", which only IDNA can check.
func hasPunycodeLabel(h []byte) bool {
	for at := 0; ; at++ {
		i := bytes.Index(h[at:], []byte("xn--"))
		if i < 0 {
			return false
		}
		if at += i; at == 0 || h[at-1] == '.' {
			return true
		}
	}
}

func isPlainASCII(s []byte) bool {
	for _, c := range s {
		if c >= 0x80 || c == '%' {
			return false
		}
	}
	return true
}

// endsInNumber is §3.5's ends in a number checker: a host whose last label
// is a number is an IPv4 address, however written, or invalid.
func endsInNumber(h []byte) bool {
	if len(h) > 1 && h[len(h)-1] == '.' {
		h = h[:len(h)-1]
	}
	last := h[bytes.LastIndexByte(h, '.')+1:]
	digits := 0
	for digits < len(last) && '0' <= last[digits] && last[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits == len(last) {
		return true
	}
	_, ok := parseIPv4Number(last)
	return ok
}

// parseIPv4 is §3.5's IPv4 parser: one to four numbers, decimal, octal or
// hexadecimal, the last filling the bytes left ("0x7f.1" is 127.0.0.1).
func parseIPv4(h []byte) (netip.Addr, bool) {
	if len(h) > 1 && h[len(h)-1] == '.' {
		h = h[:len(h)-1]
	}
	var numbers [4]uint64
	n := 0
	for more := true; more; {
		var part []byte
		part, h, more = bytes.Cut(h, []byte("."))
		v, ok := parseIPv4Number(part)
		if !ok || n == len(numbers) {
			return netip.Addr{}, false
		}
		numbers[n] = v
		n++
	}
	ipv4 := numbers[n-1]
	if ipv4 >= 1<<(8*(5-n)) {
		return netip.Addr{}, false
	}
	for i, v := range numbers[:n-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		ipv4 += v << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(ipv4 >> 24), byte(ipv4 >> 16), byte(ipv4 >> 8), byte(ipv4)}), true
}

// parseIPv4Number is §3.5's IPv4 number parser; values past 2^32, all
// invalid, are capped so that they cannot wrap.
func parseIPv4Number(s []byte) (uint64, bool) {
	if len(s) == 0 {
		return 0, false
	}
	radix := uint64(10)
	switch {
	case len(s) >= 2 && s[0] == '0' && lower(s[1]) == 'x':
		radix, s = 16, s[2:]
	case len(s) >= 2 && s[0] == '0':
		radix, s = 8, s[1:]
	}
	var v uint64
	for _, c := range s {
		d, ok := unhex(c)
		if !ok || uint64(d) >= radix {
			return 0, false
		}
		v = min(v*radix+uint64(d), 1<<33)
	}
	return v, true
}

// canonicalIPv6 parses "[address]" and serialises it as §3.6 does: lower
// case, the first longest run of zero pieces as "::".
func canonicalIPv6(raw []byte, buf *hostBuffer) ([]byte, error) {
	if raw[len(raw)-1] != ']' {
		return nil, errInvalidHost
	}
	addr, err := netip.ParseAddr(string(raw[1 : len(raw)-1]))
	if err != nil || !addr.Is6() || addr.Zone() != "" {
		return nil, errInvalidHost
	}
	var pieces [8]uint16
	a := addr.As16()
	for i := range pieces {
		pieces[i] = uint16(a[2*i])<<8 | uint16(a[2*i+1])
	}
	compress, run := -1, 1
	for i := 0; i < len(pieces); i++ {
		j := i
		for j < len(pieces) && pieces[j] == 0 {
			j++
		}
		if j-i > run {
			compress, run = i, j-i
		}
		i = max(i, j-1)
	}
	b := append(buf[:0], '[')
	for i := 0; i < len(pieces); i++ {
		if i == compress {
			if i == 0 {
				b = append(b, ':')
			}
			b = append(b, ':')
			i += run - 1
			continue
		}
		b = strconv.AppendUint(b, uint64(pieces[i]), 16)
		if i < len(pieces)-1 {
			b = append(b, ':')
		}
	}
	return append(b, ']'), nil
}

// pathIsCanonical reports whether canonicalPath would return p as it is, p
// being from the root. Most paths are, and are checked in one pass.
func pathIsCanonical(p []byte) bool {
	for i, c := range p {
		if !pathSpecialBytes[c] {
			continue
		}
		switch c {
		case '\\':
			return false
		case '/':
			if i+1 < len(p) && p[i+1] == '/' {
				return false
			}
		case '.':
			if i == 0 || p[i-1] == '/' {
				end := i + 1 // a "." or ".." segment, unescaped: escaped dots are unreserved escapes
				if end < len(p) && p[end] == '.' {
					end++
				}
				if end == len(p) || p[end] == '/' {
					return false
				}
			}
		case '%':
			if unescaped, ok := unescapeAt(p, i); ok && isUnreserved(unescaped) {
				return false
			}
		}
	}
	return true
}

// pathSpecialBytes are the bytes pathIsCanonical looks at.
var pathSpecialBytes = [256]bool{'\\': true, '/': true, '.': true, '%': true}

// canonicalPath writes into buf a path as a server sees it. First as §4.4's
// path state leaves it for a special scheme: "\" is "/", "." and ".."
// segments (also spelled "%2e") resolved. Then as most servers read what
// they are sent: the escapes of unreserved characters decoded, which RFC
// 3986 §6.2.2.2 makes the same path ("/st%61ts/" is "/stats/"), and runs of
// slashes merged (nginx and Apache do so by default). Other escapes stay, as
// "%2F" is not "/" to most servers. A path-relative one is resolved as if
// the page were at the root: only any-host globs, which all start with
// "*/", see it.
//
// buf must have room for len(p)+1 bytes.
func canonicalPath(p []byte, buf []byte) []byte {
	if len(p) > 0 && isSlash(p[0]) {
		p = p[1:] // the path start state
	} else if pathIsCanonical(p) {
		buf[0] = '/' // "js/piwik.js", the common path-relative URL
		return buf[:1+copy(buf[1:], p)]
	}
	out := buf[:0]
	for {
		seg := p[:segmentLen(p)]
		last := len(seg) == len(p)
		switch {
		case isDoubleDotSegment(seg):
			out = out[:max(bytes.LastIndexByte(out, '/'), 0)]
			if last {
				out = append(out, '/')
			}
		case isDotSegment(seg):
			if last {
				out = append(out, '/')
			}
		default:
			out = append(out, '/')
			out = appendUnescapedUnreserved(out, seg)
		}
		if last {
			break
		}
		p = p[len(seg)+1:]
	}
	if !bytes.Contains(out, []byte("//")) {
		return out
	}
	merged := out[:1]
	for _, c := range out[1:] {
		if c != '/' || merged[len(merged)-1] != '/' {
			merged = append(merged, c)
		}
	}
	return merged
}

// appendUnescapedUnreserved appends s with its escapes of unreserved
// characters decoded.
func appendUnescapedUnreserved(b, s []byte) []byte {
	for {
		i := bytes.IndexByte(s, '%')
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		if c, ok := unescapeAt(s, i); ok && isUnreserved(c) {
			b = append(b, c)
			s = s[i+3:]
		} else {
			b = append(b, '%')
			s = s[i+1:]
		}
	}
}

// segmentLen is the length of the path segment p starts with.
func segmentLen(p []byte) int {
	for i, c := range p {
		if isSlash(c) {
			return i
		}
	}
	return len(p)
}

// isDotSegment reports whether seg is a single-dot or a double-dot URL path
// segment, such as "." or ".%2E".
func isDotSegment(seg []byte) bool {
	return equalFoldASCII(seg, ".") || equalFoldASCII(seg, "%2e") || isDoubleDotSegment(seg)
}

func isDoubleDotSegment(seg []byte) bool {
	switch len(seg) {
	case 2:
		return string(seg) == ".."
	case 4:
		return equalFoldASCII(seg, ".%2e") || equalFoldASCII(seg, "%2e.")
	case 6:
		return equalFoldASCII(seg, "%2e%2e")
	}
	return false
}

// isUnreserved is RFC 3986's unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~".
func isUnreserved(c byte) bool {
	return 'a' <= lower(c) && lower(c) <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// cutQuery cuts a URL before its query or fragment, and says whether what
// is left has a tab or newline.
func cutQuery(s []byte) (ref []byte, tabs bool) {
	for i, c := range s {
		if !queryOrTabBytes[c] {
			continue
		}
		if c == '?' || c == '#' {
			return s[:i], tabs
		}
		tabs = true
	}
	return s, tabs
}

var queryOrTabBytes = [256]bool{'?': true, '#': true, '\t': true, '\n': true, '\r': true}

// trimControlsAndSpace drops what the parser strips around a URL: C0
// controls and spaces (§4.4 step 1).
func trimControlsAndSpace(s []byte) []byte {
	for len(s) > 0 && s[0] <= ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] <= ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func isTabOrNewline(c byte) bool { return c == '\t' || c == '\n' || c == '\r' }

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

// isSlash: in an http(s) URL a backslash is a slash.
func isSlash(c byte) bool { return c == '/' || c == '\\' }

// unescapeAt decodes the percent-escape at s[i]; ok is false, and c is
// s[i], where there is none.
func unescapeAt(s []byte, i int) (c byte, ok bool) {
	if s[i] != '%' || i+2 >= len(s) {
		return s[i], false
	}
	hi, ok1 := unhex(s[i+1])
	lo, ok2 := unhex(s[i+2])
	if !ok1 || !ok2 {
		return s[i], false
	}
	return hi<<4 | lo, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= lower(c) && lower(c) <= 'f':
		return lower(c) - 'a' + 10, true
	}
	return 0, false
}

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

// AppendURLHost appends to dst the host a browser fetches a URL from (as
// written in a page, character references decoded), canonical as the host
// parser makes it; nothing for a URL relative to the page, one not fetched
// over http(s), or one whose host cannot be read. It is for listing
// third-party hosts, not for deciding: URLVendor decides.
func AppendURLHost(dst, rawURL []byte) []byte {
	scheme, ref := cutScheme(trimControlsAndSpace(rawURL))
	if scheme != noScheme && scheme != webScheme {
		return dst
	}
	ref, tabs := cutQuery(ref)
	if tabs {
		ref = bytes.Join(bytes.FieldsFunc(ref, func(r rune) bool { return r < utf8.RuneSelf && isTabOrNewline(byte(r)) }), nil)
	}
	if len(ref) < 2 || !isSlash(ref[0]) || !isSlash(ref[1]) {
		return dst // relative: the page's own host (or, for "https:host", see lookupRef)
	}
	u, ok := readAuthority(ref)
	if !ok {
		return dst
	}
	if hostIsCanonical(u.host) {
		return append(dst, bytes.TrimRight(u.host, ".")...)
	}
	var buf hostBuffer
	host, err := canonicalHost(u.host, &buf)
	if err != nil {
		return dst
	}
	return append(dst, host...)
}
