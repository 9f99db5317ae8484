package htmlrewrite

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// state is a tokenizer state of WHATWG HTML §13.2.5, named after it. States
// that differ only in what they emit (RCDATA and RAWTEXT, the three end tag
// open and name states of raw text and script data) are merged, and the
// comment less-than sign states are left out: they only decide parse
// errors, never where a comment ends.
type state uint8

const (
	stBOM state = iota // document start: steps over a byte order mark
	stData
	stPlaintext
	stRawText // RCDATA and RAWTEXT
	stRawTextLt
	stScript
	stScriptLt
	stScriptEscapeStart
	stScriptEscapeStartDash
	stScriptEscaped
	stScriptEscapedDash
	stScriptEscapedDashDash
	stScriptEscapedLt
	stScriptDoubleEscapeStart
	stScriptDoubleEscaped
	stScriptDoubleEscapedDash
	stScriptDoubleEscapedDashDash
	stScriptDoubleEscapedLt
	stScriptDoubleEscapeEnd
	stRawEndTagOpen // RCDATA, RAWTEXT, script data (escaped) end tag open; falls back to ret
	stRawEndTagName
	stCDATA
	stCDATABracket
	stCDATAEnd
	stTagOpen
	stEndTagOpen
	stMarkupDecl
	stBogusComment
	stDoctype // all DOCTYPE states: each ends the token at '>'
	stCommentStart
	stCommentStartDash
	stComment
	stCommentEndDash
	stCommentEnd
	stCommentEndBang
	stTagName // this and all below: inside a tag
	stBeforeAttrName
	stAttrName
	stAfterAttrName
	stBeforeAttrValue
	stAttrValueDQ
	stAttrValueSQ
	stAttrValueUnq
	stAfterAttrValueQ
	stSelfClosing
)

func (s state) inTag() bool     { return s >= stTagName }
func (s state) inAttr() bool    { return s >= stAttrName && s <= stAttrValueUnq } // not read whole yet
func (s state) inValue() bool   { return s >= stAttrValueDQ && s <= stAttrValueUnq }
func (s state) inComment() bool { return s >= stCommentStart && s <= stCommentEndBang }

type tagKind uint8

const (
	startTag tagKind = iota
	endTag
)

// Byte classes. "Whitespace" is the tokenizer's (tab, LF, FF, space) plus
// CR, which input preprocessing turns into LF.
const (
	clSpace    = 1 << iota
	clNameEnd  // ends a tag name: whitespace, '/', '>'
	clAttrEnd  // ends an attribute name: whitespace, '/', '=', '>'
	clValueEnd // ends an unquoted attribute value: whitespace, '>'
	clAlpha
	clDashLt // '-' and '<': what matters in escaped script data
)

var (
	class [256]uint8
	lower [256]byte
)

func init() {
	for c := range 256 {
		lower[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			lower[c] = byte(c) + 'a' - 'A'
		}
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' {
			class[c] |= clAlpha
		}
	}
	for _, c := range []byte("\t\n\f\r ") {
		class[c] |= clSpace | clNameEnd | clAttrEnd | clValueEnd
	}
	class['/'] |= clNameEnd | clAttrEnd
	class['='] |= clAttrEnd
	class['>'] |= clNameEnd | clAttrEnd | clValueEnd
	class['-'] |= clDashLt
	class['<'] |= clDashLt
}

func isSpace(c byte) bool { return class[c]&clSpace != 0 }
func isAlpha(c byte) bool { return class[c]&clAlpha != 0 }

var bom = []byte("\xef\xbb\xbf")

// Token kinds reported to the test hook.
type tokKind uint8

const (
	tokStartTag tokKind = iota
	tokEndTag
	tokComment // comments, bogus comments included
	tokDoctype
	tokDropped // bytes the tokenizer drops: "</>", a tag cut by EOF
)

type token struct {
	kind        tokKind
	start, end  int64
	attrs       []attrSpan
	selfClosing bool
}

// token reports the current token, ending at input offset end, to the test
// hook.
func (r *Rewriter) token(k tokKind, end int64) {
	if r.onToken != nil {
		r.onToken(token{k, r.tokAbs, end, r.attrs, r.selfCl})
	}
}

