package rules

import (
	"bytes"
	"slices"
)

// jsContext is what a byte of a script is part of, as far as a light
// lexical reading from the start of the script can tell.
type jsContext uint8

const (
	inCode jsContext = iota
	inString
	inComment
	inRegexp
)

type jsState uint8

const (
	jsCode     jsState = iota
	jsQuoted           // in a '...' or "..." string
	jsTemplate         // in the text of a `...` template
	jsLineComment
	jsBlockComment
	jsRegexp
	jsRegexpClass // in a [...] class of a regular expression literal
)

// maxTemplateDepth bounds the nesting of `${` substitutions the lexer
// follows; deeper than that it gives up and calls the rest code, which holds
// a match back rather than let it through.
const maxTemplateDepth = 8

// jsLexer reads a script byte by byte with just enough state to tell code
// from strings, comments and regular expression literals: not a tokenizer,
// but it is wrong only on scripts a browser would refuse, and where a
// string or regular expression seems to run past a line end (which only a
// misreading makes it do) it starts again as code. It is small and copied
// by value, so that a reading can be taken a few bytes further and dropped.
type jsLexer struct {
	pos     int
	state   jsState
	quote   byte
	escaped bool // the previous byte was a backslash inside a string or regexp
	// last is the last byte of the last token in code, 0 at the start,
	// and lastWord where that token starts if it is a word.
	last     byte
	lastWord int
	depth    int                     // open `${` substitutions
	braces   [maxTemplateDepth]int32 // open "{" in each of them
	overflow bool                    // too deep: the rest is read as code
}

// context says what the byte at p is part of, reading on from where the
// lexer stands (p must not be behind it).
func (l *jsLexer) context(text []byte, p int) jsContext {
	l.advance(text, p)
	switch {
	case l.overflow:
		return inCode
	case l.state == jsQuoted || l.state == jsTemplate:
		return inString
	case l.state == jsLineComment || l.state == jsBlockComment:
		return inComment
	case l.state == jsRegexp || l.state == jsRegexpClass:
		return inRegexp
	}
	return inCode
}

// advance reads text up to (not including) p.
func (l *jsLexer) advance(text []byte, p int) {
	for l.pos < p && !l.overflow {
		l.step(text)
	}
}

func (l *jsLexer) step(text []byte) {
	c := text[l.pos]
	l.pos++
	switch l.state {
	case jsQuoted, jsTemplate, jsRegexp, jsRegexpClass:
		l.stepLiteral(c, text)
	case jsLineComment:
		if c == '\n' || c == '\r' {
			l.state = jsCode
		}
	case jsBlockComment:
		if c == '*' && l.pos < len(text) && text[l.pos] == '/' {
			l.pos++
			l.state = jsCode
		}
	default:
		l.stepCode(c, text)
	}
}

// stepLiteral reads a byte of a string, template or regexp.
func (l *jsLexer) stepLiteral(c byte, text []byte) {
	switch {
	case l.escaped:
		l.escaped = false
	case c == '\\':
		l.escaped = true
	case (c == '\n' || c == '\r') && l.state != jsTemplate:
		l.state = jsCode // only a misreading gets here
	case l.state == jsRegexpClass:
		if c == ']' {
			l.state = jsRegexp
		}
	case l.state == jsRegexp && c == '[':
		l.state = jsRegexpClass
	case l.state == jsTemplate && c == '$' && l.pos < len(text) && text[l.pos] == '{':
		l.pos++
		if l.depth == maxTemplateDepth {
			l.overflow = true
			return
		}
		l.braces[l.depth] = 0
		l.depth++
		l.state, l.last = jsCode, '{'
	case c == l.quote:
		l.state, l.last = jsCode, c
	}
}

