package caddymodule

import (
	"testing"
	"time"
)

func TestDailyDecisions(t *testing.T) {
	d := dailyDecisions{days: map[string]*[numDecisions]uint64{}}
	day1 := time.Date(2026, 12, 1, 23, 30, 0, 0, time.FixedZone("CET", 3600)) // 22:30 UTC: still the 1st
	d.count(day1, decisionAcceptAll)
	d.count(day1, decisionRejectAll)
	d.count(day1.Add(2*time.Hour), decisionCustom)
	d.count(day1.Add(2*time.Hour), decisionAcceptAll)
	got := d.rates()
	if len(got.Days) != 2 || got.Days[0].Date != "2026-12-01" || got.Days[1].Date != "2026-12-02" {
		t.Fatalf("days %+v", got.Days)
	}
	if got.Days[0].AcceptAll != 1 || got.Days[0].RejectAll != 1 || got.Days[0].AcceptRate != 0.5 {
		t.Errorf("the 1st: %+v", got.Days[0])
	}
	if got.Total.AcceptAll != 2 || got.Total.Custom != 1 || got.Total.AcceptRate != 0.5 {
		t.Errorf("total: %+v", got.Total)
	}
	// Only rateDays days are kept, the oldest go first.
	for i := range rateDays + 10 {
		d.count(day1.AddDate(0, 0, 2+i), decisionRejectAll)
	}
	got = d.rates()
	if len(got.Days) != rateDays || got.Days[0].Date == "2026-12-01" {
		t.Errorf("%d days kept, first %s", len(got.Days), got.Days[0].Date)
	}
}

func TestRatesOnAdminAPI(t *testing.T) {
	tester, _ := startCountingCaddy(t)
	before := getAdminJSON[ratesJSON](t, "/cookie-consent/rates").Total
	decide(t, newJarClient(tester), map[string][]string{"consent": {"none"}})
	after := getAdminJSON[ratesJSON](t, "/cookie-consent/rates")
	if after.Total.RejectAll != before.RejectAll+1 || after.Days[len(after.Days)-1].Date != time.Now().UTC().Format(time.DateOnly) {
		t.Errorf("rates after a refusal: %+v (before %+v)", after, before)
	}
}