// run advances the tokenizer over the chunk p. The loop bound n is the
// chunk's end or the bound of the current hold, recomputed wherever a hold
// may begin or shrink; where a hold ends, a stale bound is merely too short.
func (r *Rewriter) run(p []byte) {
	i, n := 0, r.limit(len(p))
	for {
		for i >= n {
			if r.holding && r.off+int64(i) >= r.holdLimit {
				r.holdLimitReached(i)
			} else if n == len(p) || r.err != nil {
				return
			}
			n = r.limit(len(p))
		}
		c := p[i]
		switch r.st {
		case stData: // the common path falls through to the end of a tag
			var end int
			if !r.fast() {
				end = n
				if j := bytes.IndexByte(p[i:n], '<'); j >= 0 {
					end = i + j
				}
				if r.headWait {
					r.headText(i, end)
				}
			} else {
				n = len(p) // nothing is held: the bound of an earlier hold is stale
				if r.nframes == 0 {
					end = r.plainRun(p, i)
				} else {
					end = r.foreignRun(p, i)
				}
			}
			if end == n {
				i = n
				continue
			}
			r.beginHold(end)
			r.st = stTagOpen
			if i, n = end+1, r.limit(len(p)); i == n {
				continue
			}
			fallthrough

		case stTagOpen: // §13.2.5.6
			switch c = p[i]; {
			case c == '!':
				r.st, r.md = stMarkupDecl, 0
				i++
				continue
			case c == '/':
				r.st = stEndTagOpen
				i++
				continue
			case c == '?':
				r.release()
				r.st = stBogusComment
				continue
			case !isAlpha(c): // the '<' was text
				if r.headWait {
					r.injectHead(r.holdAbs)
				}
				r.release()
				r.st = stData
				continue
			}
			r.beginTag(startTag)
			fallthrough

		case stTagName:
			j, q := i, p[:n]
			for uint(j) < uint(len(q)) && class[q[j]]&clNameEnd == 0 {
				j++
			}
			if j == n {
				r.appendName(p[i:j])
				i = n
				continue
			}
			if r.nameLen == 0 && r.nframes == 0 && r.overflow == 0 {
				r.nameLen, r.elem = j-i, lookupElem(p[i:j])
			} else {
				r.finishName(p[i:j])
			}
			i = j
			if r.plain() {
				r.release()
			} else {
				r.tagNameEnd()
			}
			r.st = stBeforeAttrName
			fallthrough

		case stBeforeAttrName, stAttrName, stAfterAttrName, stBeforeAttrValue,
			stAttrValueDQ, stAttrValueSQ, stAttrValueUnq, stAfterAttrValueQ, stSelfClosing:
			if i = r.attributes(p, i, n); i == n {
				continue
			}
			if r.plain() && !r.keep && r.onToken == nil {
				r.st = stData
				i++
			} else {
				i, n = r.tagEnd(i), r.limit(len(p))
			}

		case stBOM:
			if r.md < len(bom) && c == bom[r.md] {
				r.md++
				i++
				continue
			}
			r.md = 0
			r.st = stData

		case stPlaintext:
			i = n

		case stEndTagOpen:
			switch {
			case isAlpha(c):
				r.beginTag(endTag)
			case c == '>': // "</>" is dropped
				r.token(tokDropped, r.off+int64(i)+1)
				r.release()
				r.st = stData
				i++
			default:
				r.release()
				r.st = stBogusComment
			}

		case stMarkupDecl: // §13.2.5.42
			if r.md == 0 {
				switch {
				case c == '-':
					r.mdWant = "--"
				case c == 'd' || c == 'D':
					r.mdWant = "doctype"
				case c == '[' && r.cdataAllowed():
					r.mdWant = "[CDATA["
				default:
					r.release()
					r.st = stBogusComment
					continue
				}
			}
			if w := r.mdWant[r.md]; c != w && ('a' > w || lower[c] != w) {
				r.release()
				r.st = stBogusComment // reconsume: what matched holds no '>'
				continue
			}
			r.md++
			i++
			if r.md < len(r.mdWant) {
				continue
			}
			switch r.mdWant {
			case "--":
				r.st = stCommentStart
				// Held while it may be a marker.
				r.holdLimit = r.holdAbs + int64(len(MarkerClose))
				n = r.limit(len(p))
			case "doctype":
				r.release()
				r.st = stDoctype
			default:
				r.release()
				r.st = stCDATA
			}

		case stBogusComment, stDoctype:
			j := bytes.IndexByte(p[i:n], '>')
			if j < 0 {
				i = n
				continue
			}
			i += j
			if r.st == stDoctype {
				r.token(tokDoctype, r.off+int64(i)+1)
			} else {
				r.token(tokComment, r.off+int64(i)+1)
			}
			r.st = stData
			i++

		case stCommentStart:
			switch c {
			case '-':
				r.st = stCommentStartDash
				i++
			case '>': // "<!-->"
				i = r.commentEnd(i)
			default:
				r.st = stComment
			}

		case stCommentStartDash:
			switch c {
			case '-':
				r.st = stCommentEnd
				i++
			case '>': // "<!--->"
				i = r.commentEnd(i)
			default:
				r.st = stComment
			}

		case stComment:
			j := bytes.IndexByte(p[i:n], '-')
			if j < 0 {
				i = n
				continue
			}
			i += j + 1
			r.st = stCommentEndDash

		case stCommentEndDash:
			if c == '-' {
				r.st = stCommentEnd
				i++
			} else {
				r.st = stComment
			}

		case stCommentEnd:
			switch c {
			case '>':
				i = r.commentEnd(i)
			case '!':
				r.st = stCommentEndBang
				i++
			case '-':
				i++
			default:
				r.st = stComment
			}

		case stCommentEndBang:
			switch c {
			case '-':
				r.st = stCommentEndDash
				i++
			case '>': // "--!>"
				i = r.commentEnd(i)
			default:
				r.st = stComment
			}

		case stCDATA: // §13.2.5.69, only in foreign content
			j := bytes.IndexByte(p[i:n], ']')
			if j < 0 {
				i = n
				continue
			}
			i += j + 1
			r.st = stCDATABracket

		case stCDATABracket:
			if c == ']' {
				r.st = stCDATAEnd
				i++
			} else {
				r.st = stCDATA
			}

		case stCDATAEnd:
			switch c {
			case ']':
				i++
			case '>':
				r.st = stData
				i++
			default:
				r.st = stCDATA
			}

		case stRawText:
			j := bytes.IndexByte(p[i:n], '<')
			if j < 0 {
				i = n
				continue
			}
			i += j
			r.ltAbs = r.off + int64(i)
			r.st = stRawTextLt
			i++

		case stRawTextLt:
			if c == '/' {
				r.st, r.ret = stRawEndTagOpen, stRawText
				i++
			} else {
				r.st = stRawText
			}

		case stScript:
			j := bytes.IndexByte(p[i:n], '<')
			if j < 0 {
				i = n
				continue
			}
			i += j
			r.ltAbs = r.off + int64(i)
			r.st = stScriptLt
			i++

		case stScriptLt:
			switch c {
			case '/':
				r.st, r.ret = stRawEndTagOpen, stScript
				i++
			case '!':
				r.st = stScriptEscapeStart
				i++
			default:
				r.st = stScript
			}

		case stScriptEscapeStart:
			if c == '-' {
				r.st = stScriptEscapeStartDash
				i++
			} else {
				r.st = stScript
			}

		case stScriptEscapeStartDash:
			if c == '-' {
				r.st = stScriptEscapedDashDash
				i++
			} else {
				r.st = stScript
			}

		case stScriptEscaped, stScriptDoubleEscaped:
			for i < n && class[p[i]]&clDashLt == 0 {
				i++
			}
			if i == n {
				continue
			}
			r.escapedDashLt(p[i], i)
			i++

		case stScriptEscapedDash, stScriptEscapedDashDash,
			stScriptDoubleEscapedDash, stScriptDoubleEscapedDashDash:
			if c == '>' && (r.st == stScriptEscapedDashDash || r.st == stScriptDoubleEscapedDashDash) {
				r.st = stScript
			} else if c == '-' || c == '<' {
				r.escapedDashLt(c, i)
			} else if r.st <= stScriptEscapedDashDash {
				r.st = stScriptEscaped
			} else {
				r.st = stScriptDoubleEscaped
			}
			i++

		case stScriptEscapedLt:
			switch {
			case c == '/':
				r.st, r.ret = stRawEndTagOpen, stScriptEscaped
				i++
			case isAlpha(c):
				r.tmpLen, r.tmpOK = 0, true
				r.st = stScriptDoubleEscapeStart
			default:
				r.st = stScriptEscaped
			}

		case stScriptDoubleEscapeStart, stScriptDoubleEscapeEnd:
			switch {
			case class[c]&clNameEnd != 0:
				isScript := r.tmpOK && r.tmpLen == len("script")
				if isScript == (r.st == stScriptDoubleEscapeStart) {
					r.st = stScriptDoubleEscaped
				} else {
					r.st = stScriptEscaped
				}
				i++
			case isAlpha(c):
				r.matchName(c, "script")
				i++
			case r.st == stScriptDoubleEscapeStart:
				r.st = stScriptEscaped
			default:
				r.st = stScriptDoubleEscaped
			}

		case stScriptDoubleEscapedLt:
			if c == '/' {
				r.tmpLen, r.tmpOK = 0, true
				r.st = stScriptDoubleEscapeEnd
				i++
			} else {
				r.st = stScriptDoubleEscaped
			}

		case stRawEndTagOpen:
			if isAlpha(c) {
				r.tmpLen, r.tmpOK = 0, true
				r.st = stRawEndTagName
			} else {
				r.st = r.ret
			}

		case stRawEndTagName:
			if isAlpha(c) {
				r.matchName(c, r.endName)
				i++
				continue
			}
			if class[c]&clNameEnd == 0 || !r.tmpOK || r.tmpLen != len(r.endName) {
				r.st = r.ret // not the appropriate end tag: text
				continue
			}
			r.rawEndTag(i)
			r.st = stBeforeAttrName
		}
	}
}

