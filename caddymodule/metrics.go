package caddymodule

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// collector exposes the process-wide counts to Prometheus. It reads the
// atomic counters at scrape time, so the request path never touches
// Prometheus. Labels stay low-cardinality: fixed sets, plus cookie names and
// vendors from the bounded inventories (names past their limit are only
// counted in the inventory's overflow).
type collector struct{}

var (
	descPageViews = prometheus.NewDesc("caddy_cookie_consent_page_views_total",
		"HTML pages served, by the visitor's consent state.", []string{"state"}, nil)
	descDecisions = prometheus.NewDesc("caddy_cookie_consent_decisions_total",
		"Decisions posted to the consent endpoint.", []string{"decision"}, nil)
	descCookiesDropped = prometheus.NewDesc("caddy_cookie_consent_cookies_dropped_total",
		"Set-Cookie headers of the upstream held back, by cookie name and category.", []string{"cookie", "category"}, nil)
	descTrackers = prometheus.NewDesc("caddy_cookie_consent_trackers_neutralised_total",
		"Tracker elements held back in pages, by vendor and category.", []string{"vendor", "category"}, nil)
	descUnenforced = prometheus.NewDesc("caddy_cookie_consent_unenforced_total",
		"HTML responses passed on without enforcement, by reason.", []string{"reason"}, nil)
)

func (collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descPageViews, descDecisions, descCookiesDropped, descTrackers, descUnenforced} {
		ch <- d
	}
}

func (collector) Collect(ch chan<- prometheus.Metric) {
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	for i := range numStates {
		counter(descPageViews, counts.pageViews[i].Load(), stateNames[i])
	}
	for i := range numDecisions {
		counter(descDecisions, counts.decisions[i].Load(), decisionNames[i])
	}
	for i := range numUnenforced {
		counter(descUnenforced, counts.unenforced[i].Load(), unenforcedNames[i])
	}
	counts.cookies.each(func(name string, e *inventoryEntry) {
		if n := e.heldBack.Load(); n > 0 {
			counter(descCookiesDropped, n, name, e.Category)
		}
	})
	byVendor := map[[2]string]uint64{}
	counts.trackers.each(func(_ string, e *inventoryEntry) {
		byVendor[[2]string{e.Vendor, e.Category}] += e.heldBack.Load()
	})
	for k, n := range byVendor {
		if n > 0 {
			counter(descTrackers, n, k[0], k[1])
		}
	}
}

// registerMetrics adds the collector to a config's registry. Caddy makes a
// new registry for each config load, and two handlers in one config both
// get here: a second registration is no error (NOTES, Prometheus).
func registerMetrics(registry *prometheus.Registry) error {
	if registry == nil {
		return nil
	}
	err := registry.Register(collector{})
	var already prometheus.AlreadyRegisteredError
	if errors.As(err, &already) {
		return nil
	}
	return err
}
