package rules

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
)

// InlineLookahead is how much of an inline script InlineVendor reads. Vendor
// snippets put their loader URL or init call within the first few hundred
// bytes, but a legacy site may paste one after its own code in the same
// script: 64 KiB, the most the rewriter holds of one script, covers that.
const InlineLookahead = 64 << 10

// mediumScript is the longest script lookup normalizes on the stack; a
// longer one, rare, takes a pooled buffer.
const mediumScript = 4096

var normBuffers = sync.Pool{New: func() any { return new([InlineLookahead + anchorLen - 1]byte) }}

const (
	minSignatureLen = 6 // shorter strings turn up in ordinary code
	maxSignatureLen = 120
)

// sigRule is one signature, normalized, with what it stands for.
type sigRule struct {
	text      string // normalized
	wordStart bool   // starts with an identifier character, so must start an identifier
	vendor    string
	cat       Category
}

type pendingSig struct {
	sigRule
	tier, row int
}

// inlineMatcher finds signatures in the normalized look-ahead of a script.
// A signature is at least minSignatureLen bytes long, so wherever it
// starts, one of its first anchorStride bytes sits at a multiple of
// anchorStride, and the four bytes from there (an anchor) are all inside
// it. So the text is probed every anchorStride bytes: a bit per hash of
// the anchors tells the few places where a signature may be, and only
// there are the signatures of that anchor compared in full. No probe waits
// for the one before, as an Aho-Corasick automaton waits for a table load
// per byte, and the tables take 13 KB, so they stay in cache while the
// proxy is busy.
type inlineMatcher struct {
	filter [1 << anchorBits / 64]uint64 // bit h: some anchor hashes to h
	// bucketStart[b]:bucketStart[b+1] are the anchored signatures whose
	// hash has b in its upper bits, by ascending rank.
	bucketStart [1<<bucketBits + 1]int32
	anchors     []anchor
	sigs        []sigRule
}

// anchor is four normalized bytes of sigs[rank], from offset on.
type anchor struct {
	bytes  uint32 // little-endian
	rank   int32
	offset int32
}

const (
	anchorLen    = 4
	anchorStride = minSignatureLen - anchorLen + 1 // see inlineMatcher
	anchorBits   = 15                              // a 4 KB filter, about 1% of its bits set by the built-in anchors
	bucketBits   = 10
	anchorMul    = 0x9e3779b1 // Fibonacci hashing: the upper bits of the product mix all four bytes
)

func anchorHash(w uint32) uint32 { return w * anchorMul >> (32 - anchorBits) }

// normalizing is normalizeByte as a table, for the loop that normalizes a
// script: the normalized byte, plus 1<<8 if the byte is kept.
var normalizing = func() (t [256]uint16) {
	for b := range 256 {
		c, keep := normalizeByte(byte(b))
		t[b] = uint16(c)
		if keep {
			t[b] |= 1 << 8
		}
	}
	return
}()

// normalizeByte maps a byte to what signatures are matched on: ASCII lower
// case, one quote character, and nothing for whitespace and backslashes
// (minifiers and JSON escaping vary those).
func normalizeByte(c byte) (byte, bool) {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\\':
		return 0, false
	case '"', '`':
		return '\'', true
	}
	return lower(c), true
}

func normalizeSignature(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c, keep := normalizeByte(s[i]); keep {
			out = append(out, c)
		}
	}
	return string(out)
}

func checkSignature(s string) error {
	switch n := len(normalizeSignature(s)); {
	case n < minSignatureLen:
		return fmt.Errorf("shorter than %d characters (whitespace aside), too common to identify a vendor", minSignatureLen)
	case n > maxSignatureLen:
		return fmt.Errorf("longer than %d characters", maxSignatureLen)
	}
	return nil
}

// isIdentByte says whether a normalized byte can continue a JavaScript
// identifier; bytes of non-ASCII characters count, as they may be letters.
func isIdentByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// inlineCategoryOrder ranks built-in signatures when one snippet names
// several vendors (a GTM container next to a gtag config): the script is
// held back under the most invasive category, so that accepting only
// analytics never runs a marketing loader.
var inlineCategoryOrder = map[Category]int{Marketing: 0, Analytics: 1, Preferences: 2, Necessary: 3}

