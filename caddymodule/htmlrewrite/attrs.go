package htmlrewrite

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// attrSpan locates an attribute of the current tag by input offsets. The
// tokenizer records them only for tags that may be rewritten (which are
// held whole, so the offsets index the held bytes).
type attrSpan struct {
	name0, name1 int64
	val0, val1   int64 // without quotes; -1 when there is no value
}

func (r *Rewriter) beginAttr(i int) {
	if !r.record {
		return
	}
	if len(r.attrs) == maxAttrs && r.onToken == nil {
		r.outgrown(i, UnreadTooManyAttributes, stBeforeAttrName) // the attribute begun is not read
		return
	}
	at := r.off + int64(i)
	r.attrs = append(r.attrs, attrSpan{name0: at, name1: at, val0: -1, val1: -1})
}

func (r *Rewriter) endAttrName(i int) {
	if r.record && len(r.attrs) > 0 {
		r.attrs[len(r.attrs)-1].name1 = r.off + int64(i)
	}
}

func (r *Rewriter) beginValue(i int) {
	if r.record && len(r.attrs) > 0 {
		r.attrs[len(r.attrs)-1].val0 = r.off + int64(i)
	}
}

func (r *Rewriter) endValue(i int) {
	if r.record && len(r.attrs) > 0 {
		r.attrs[len(r.attrs)-1].val1 = r.off + int64(i)
		if r.elem == elemInput && r.keep {
			r.inputTypeRead(i)
		}
	}
}

// inputTypeRead stops holding an <input> once its type, just read, shows
// that it fetches nothing: only type=image loads its src. ASP.NET keeps
// its page state in a hidden input of any length, which then streams on.
func (r *Rewriter) inputTypeRead(i int) {
	h := r.heldBytes(i)
	k := len(r.attrs) - 1
	if !eqFold(r.attrName(h, k), "type") || r.first(h, "type") != k {
		return
	}
	if !eqFold(r.value(h, k), "image") {
		r.giveUpTag()
	}
}

// attrName returns the name of attribute k as written, from the held tag h.
func (r *Rewriter) attrName(h []byte, k int) []byte {
	a := &r.attrs[k]
	return h[a.name0-r.holdAbs : a.name1-r.holdAbs]
}

// value returns the value of attribute k as a browser reads it, from the
// held tag h: character references decoded. The result may use r.decoded,
// until the next call.
func (r *Rewriter) value(h []byte, k int) []byte {
	a := &r.attrs[k]
	if a.val0 < 0 {
		return nil
	}
	return r.decode(h[a.val0-r.holdAbs : a.val1-r.holdAbs])
}

// decode returns the attribute value v (as written) as a browser reads it.
// The common value, with no '&', is returned as it is.
func (r *Rewriter) decode(v []byte) []byte {
	if bytes.IndexByte(v, '&') < 0 {
		return v
	}
	r.decoded = appendAttrValue(r.decoded[:0], v)
	return r.decoded
}

// first returns the index of the first attribute named name (lower case),
// or -1: of duplicate attributes, the first wins (§13.2.5.33).
func (r *Rewriter) first(h []byte, name string) int {
	for k := range r.attrs {
		if eqFold(r.attrName(h, k), name) {
			return k
		}
	}
	return -1
}

// last returns the index of the last attribute named name (lower case), or
// -1: the one Chromium's preload scanner takes of some duplicates.
func (r *Rewriter) last(h []byte, name string) int {
	for k := len(r.attrs) - 1; k >= 0; k-- {
		if eqFold(r.attrName(h, k), name) {
			return k
		}
	}
	return -1
}

// eqFold reports whether b equals the lower-case s, ignoring ASCII case.
func eqFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i, c := range b {
		if lower[c] != s[i] {
			return false
		}
	}
	return true
}

// trimSpace removes leading and trailing ASCII whitespace.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// indexSpace returns the index of the first whitespace byte in v, or
// len(v). It looks at eight bytes at a time for one not above ' ', which
// URLs seldom hold but whitespace always is.
func indexSpace(v []byte) int {
	const lo, hi, sp = 0x0101010101010101, 0x8080808080808080, 0x2121212121212121
	i := 0
	for i+8 <= len(v) {
		w := binary.LittleEndian.Uint64(v[i:])
		m := (w - sp) &^ w & hi // the lowest set bit is the first byte < 0x21
		if m == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(m) >> 3
		if isSpace(v[i]) {
			return i
		}
		i++
	}
	for i < len(v) && !isSpace(v[i]) {
		i++
	}
	return i
}

// nextSrcsetURL returns the URL of the first image candidate in a srcset
// value and what follows its descriptors, after the WHATWG "parse a srcset
// attribute" algorithm: URLs are runs of non-whitespace (trailing commas
// end a candidate), descriptors run to a comma outside parentheses.
func nextSrcsetURL(v []byte) (url, rest []byte) {
	i := 0
	for i < len(v) && (isSpace(v[i]) || v[i] == ',') {
		i++
	}
	start := i
	i += indexSpace(v[i:])
	url = v[start:i]
	if n := len(url); n > 0 && url[n-1] == ',' {
		return bytes.TrimRight(url, ","), v[i:]
	}
	paren := false
	for ; i < len(v); i++ {
		switch v[i] {
		case '(':
			paren = true
		case ')':
			paren = false
		case ',':
			if !paren {
				return url, v[i+1:]
			}
		}
	}
	return url, nil
}

// hasToken reports whether the space-separated list v holds one of tokens
// (lower case), ignoring ASCII case.
func hasToken(v []byte, tokens []string) bool {
	for len(v) > 0 {
		i := 0
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		for _, t := range tokens {
			if eqFold(v[:i], t) {
				return true
			}
		}
		for i < len(v) && isSpace(v[i]) {
			i++
		}
		v = v[i:]
	}
	return false
}