// fast reports whether plainRun (no foreign element open) or foreignRun
// (in foreign content within the bounds of frames) may scan on from the
// data state: past the head injection point, not in HTML content inside
// foreign content, holding nothing, and with no tokens to report.
func (r *Rewriter) fast() bool {
	return !r.headWait && r.overflow == 0 && (r.nframes == 0 || !r.frames[r.nframes-1].integration) &&
		!r.holding && r.onToken == nil && !r.noFast && !r.tokenOnly
}

// plainStart holds the elements whose start tags change nothing once the
// head injection point is passed, in HTML content: they switch the
// tokenizer to no other state, open no foreign or template content, and
// fetch nothing.
var plainStart = [256]bool{elemOther: true, elemHTML: true, elemHead: true, elemBody: true, elemMeta: true}

// plainRun scans p from index i in the data state, when fast and no foreign
// element is open, over text and over the tags that change nothing: start
// tags of the elements in plainStart, and end tags other than </body> and
// </template>. Such a tag, found whole in p, is stepped over without
// holding or recording anything, as none of what the general path notes
// about it is read again. plainRun returns len(p), or the index of a '<'
// that begins any other token (or a tag p ends in), which the general path
// then reads from its start.
//
// Here and in skipAttrs and foreignRun, indexes are compared with len(p) as
// uint, which tells the compiler that they are not negative: the loops then
// go without bounds checks.
func (r *Rewriter) plainRun(p []byte, i int) int {
	const lo, hi, lts = 0x0101010101010101, 0x8080808080808080, '<' * 0x0101010101010101
	onPlain := r.onPlain
	for uint(i) < uint(len(p)) {
		// Text between tags is mostly short: its first 16 bytes are looked
		// at eight at a time, before the call that longer text pays off.
		j := -1
		if i+16 <= len(p) {
			w := binary.LittleEndian.Uint64(p[i:i+8]) ^ lts
			if m := (w - lo) &^ w & hi; m != 0 {
				j = i + bits.TrailingZeros64(m)>>3
			} else if w = binary.LittleEndian.Uint64(p[i+8:i+16]) ^ lts; (w-lo)&^w&hi != 0 {
				j = i + 8 + bits.TrailingZeros64((w-lo)&^w&hi)>>3
			} else if j = bytes.IndexByte(p[i+16:], '<'); j >= 0 {
				j += i + 16
			}
		} else if j = bytes.IndexByte(p[i:], '<'); j >= 0 {
			j += i
		}
		if j < 0 {
			return len(p)
		}
		k := j + 1
		if uint(k) >= uint(len(p)) {
			return j
		}
		c := p[k]
		end := c == '/'
		if end {
			if k++; uint(k) >= uint(len(p)) {
				return j
			}
			c = p[k]
		}
		if !isAlpha(c) {
			if end || c == '!' || c == '?' {
				return j // "</>", a bogus comment, a comment or DOCTYPE
			}
			i = k // the '<' was text; c is reconsumed in the data state
			continue
		}
		m := k + 1
		for uint(m) < uint(len(p)) && class[p[m]]&clNameEnd == 0 {
			m++
		}
		if uint(m) >= uint(len(p)) {
			return j
		}
		if end {
			// Of the end tags, only </body> and </template> do something.
			if l := m - k; (l == 4 || l == 8) && lookupElem(p[k:m]) != elemOther {
				return j
			}
		}
		input := false
		if !end && m-k >= minElemName { // not a, p, em, li
			e := lookupElem(p[k:m])
			input = e == elemInput
			if e != elemOther && !plainStart[e] && !input {
				return j
			}
		}
		gt := m
		if p[m] != '>' {
			if gt, _ = skipAttrs(p, m); gt < 0 {
				return j
			}
			if input && mayHaveSrc(p[m:gt]) {
				return j
			}
		}
		if onPlain != nil {
			onPlain(r.off+int64(j), r.off+int64(gt)+1)
		}
		i = gt + 1
	}
	return len(p)
}

