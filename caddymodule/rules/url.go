package rules

import (
	"bytes"
	"strings"
)

// URLs are read here as a browser reads them before it fetches them: by the
// WHATWG URL Standard's basic URL parser (§4.4), with an http(s) page as
// base, so that rules see the host and path the browser requests, however
// oddly the page spells them.

// maxHostLen is the longest DNS name.
const maxHostLen = 253

// maxURLLen bounds a URL, up to its query, that is rewritten in a fixed
// buffer (one with tabs or newlines, or a path that is not canonical); a
// longer one that needs rewriting is unreadable.
const maxURLLen = 2048

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
// digits. It fails where the parser fails.
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
// but for trailing dots.
func hostIsCanonical(h []byte) bool {
	h = bytes.TrimRight(h, ".")
	if len(h) == 0 || len(h) > maxHostLen {
		return false
	}
	for _, c := range h {
		if !isHostByte(c) {
			return false
		}
	}
	return true
}

// canonicalHost writes the host into buf lower-cased, without trailing
// dots, as a browser resolves it; ok is false for a host it cannot read.
func canonicalHost(raw []byte, buf *hostBuffer) (host []byte, ok bool) {
	if len(raw) > len(buf) {
		return nil, false
	}
	ipv6 := len(raw) > 0 && raw[0] == '['
	if ipv6 && raw[len(raw)-1] != ']' {
		return nil, false
	}
	for i, c := range raw {
		if !isHostByte(lower(c)) && !(ipv6 && (c == '[' || c == ']' || c == ':')) {
			return nil, false
		}
		buf[i] = lower(c)
	}
	host = bytes.TrimRight(buf[:len(raw)], ".")
	return host, len(host) > 0 && len(host) <= maxHostLen
}

// pathIsCanonical reports whether canonicalPath would return p as it is.
func pathIsCanonical(p []byte) bool {
	return len(p) > 0 && p[0] == '/'
}

// canonicalPath writes into buf the path a browser requests. A
// path-relative one is resolved as if the page were at the root: only
// any-host globs, which all start with "*/", see it.
func canonicalPath(p []byte, buf *[maxURLLen]byte) ([]byte, bool) {
	if len(p) >= len(buf) {
		return nil, false
	}
	if len(p) > 0 && p[0] == '/' {
		return p, true
	}
	buf[0] = '/'
	return buf[:1+copy(buf[1:], p)], true
}

func cutQuery(s []byte) []byte {
	for i, c := range s {
		if c == '?' || c == '#' {
			return s[:i]
		}
	}
	return s
}

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

func containsTabOrNewline(s []byte) bool {
	for _, c := range s {
		if c <= '\r' && isTabOrNewline(c) {
			return true
		}
	}
	return false
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

// isSlash: in an http(s) URL a backslash is a slash.
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
