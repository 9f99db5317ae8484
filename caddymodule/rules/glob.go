package rules

import "strings"

// glob is a pattern where "*" matches any run of characters (including none),
// split once at compile time so that matching allocates nothing.
type glob struct {
	parts []string // literal runs between the stars; a single part means no star
}

func compileGlob(pattern string) glob {
	return glob{parts: strings.Split(pattern, "*")}
}

func (g glob) exact() bool { return len(g.parts) == 1 }

// prefix is the literal text before the first star.
func (g glob) prefix() string { return g.parts[0] }

// literalLen counts the non-star characters: the more a glob spells out, the
// more specific it is.
func (g glob) literalLen() int {
	n := 0
	for _, p := range g.parts {
		n += len(p)
	}
	return n
}

// match works on both cookie names (strings) and URL paths (bytes from the page).
func match[T string | []byte](g glob, s T) bool {
	if g.exact() {
		return string(s) == g.parts[0]
	}
	first, last := g.parts[0], g.parts[len(g.parts)-1]
	if len(s) < len(first)+len(last) || !hasPrefix(s, first) || !hasPrefix(s[len(s)-len(last):], last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, p := range g.parts[1 : len(g.parts)-1] {
		i := index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func hasPrefix[T string | []byte](s T, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if s[i] != prefix[i] {
			return false
		}
	}
	return true
}

// index is strings.Index for both types. A page's URLs are matched against
// every any-host glob, most of which they do not contain: comparing the
// first byte before the rest keeps a miss at one load a position.
func index[T string | []byte](s T, sub string) int {
	if sub == "" {
		return 0
	}
	first := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i] == first && hasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}