// mayHaveSrc says whether the attributes of a tag, attrs, may hold a src
// attribute with a value: "src" in any case, after whitespace, '/' or a
// quote (where an attribute name begins) and before optional whitespace and
// '='. It may say yes wrongly, from inside a value, never no wrongly.
func mayHaveSrc(attrs []byte) bool {
	for i := 1; i+3 < len(attrs); i++ {
		if lower[attrs[i]] != 's' || lower[attrs[i+1]] != 'r' || lower[attrs[i+2]] != 'c' {
			continue
		}
		if c := attrs[i-1]; !isSpace(c) && c != '/' && c != '"' && c != '\'' {
			continue
		}
		k := i + 3
		for k < len(attrs) && isSpace(attrs[k]) {
			k++
		}
		if k < len(attrs) && attrs[k] == '=' {
			return true
		}
	}
	return false
}

// skipAttrs runs the attribute states over p from index i, right after a
// tag name, like attributes but recording nothing: it returns the index of
// the '>' that ends the tag, or -1 if p ends first, and whether the tag is
// self-closing. The after attribute value (quoted) state is merged into
// the before attribute name state, which it reconsumes in for anything but
// whitespace, '/' and '>', which that state treats the same.
func skipAttrs(p []byte, i int) (int, bool) {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
beforeName:
	for ; uint(i) < uint(len(p)); i++ {
		if c := p[i]; c == '>' {
			return i, false
		} else if c == '/' {
			goto selfClosing
		} else if !isSpace(c) {
			goto name // '=' too begins a name here
		}
	}
	return -1, false
selfClosing: // at the '/'
	if i++; uint(i) < uint(len(p)) && p[i] == '>' {
		return i, true
	}
	goto beforeName // reconsumed
name:
	i++ // the name's first character
	for uint(i) < uint(len(p)) && class[p[i]]&clAttrEnd == 0 {
		i++
	}
	for ; uint(i) < uint(len(p)); i++ { // the after attribute name state
		switch p[i] {
		case '>':
			return i, false
		case '/':
			goto selfClosing
		case '=':
			i++
			goto beforeValue
		case '\t', '\n', '\f', '\r', ' ':
		default:
			goto name
		}
	}
	return -1, false
beforeValue:
	for uint(i) < uint(len(p)) && isSpace(p[i]) {
		i++
	}
	if uint(i) >= uint(len(p)) {
		return -1, false
	}
	switch q := p[i]; q {
	case '>': // missing value
		return i, false
	case '"', '\'':
		// Values are often short, as text is (see plainRun).
		i++
		if v := p[i:]; len(v) >= 16 {
			qs := uint64(q) * lo
			w := binary.LittleEndian.Uint64(v) ^ qs
			if m := (w - lo) &^ w & hi; m != 0 {
				i += bits.TrailingZeros64(m)>>3 + 1
				goto beforeName
			}
			w = binary.LittleEndian.Uint64(v[8:]) ^ qs
			if m := (w - lo) &^ w & hi; m != 0 {
				i += 8 + bits.TrailingZeros64(m)>>3 + 1
				goto beforeName
			}
			i += 16
		}
		j := bytes.IndexByte(p[i:], q)
		if j < 0 {
			return -1, false
		}
		i += j + 1
		goto beforeName
	}
	for uint(i) < uint(len(p)) && class[p[i]]&clValueEnd == 0 {
		i++
	}
	if uint(i) >= uint(len(p)) {
		return -1, false
	}
	if p[i] == '>' {
		return i, false
	}
	i++
	goto beforeName
}

