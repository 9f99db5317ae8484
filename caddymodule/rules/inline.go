package rules

import (
	"fmt"
	"sort"
)

// InlineLookahead is how much of an inline script InlineVendor reads. Vendor
// snippets put their loader URL or init call within the first few hundred
// bytes; the margin is for sites that put their own configuration (a
// dataLayer, a CDATA wrapper, comments) in the same script first. The
// rewriter holds at most this much of one script before deciding.
const InlineLookahead = 4096

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

// inlineMatcher is an Aho-Corasick automaton over normalized bytes, compiled
// to a full transition table: one table load per input byte, whatever the
// number of signatures, and no allocation.
type inlineMatcher struct {
	class      [256]uint8 // input byte → column of next; skipByte for ignored bytes
	numClasses int
	// next[row+class] is the row of the next state (state*numClasses, so no
	// multiplication per byte), with hasOutput set when that state ends a
	// signature.
	next     []uint32
	outStart []int32 // outputs of state s: outputs[outStart[s]:outStart[s+1]]
	outputs  []int32 // signature ranks, ascending
	sigs     []sigRule
}

const skipByte = 0xff

// hasOutput marks, in next, a state that ends at least one signature.
const hasOutput = 1 << 31

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

func newInlineMatcher(pending []pendingSig) (inlineMatcher, error) {
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
	}

	// Columns: one per byte value that occurs in a signature, plus column 0
	// for every other byte.
	var column [256]uint8
	m.numClasses = 1
	for _, s := range m.sigs {
		for i := 0; i < len(s.text); i++ {
			if c := s.text[i]; column[c] == 0 {
				column[c] = uint8(m.numClasses)
				m.numClasses++
			}
		}
	}
	for b := range 256 {
		if c, keep := normalizeByte(byte(b)); keep {
			m.class[b] = column[c]
		} else {
			m.class[b] = skipByte
		}
	}

	// The trie, with missing edges as -1.
	trie := [][]int32{newTrieRow(m.numClasses)}
	own := [][]int32{nil}
	for rank, s := range m.sigs {
		state := 0
		for i := 0; i < len(s.text); i++ {
			col := column[s.text[i]]
			if trie[state][col] < 0 {
				trie[state][col] = int32(len(trie))
				trie = append(trie, newTrieRow(m.numClasses))
				own = append(own, nil)
			}
			state = int(trie[state][col])
		}
		own[state] = append(own[state], int32(rank))
	}
	if len(trie)*m.numClasses >= hasOutput {
		return inlineMatcher{}, fmt.Errorf("inline signatures are too long in total (%d automaton states)", len(trie))
	}

	// Breadth first, so that a state's failure link (a shorter suffix) is
	// complete before the state: fill in missing edges from the failure
	// state and inherit its outputs.
	fail := make([]int32, len(trie))
	outs := make([][]int32, len(trie))
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for col := range m.numClasses {
			child := trie[s][col]
			if child < 0 {
				if s == 0 {
					trie[s][col] = 0
				} else {
					trie[s][col] = trie[fail[s]][col]
				}
				continue
			}
			if s != 0 {
				fail[child] = trie[fail[s]][col]
			}
			outs[child] = mergeRanks(own[child], outs[fail[child]])
			queue = append(queue, child)
		}
	}

	m.next = make([]uint32, len(trie)*m.numClasses)
	m.outStart = make([]int32, len(trie)+1)
	for s, row := range trie {
		for col, to := range row {
			v := uint32(int(to) * m.numClasses)
			if len(outs[to]) > 0 {
				v |= hasOutput
			}
			m.next[s*m.numClasses+col] = v
		}
		m.outStart[s] = int32(len(m.outputs))
		m.outputs = append(m.outputs, outs[s]...)
	}
	m.outStart[len(trie)] = int32(len(m.outputs))
	return m, nil
}

func newTrieRow(n int) []int32 {
	row := make([]int32, n)
	for i := range row {
		row[i] = -1
	}
	return row
}

func mergeRanks(a, b []int32) []int32 {
	out := append(append([]int32(nil), a...), b...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// lookup returns the rank of the best signature in text's lookahead, or -1.
func (m *inlineMatcher) lookup(text []byte) int32 {
	if len(text) > InlineLookahead {
		text = text[:InlineLookahead]
	}
	best := int32(-1)
	row := uint32(0)
	for i, b := range text {
		col := m.class[b]
		if col == skipByte {
			continue
		}
		v := m.next[row+uint32(col)]
		row = v &^ hasOutput
		if v&hasOutput != 0 {
			best = m.report(int(row)/m.numClasses, text, i, best)
		}
	}
	return best
}

// report picks the best output of state, whose match ends at text[end], that
// beats best and passes its identifier-boundary check.
func (m *inlineMatcher) report(state int, text []byte, end int, best int32) int32 {
	for _, rank := range m.outputs[m.outStart[state]:m.outStart[state+1]] {
		if best >= 0 && rank >= best {
			break
		}
		s := &m.sigs[rank]
		if !s.wordStart || m.startsIdentifier(text, end, len(s.text)) {
			return rank
		}
	}
	return best
}

// startsIdentifier walks back over a match of n normalized bytes ending at
// text[end] and says whether it starts an identifier: nothing, skipped
// bytes (whitespace) or a non-identifier character come before it.
func (m *inlineMatcher) startsIdentifier(text []byte, end, n int) bool {
	start := end
	for n--; n > 0; n-- {
		start--
		for m.class[text[start]] == skipByte {
			start--
		}
	}
	if start == 0 || m.class[text[start-1]] == skipByte {
		return true
	}
	c, _ := normalizeByte(text[start-1])
	return !isIdentByte(c)
}
