package caddymodule

import (
	"maps"
	"sync"
	"time"

	"go.uber.org/zap"
)

// snapshot is a copy of the counts at one moment.
type snapshot struct {
	pageViews      [numStates]uint64
	decisions      [numDecisions]uint64
	unenforced     [numUnenforced]uint64
	cookiesDropped map[string]uint64 // by cookie name
	trackers       map[string]uint64 // neutralised, by vendor
}

func (t *tally) snapshot() snapshot {
	s := snapshot{cookiesDropped: map[string]uint64{}, trackers: map[string]uint64{}}
	for i := range numStates {
		s.pageViews[i] = t.pageViews[i].Load()
	}
	for i := range numDecisions {
		s.decisions[i] = t.decisions[i].Load()
	}
	for i := range numUnenforced {
		s.unenforced[i] = t.unenforced[i].Load()
	}
	t.cookies.each(func(name string, e *inventoryEntry) {
		if n := e.heldBack.Load(); n > 0 {
			s.cookiesDropped[name] = n
		}
	})
	t.trackers.each(func(_ string, e *inventoryEntry) {
		if n := e.heldBack.Load(); n > 0 {
			s.trackers[e.Vendor] += n
		}
	})
	return s
}

// lastSummary is what the previous summary line covered. Every handler's
// ticker logs the counts since then, so with several handlers each count
// still appears in exactly one line.
var lastSummary struct {
	sync.Mutex
	at snapshot
}

// logSummary writes one line with the counts since the last line, or
// nothing when nothing happened.
func logSummary(logger *zap.Logger) {
	lastSummary.Lock()
	defer lastSummary.Unlock()
	now := counts.snapshot()
	prev := lastSummary.at
	lastSummary.at = now

	fields := []zap.Field{}
	total := uint64(0)
	add := func(key string, names []string, cur, old []uint64) {
		m := map[string]uint64{}
		for i, name := range names {
			if d := cur[i] - old[i]; d > 0 {
				m[name] = d
				total += d
			}
		}
		if len(m) > 0 {
			fields = append(fields, zap.Any(key, m))
		}
	}
	add("page_views", stateNames[:], now.pageViews[:], prev.pageViews[:])
	add("decisions", decisionNames[:], now.decisions[:], prev.decisions[:])
	add("unenforced", unenforcedNames[:], now.unenforced[:], prev.unenforced[:])
	for _, m := range []struct {
		key       string
		cur, prev map[string]uint64
	}{{"cookies_dropped", now.cookiesDropped, prev.cookiesDropped}, {"trackers_neutralised", now.trackers, prev.trackers}} {
		delta := maps.Clone(m.cur)
		for name, n := range delta {
			if d := n - m.prev[name]; d > 0 {
				delta[name] = d
				total += d
			} else {
				delete(delta, name)
			}
		}
		if len(delta) > 0 {
			fields = append(fields, zap.Any(m.key, delta))
		}
	}
	if total == 0 {
		return
	}
	logger.Info("cookie consent summary", fields...)
}

// startSummary logs a summary every interval until stop is closed.
func startSummary(logger *zap.Logger, interval time.Duration, stop <-chan struct{}) {
	go func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				logSummary(logger)
			case <-stop:
				return
			}
		}
	}()
}