// foreignRun is plainRun in foreign content (see fast): it steps over the
// tags that foreignTag does, and returns len(p) or the index of the '<' of
// any other token, or of the first tag once out of foreign content.
func (r *Rewriter) foreignRun(p []byte, i int) int {
	for uint(i) < uint(len(p)) {
		j := bytes.IndexByte(p[i:], '<')
		if j < 0 {
			return len(p)
		}
		j += i
		if r.nframes == 0 || r.frames[r.nframes-1].integration {
			return j // HTML content
		}
		k := j + 1
		if uint(k) >= uint(len(p)) {
			return j
		}
		c := p[k]
		end := c == '/'
		if end {
			if k++; uint(k) >= uint(len(p)) {
				return j
			}
			c = p[k]
		}
		if !isAlpha(c) {
			if end || c == '!' || c == '?' {
				return j
			}
			i = k
			continue
		}
		m := k + 1
		for uint(m) < uint(len(p)) && class[p[m]]&clNameEnd == 0 {
			m++
		}
		if uint(m) >= uint(len(p)) {
			return j
		}
		gt := r.foreignTag(p, k, m, end)
		if gt < 0 {
			return j
		}
		if r.onPlain != nil {
			r.onPlain(r.off+int64(j), r.off+int64(gt)+1)
		}
		i = gt + 1
	}
	return len(p)
}

