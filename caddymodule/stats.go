package caddymodule

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/htmlrewrite"
)

// What we count, and never more: no IP address, user agent, cookie value or
// consent id appears here; only cookie names, vendor names and tracker hosts.
//
// The counts are process-wide, like Prometheus counters: they survive config
// reloads, and several cookie_consent handlers add to the same ones.

// visitorState is how a page view's visitor stands.
type visitorState int

const (
	stateUndecided visitorState = iota
	stateAccepted               // every category
	statePartial                // some optional categories
	stateRefused                // none, by choice
	stateGPC                    // none, by Sec-GPC
	numStates
)

var stateNames = [numStates]string{"undecided", "accepted", "partial", "refused", "gpc"}

// decision is how a visitor decided.
type decision int

const (
	decisionAcceptAll decision = iota
	decisionRejectAll
	decisionCustom
	decisionWithdrawn // fewer categories than the visitor had accepted before
	numDecisions
)

var decisionNames = [numDecisions]string{"accept_all", "reject_all", "custom", "withdrawn"}

// unenforcedReason says why an HTML response went out without enforcement.
type unenforcedReason int

const (
	unenforcedEncoding    unenforcedReason = iota // a Content-Encoding we cannot decode
	unenforcedDecodeError                         // the compressed body was corrupt
	// An element that may fetch could not be read whole, and was held back
	// for good: the reasons of htmlrewrite.UnreadPolicy.
	unenforcedTagTooLong
	unenforcedTooManyAttributes
	unenforcedSrcdocTooDeep
	numUnenforced
)

var unenforcedNames = [numUnenforced]string{"encoding", "decode_error",
	htmlrewrite.UnreadTagTooLong, htmlrewrite.UnreadTooManyAttributes, htmlrewrite.UnreadSrcdocTooDeep}

// countUnread counts an element held back unread, by the rewriter's reason.
func (t *tally) countUnread(reason string) {
	if i := slices.Index(unenforcedNames[:], reason); i >= 0 {
		t.unenforced[i].Add(1)
	}
}

// tally is the process-wide set of counters. Every hot-path update is an
// atomic add, or a lock-free map read and an atomic add.
type tally struct {
	pageViews  [numStates]atomic.Uint64
	decisions  [numDecisions]atomic.Uint64
	unenforced [numUnenforced]atomic.Uint64
	cookies    inventory // cookie names the upstream set
	trackers   inventory // tracker hosts (or "inline:VENDOR") pages referenced
}

var counts = &tally{
	cookies:  inventory{limit: maxInventory},
	trackers: inventory{limit: maxInventory},
}

// maxInventory bounds each inventory, so a site that sets random cookie
// names cannot grow it (or the metrics' label sets) without limit.
const maxInventory = 500

// inventoryEntry is one name of an inventory: a cookie name, or a tracker.
type inventoryEntry struct {
	Category string
	Vendor   string        // "" when no rule names it
	seen     atomic.Uint64 // cookies set, or references in pages
	heldBack atomic.Uint64 // cookies dropped, or trackers neutralised
}

// inventory is a bounded, concurrency-safe map from a name to its entry.
// Lookups of known names take no lock; the first sight of a name does.
type inventory struct {
	entries  sync.Map // string -> *inventoryEntry
	mu       sync.Mutex
	size     int
	limit    int
	overflow atomic.Uint64 // sightings of names that found the inventory full
}

// count records a sighting of name, and whether we held it back.
func (inv *inventory) count(name, category, vendor string, heldBack bool) {
	e := inv.get(name, category, vendor)
	if e == nil {
		return
	}
	e.seen.Add(1)
	if heldBack {
		e.heldBack.Add(1)
	}
}

// get returns the entry of name, creating it if there is room; nil when
// the inventory is full.
func (inv *inventory) get(name, category, vendor string) *inventoryEntry {
	if e, ok := inv.entries.Load(name); ok {
		return e.(*inventoryEntry)
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if e, ok := inv.entries.Load(name); ok {
		return e.(*inventoryEntry)
	}
	if inv.size >= inv.limit {
		inv.overflow.Add(1)
		return nil
	}
	e := &inventoryEntry{Category: category, Vendor: vendor}
	inv.entries.Store(strings.Clone(name), e)
	inv.size++
	return e
}

// neutralised counts one element held back for an entry seen before.
func (inv *inventory) neutralised(name string) {
	if e, ok := inv.entries.Load(name); ok {
		e.(*inventoryEntry).heldBack.Add(1)
	}
}

// reset forgets every entry, so that a site can be surveyed anew.
func (inv *inventory) reset() {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.entries.Clear()
	inv.size = 0
	inv.overflow.Store(0)
}

// each calls f for every entry.
func (inv *inventory) each(f func(name string, e *inventoryEntry)) {
	inv.entries.Range(func(k, v any) bool {
		f(k.(string), v.(*inventoryEntry))
		return true
	})
}

// countCookie records a Set-Cookie of the upstream, and whether we dropped it.
func (t *tally) countCookie(name, category, vendor string, dropped bool) {
	if !validCookieName(name) || len(name) > 128 {
		name = "(invalid)"
	}
	t.cookies.count(name, category, vendor, dropped)
}

// stateOf classifies a visitor for the page-view counts.
func (h *Handler) stateOf(st consentState) visitorState {
	switch {
	case st.GPC:
		return stateGPC
	case !st.Decided:
		return stateUndecided
	case st.Accepted == h.allMask:
		return stateAccepted
	case st.Accepted == 1:
		return stateRefused
	}
	return statePartial
}

// decisionOf classifies a decision for the counts: a decision that takes
// back a category accepted before is a withdrawal.
func decisionOf(how decision, before consentState, after catMask) decision {
	if before.Decided && !before.GPC && before.Accepted&^after != 0 {
		return decisionWithdrawn
	}
	return how
}
