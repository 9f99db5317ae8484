package rules

import "sort"

// cookieRule is one compiled cookie name glob. Rules are kept sorted by
// precedence, so a rule's index is its rank: lower wins.
type cookieRule struct {
	glob   glob
	vendor string
	cat    Category
}

// cookieIndex answers "which rule names this cookie" with one map lookup for
// exact names and a short scan of the globs that share the name's first two
// bytes, instead of trying every glob.
type cookieIndex struct {
	rules    []cookieRule
	exact    map[string]int32
	byPrefix map[uint16][]int32 // globs whose literal prefix has at least two bytes
	short    []int32            // the other globs ("_*_session"), tried for every name
}

// pendingCookie is a rule before sorting: tier and row order break ties.
type pendingCookie struct {
	cookieRule
	tier, row int
}

func newCookieIndex(pending []pendingCookie) cookieIndex {
	sort.SliceStable(pending, func(i, j int) bool {
		a, b := pending[i], pending[j]
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		if a.glob.exact() != b.glob.exact() {
			return a.glob.exact()
		}
		if la, lb := a.glob.literalLen(), b.glob.literalLen(); la != lb {
			return la > lb
		}
		return a.row < b.row
	})
	idx := cookieIndex{
		rules:    make([]cookieRule, len(pending)),
		exact:    make(map[string]int32),
		byPrefix: make(map[uint16][]int32),
	}
	for i, p := range pending {
		idx.rules[i] = p.cookieRule
		rank := int32(i)
		switch prefix := p.glob.prefix(); {
		case p.glob.exact():
			if _, seen := idx.exact[prefix]; !seen {
				idx.exact[prefix] = rank
			}
		case len(prefix) >= 2:
			key := firstTwo(prefix)
			idx.byPrefix[key] = append(idx.byPrefix[key], rank)
		default:
			idx.short = append(idx.short, rank)
		}
	}
	return idx
}

func firstTwo(s string) uint16 { return uint16(s[0])<<8 | uint16(s[1]) }

// lookup returns the rank of the best rule naming name, or -1.
func (idx *cookieIndex) lookup(name string) int32 {
	best := int32(-1)
	if rank, ok := idx.exact[name]; ok {
		best = rank
	}
	if len(name) >= 2 {
		best = idx.firstMatch(idx.byPrefix[firstTwo(name)], name, best)
	}
	return idx.firstMatch(idx.short, name, best)
}

// firstMatch scans ranks (ascending) for a rule that beats best and matches.
func (idx *cookieIndex) firstMatch(ranks []int32, name string, best int32) int32 {
	for _, rank := range ranks {
		if best >= 0 && rank >= best {
			break
		}
		if match(idx.rules[rank].glob, name) {
			return rank
		}
	}
	return best
}