// foreignTag steps over a tag in foreign content, named p[k:m], as the
// general path would: an end tag closes foreign elements (endTagDone), a
// start tag that is not self-closing opens one (startTagDone). It returns
// the index of the '>' that ends the tag, or -1, with nothing changed, for
// what it leaves to the general path: a tag p ends in, a start tag that
// leaves foreign content or may (breaksOut, <font>), one that opens an
// integration point or would go beyond frames, and the end tags that may
// be </body> or </template>.
func (r *Rewriter) foreignTag(p []byte, k, m int, end bool) int {
	var b [len(r.name)]byte // the name as tagName has it
	name := b[:min(m-k, len(b))]
	for x := range name {
		name[x] = lower[p[k+x]]
	}
	if end {
		if l := m - k; (l == 4 || l == 8) && lookupElem(p[k:m]) != elemOther {
			return -1
		}
	} else if breaksOut(name) || string(name) == "font" || string(name) == "annotation-xml" || foreignURLs[lookupElem(name)] != nil {
		return -1
	}
	gt, selfCl := m, false
	if p[m] != '>' {
		if gt, selfCl = skipAttrs(p, m); gt < 0 {
			return -1
		}
	}
	if end {
		// As endTagDone; </p> and </br> name no open foreign element, as
		// their start tags break out.
		if f := r.findFrame(name); f >= 0 {
			r.nframes = f
		} else if closesForeign(name) {
			r.popToHTML()
		}
		return gt
	}
	if selfCl {
		return gt
	}
	if r.nframes == len(r.frames) || r.integrationPoint(r.childIsMath(name), name) {
		return -1
	}
	r.push(r.childIsMath(name), name, false)
	return gt
}