func newInlineMatcher(pending []pendingSig) inlineMatcher {
	sort.SliceStable(pending, func(i, j int) bool {
		a, b := pending[i], pending[j]
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		if a.tier == builtinTier && a.cat != b.cat {
			return inlineCategoryOrder[a.cat] < inlineCategoryOrder[b.cat]
		}
		return a.row < b.row
	})
	m := inlineMatcher{sigs: make([]sigRule, len(pending))}
	for i, p := range pending {
		m.sigs[i] = p.sigRule
		for off := range anchorStride {
			w := binary.LittleEndian.Uint32([]byte(p.text[off : off+anchorLen]))
			h := anchorHash(w)
			m.filter[h/64] |= 1 << (h % 64)
			m.anchors = append(m.anchors, anchor{bytes: w, rank: int32(i), offset: int32(off)})
		}
	}
	bucket := func(a anchor) uint32 { return anchorHash(a.bytes) >> (anchorBits - bucketBits) }
	sort.SliceStable(m.anchors, func(i, j int) bool { return bucket(m.anchors[i]) < bucket(m.anchors[j]) })
	for _, a := range m.anchors {
		m.bucketStart[bucket(a)+1]++
	}
	for b := range 1 << bucketBits {
		m.bucketStart[b+1] += m.bucketStart[b]
	}
	return m
}

// shortScript is the longest script lookup copies into a short buffer.
const shortScript = 256

// lookup returns the rank of the best signature in text's lookahead, or -1.
func (m *inlineMatcher) lookup(text []byte) int32 {
	if len(text) > InlineLookahead {
		text = text[:InlineLookahead]
	}
	// The normalized copy lives on the stack, which Go clears first: a short
	// script, the most common kind, gets a short copy. Its last anchorLen-1
	// bytes are room for the anchor read at the last probe.
	if len(text) <= shortScript {
		var norm [shortScript + anchorLen - 1]byte
		return m.search(text, norm[:])
	}
	if len(text) <= mediumScript {
		var norm [mediumScript + anchorLen - 1]byte
		return m.search(text, norm[:])
	}
	norm := normBuffers.Get().(*[InlineLookahead + anchorLen - 1]byte)
	defer normBuffers.Put(norm)
	return m.search(text, norm[:])
}

// search returns the rank of the best signature in text, or -1, using norm
// (anchorLen-1 bytes longer than text) for its normalized copy.
func (m *inlineMatcher) search(text, norm []byte) int32 {
	n := 0
	for _, c := range text {
		v := normalizing[c] // one load for the byte and kept(c)
		norm[n] = byte(v)
		n += int(v >> 8)
	}
	clear(norm[n : n+anchorLen-1]) // the last probe reads past n; a pooled buffer is not zero
	best := int32(-1)
	var cursor scriptCursor
	var loads, loadsRead bool // loaderEvidence(text), read when a match needs it
	for i := 0; i < n; i += anchorStride {
		w := binary.LittleEndian.Uint32(norm[i:])
		h := anchorHash(w)
		if m.filter[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		b := h >> (anchorBits - bucketBits)
		for _, a := range m.anchors[m.bucketStart[b]:m.bucketStart[b+1]] {
			if a.bytes != w || best >= 0 && a.rank >= best {
				continue
			}
			start := i - int(a.offset)
			s := &m.sigs[a.rank]
			if start < 0 || !bytes.HasPrefix(norm[start:n], []byte(s.text)) {
				continue
			}
			orig, spaced := cursor.at(text, i, start)
			if s.wordStart && start > 0 && isIdentByte(norm[start-1]) && !spaced {
				continue
			}
			switch cursor.context(text, orig) {
			case inCode:
			case inString:
				if !loadsRead {
					loads, loadsRead = loaderEvidence(text), true
				}
				if !loads {
					continue
				}
			default:
				continue
			}
			best = a.rank
		}
	}
	return best
}

// scriptCursor walks the original text alongside the normalized text, to
// read a match where it was written: whether skipped bytes (whitespace)
// came right before it, and whether it is code, string, comment or regexp.
// It follows the probes, which only move forward, so a script costs one
// walk however many places are asked about.
type scriptCursor struct {
	orig, norm int     // text[orig-1] became normalized byte norm-1
	lex        jsLexer // read up to orig
}

// at returns where the normalized byte at start, the start of a match
// found by the probe at i, is in text, and whether a skipped byte came
// right before it.
func (c *scriptCursor) at(text []byte, i, start int) (orig int, spaced bool) {
	// The probe's matches start up to anchorStride-1 bytes before it, in
	// any order; the cursor stops at the first of them.
	for first := i - (anchorStride - 1); c.norm < first; c.orig++ {
		c.norm += kept(text[c.orig])
	}
	orig, norm := c.orig, c.norm
	for ; norm < start; orig++ {
		norm += kept(text[orig])
	}
	spaced = kept(text[orig]) == 0
	for kept(text[orig]) == 0 {
		orig++
	}
	return orig, spaced
}

// context is the lexical context of text[orig], orig from at for the
// current probe.
func (c *scriptCursor) context(text []byte, orig int) jsContext {
	c.lex.advance(text, c.orig)
	ahead := c.lex // the probe's other matches may start before orig
	return ahead.context(text, orig)
}

// kept is 1 for a byte that normalizing keeps, 0 for one it drops.
func kept(c byte) int { return int(normalizing[c] >> 8) }