func (l *jsLexer) stepCode(c byte, text []byte) {
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
	case isIdentByte(lower(c)):
		if l.pos == 1 || !isIdentByte(lower(text[l.pos-2])) {
			l.lastWord = l.pos - 1
		}
		l.last = c
	case c == '\'' || c == '"' || c == '`':
		l.state, l.quote = jsQuoted, c
		if c == '`' {
			l.state = jsTemplate
		}
	case c == '/' && l.pos < len(text) && text[l.pos] == '/':
		l.state = jsLineComment
	case c == '/' && l.pos < len(text) && text[l.pos] == '*':
		l.state = jsBlockComment
		l.pos++ // its "*" does not end it: "/*/"
	case c == '/' && l.regexpAllowed(text):
		l.state, l.quote = jsRegexp, '/'
	case c == '{' && l.depth > 0:
		l.braces[l.depth-1]++
		l.last = c
	case c == '}' && l.depth > 0 && l.braces[l.depth-1] == 0:
		l.depth--
		l.state, l.quote = jsTemplate, '`'
	case c == '}' && l.depth > 0:
		l.braces[l.depth-1]--
		l.last = c
	default:
		l.last = c
	}
}

// regexpAllowed says whether a "/" in code starts a regular expression
// literal rather than a division: after an operator, an opening bracket or
// a keyword that an expression follows.
func (l *jsLexer) regexpAllowed(text []byte) bool {
	switch {
	case l.last == 0:
		return true
	case l.last == ')' || l.last == ']' || l.last == '\'' || l.last == '"' || l.last == '`':
		return false
	case !isIdentByte(lower(l.last)):
		return true
	}
	return slices.Contains(regexpKeywords, string(text[l.lastWord:identEnd(text, l.lastWord)]))
}

var regexpKeywords = []string{"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"}

func identEnd(text []byte, i int) int {
	for i < len(text) && isIdentByte(lower(text[i])) {
		i++
	}
	return i
}

// loaderEvidence says whether a script's code loads something: it assigns
// a src, creates, inserts or writes elements, fetches, or calls what is
// named as a loader. A vendor's URL in a string of such a script may be
// what it loads; in a script that does none of this it is data.
func loaderEvidence(text []byte) bool {
	var l jsLexer
	open := 0
	for l.pos < len(text) {
		at, was := l.pos, l.state
		l.step(text)
		switch {
		case l.overflow:
			return true
		case was == jsCode && l.state == jsCode && l.lastWord == at && isIdentByte(lower(text[at])):
			end := identEnd(text, at)
			if loaderWord(text[at:end], bytes.TrimLeft(text[end:], " \t\n\r")) {
				return true
			}
		case was == jsCode && l.state == jsQuoted:
			open = l.pos
		case was == jsQuoted && l.state == jsCode && text[at] == l.quote:
			if containsFold(loaderStrings, text[open:at]) {
				return true
			}
		}
	}
	return false
}

var (
	loaderWords = []string{
		"src", "innerHTML", "outerHTML", "createElement", "setAttribute", "sendBeacon", "fetch", "Image", "XMLHttpRequest",
	}
	// Called functions named so: appendChild(, document.write(, $.getScript(,
	// and the sites' own helpers, insertAd(, writeAdURL(, loadJS(.
	loaderCallees = []string{"load", "script", "inject", "require", "include", "import", "write", "insert", "append", "prepend", "embed"}
	loaderStrings = []string{"script", "src", "img", "iframe"} // createElement('script'), ['src']
)

func loaderWord(word, after []byte) bool {
	if containsFold(loaderWords, word) {
		return true
	}
	if len(after) == 0 || after[0] != '(' {
		return false
	}
	return slices.ContainsFunc(loaderCallees, func(s string) bool {
		for i := 0; i+len(s) <= len(word); i++ {
			if bytes.EqualFold(word[i:i+len(s)], []byte(s)) {
				return true
			}
		}
		return false
	})
}

func containsFold(list []string, b []byte) bool {
	return slices.ContainsFunc(list, func(s string) bool { return bytes.EqualFold(b, []byte(s)) })
}