// attributes runs the attribute states (§13.2.5.32 to §13.2.5.40) over
// p[i:n]: it returns the index of the '>' that ends the tag, or n. Only a
// quote right after '=' (and whitespace) opens a quoted value; '/' makes a
// tag self-closing only right before '>'. The states are ordered so that
// the common name="value" falls through them in one pass.
func (r *Rewriter) attributes(p []byte, i, n int) int {
	st, rec := r.st, r.record
	p = p[:n] // lets the compiler drop bounds checks
	for uint(i) < uint(len(p)) {
		switch st {
		case stBeforeAttrName:
			switch c := p[i]; {
			case isSpace(c):
				i++
				continue
			case c == '/':
				r.slashAbs, st = r.off+int64(i), stSelfClosing
				i++
				continue
			case c == '>':
				r.st = st
				return i
			}
			if rec { // '=' here starts a name with it
				r.beginAttr(i)
				rec = r.record
			}
			st = stAttrName
			i++
			fallthrough

		case stAttrName:
			for uint(i) < uint(len(p)) && class[p[i]]&clAttrEnd == 0 {
				i++
			}
			if i == len(p) {
				continue
			}
			if rec {
				r.endAttrName(i)
			}
			switch p[i] {
			case '/':
				r.slashAbs, st = r.off+int64(i), stSelfClosing
				i++
				continue
			case '>':
				r.st = st
				return i
			case '=':
			default:
				st = stAfterAttrName
				i++
				continue
			}
			st = stBeforeAttrValue
			i++
			fallthrough

		case stBeforeAttrValue:
			for uint(i) < uint(len(p)) && isSpace(p[i]) {
				i++
			}
			if i == len(p) {
				continue
			}
			switch c := p[i]; c {
			case '>': // missing value
				r.st = st
				return i
			case '"', '\'':
				st = stAttrValueDQ
				if c == '\'' {
					st = stAttrValueSQ
				}
				i++
			default:
				st = stAttrValueUnq
				if rec {
					r.beginValue(i)
				}
				continue
			}
			if rec {
				r.beginValue(i)
			}
			fallthrough

		case stAttrValueDQ, stAttrValueSQ:
			q := byte('"')
			if st == stAttrValueSQ {
				q = '\''
			}
			j := bytes.IndexByte(p[i:], q)
			if j < 0 {
				i = len(p)
				continue
			}
			i += j
			if rec {
				r.endValue(i)
			}
			st = stAfterAttrValueQ
			i++
			fallthrough

		case stAfterAttrValueQ:
			if i == len(p) {
				continue
			}
			switch c := p[i]; {
			case isSpace(c):
				i++
			case c == '/':
				r.slashAbs, st = r.off+int64(i), stSelfClosing
				i++
				continue
			case c == '>':
				r.st = st
				return i
			}
			// After whitespace, or a missing one: reconsume.
			st = stBeforeAttrName

		case stAfterAttrName:
			switch c := p[i]; {
			case isSpace(c):
			case c == '/':
				r.slashAbs, st = r.off+int64(i), stSelfClosing
			case c == '=':
				st = stBeforeAttrValue
			case c == '>':
				r.st = st
				return i
			default:
				if rec {
					r.beginAttr(i)
					rec = r.record
				}
				st = stAttrName
			}
			i++

		case stAttrValueUnq:
			for uint(i) < uint(len(p)) && class[p[i]]&clValueEnd == 0 {
				i++
			}
			if i == len(p) {
				continue
			}
			if rec {
				r.endValue(i)
			}
			if p[i] == '>' {
				r.st = st
				return i
			}
			st = stBeforeAttrName
			i++

		case stSelfClosing:
			if p[i] == '>' {
				r.st = st
				return i
			}
			st = stBeforeAttrName // unexpected solidus: reconsume
		}
	}
	r.st = st
	return n
}

