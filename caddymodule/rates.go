package caddymodule

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/caddyserver/caddy/v2"
)

// dailyDecisions counts the decisions of each UTC day, for the consent
// rates an owner reports on: counts only, never who decided. It keeps
// rateDays days; like every counter here it is this instance's, and
// several instances' rates add up.
type dailyDecisions struct {
	mu   sync.Mutex
	days map[string]*[numDecisions]uint64 // "2006-01-02" -> counts
}

// rateDays is how many days of rates are kept: a year and a bit, for a
// yearly report.
const rateDays = 400

var daily = dailyDecisions{days: map[string]*[numDecisions]uint64{}}

// count records one decision made at t.
func (d *dailyDecisions) count(t time.Time, how decision) {
	day := t.UTC().Format(time.DateOnly)
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.days[day]
	if !ok {
		c = new([numDecisions]uint64)
		d.days[day] = c
		if len(d.days) > rateDays {
			oldest := slices.Min(slices.Collect(maps.Keys(d.days)))
			delete(d.days, oldest)
		}
	}
	c[how]++
}

// ratesJSON is the answer of GET /cookie-consent/rates.
type ratesJSON struct {
	Days  []dayRatesJSON `json:"days"` // oldest first
	Total dayRatesJSON   `json:"total"`
}

// dayRatesJSON counts one day's decisions by how they were made, and the
// share of first-layer decisions that accepted all.
type dayRatesJSON struct {
	Date       string  `json:"date,omitempty"`
	AcceptAll  uint64  `json:"accept_all"`
	RejectAll  uint64  `json:"reject_all"`
	Custom     uint64  `json:"custom"`
	Withdrawn  uint64  `json:"withdrawn"`
	AcceptRate float64 `json:"accept_rate"` // accept_all / all decisions, 0 when none
}

func (d *dailyDecisions) rates() ratesJSON {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := ratesJSON{Days: []dayRatesJSON{}}
	days := slices.Sorted(maps.Keys(d.days))
	var total [numDecisions]uint64
	for _, day := range days {
		c := d.days[day]
		out.Days = append(out.Days, dayRates(day, c))
		for i, n := range c {
			total[i] += n
		}
	}
	out.Total = dayRates("", &total)
	return out
}

func dayRates(day string, c *[numDecisions]uint64) dayRatesJSON {
	r := dayRatesJSON{Date: day, AcceptAll: c[decisionAcceptAll], RejectAll: c[decisionRejectAll],
		Custom: c[decisionCustom], Withdrawn: c[decisionWithdrawn]}
	if all := r.AcceptAll + r.RejectAll + r.Custom + r.Withdrawn; all > 0 {
		r.AcceptRate = float64(r.AcceptAll) / float64(all)
	}
	return r
}

func serveRates(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet {
		return caddy.APIError{HTTPStatus: http.StatusMethodNotAllowed, Err: errors.New("use GET")}
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(daily.rates())
}