// escapedDashLt moves on from a '-' or '<' at p[i] in (double) escaped script
// data: the escaped states count dashes, and '<' may start "</script" or, in
// escaped data, "<script".
func (r *Rewriter) escapedDashLt(c byte, i int) {
	double := r.st >= stScriptDoubleEscaped
	switch {
	case c == '<' && double:
		r.st = stScriptDoubleEscapedLt
	case c == '<':
		r.ltAbs = r.off + int64(i)
		r.st = stScriptEscapedLt
	case r.st == stScriptEscaped:
		r.st = stScriptEscapedDash
	case r.st == stScriptDoubleEscaped:
		r.st = stScriptDoubleEscapedDash
	case double:
		r.st = stScriptDoubleEscapedDashDash
	default:
		r.st = stScriptEscapedDashDash
	}
}

// matchName appends letter c to the temporary buffer, kept only as whether
// it still matches want (an ASCII case-insensitive comparison).
func (r *Rewriter) matchName(c byte, want string) {
	if r.tmpLen >= len(want) || lower[c] != want[r.tmpLen] {
		r.tmpOK = false
	}
	r.tmpLen++
}

// appendName adds b, lower-cased, to the tag name, of which the first
// len(r.name) bytes are kept.
func (r *Rewriter) appendName(b []byte) {
	if r.nameLen < len(r.name) {
		for k, c := range b[:min(len(b), len(r.name)-r.nameLen)] {
			r.name[r.nameLen+k] = lower[c]
		}
	}
	r.nameLen += len(b)
}

// plain reports whether the current tag is one that changes nothing: most
// of them, which take the short way through run.
func (r *Rewriter) plain() bool {
	return r.elem == elemOther && !r.headWait && r.nframes == 0 && r.overflow == 0
}

// finishName completes the tag name with its last part b and finds the
// element, for a name begun in an earlier chunk or in foreign content: the
// name itself (lower-cased, in r.name) is needed only there. Elsewhere run
// finds the element straight from the bytes.
func (r *Rewriter) finishName(b []byte) {
	r.appendName(b)
	r.elem = elemOther
	if r.nameLen <= len(r.name) {
		r.elem = lookupElem(r.name[:r.nameLen])
	}
}

// beginTag starts a tag token at the held '<'.
func (r *Rewriter) beginTag(k tagKind) {
	r.kind = k
	r.nameLen = 0
	r.attrs = r.attrs[:0]
	r.selfCl = false
	r.record = r.onToken != nil
	r.st = stTagName
}

// rawEndTag starts the appropriate end tag that ends raw text or script
// data, found at p[i] after its name.
func (r *Rewriter) rawEndTag(i int) {
	if r.inline {
		r.decideInline(i, r.ltAbs)
	}
	r.kind = endTag
	r.rawEnd = true
	r.tokAbs = r.ltAbs
	r.nameLen = copy(r.name[:], r.endName)
	r.elem = lookupElem(r.name[:r.nameLen])
	r.attrs = r.attrs[:0]
	r.selfCl = false
	r.record = r.onToken != nil
}

// commentEnd ends a comment at the '>' at p[i].
func (r *Rewriter) commentEnd(i int) int {
	r.token(tokComment, r.off+int64(i)+1)
	if r.holding {
		r.comment(i + 1)
	}
	r.st = stData
	return i + 1
}

// tagEnd ends a tag at the '>' at p[i].
func (r *Rewriter) tagEnd(i int) int {
	r.selfCl = r.st == stSelfClosing
	if r.kind == endTag {
		r.token(tokEndTag, r.off+int64(i)+1)
		r.endTagDone()
		r.st = stData
		return i + 1
	}
	r.token(tokStartTag, r.off+int64(i)+1)
	r.noValue = r.st == stBeforeAttrValue
	r.st = stData
	r.startTagDone(i)
	return i + 1
}
