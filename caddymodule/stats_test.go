package caddymodule

import (
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestSummaryOnlyWhenSomethingHappened(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	logger := zap.New(core)
	logSummary(logger) // take in what other tests counted
	logs.TakeAll()
	logSummary(logger)
	if n := logs.Len(); n != 0 {
		t.Fatalf("%d summary lines with nothing new", n)
	}
	counts.decisions[decisionCustom].Add(2)
	counts.countCookie("_ga", "analytics", "google-analytics", true)
	logSummary(logger)
	lines := logs.TakeAll()
	if len(lines) != 1 {
		t.Fatalf("%d summary lines, want 1", len(lines))
	}
	fields := lines[0].ContextMap()
	if d := fields["decisions"].(map[string]uint64); d["custom"] != 2 || len(d) != 1 {
		t.Errorf("decisions %v", fields["decisions"])
	}
	if c := fields["cookies_dropped"].(map[string]uint64); c["_ga"] != 1 || len(c) != 1 {
		t.Errorf("cookies_dropped %v", fields["cookies_dropped"])
	}
	if _, ok := fields["page_views"]; ok {
		t.Errorf("page_views listed with nothing new: %v", fields)
	}
}

func TestDecisionOf(t *testing.T) {
	all, some := catMask(0b1111), catMask(0b0101)
	for _, tc := range []struct {
		how    decision
		before consentState
		after  catMask
		want   decision
	}{
		{decisionAcceptAll, consentState{Accepted: 1}, all, decisionAcceptAll},
		{decisionRejectAll, consentState{Accepted: 1}, 1, decisionRejectAll},
		{decisionRejectAll, consentState{Decided: true, Accepted: some}, 1, decisionWithdrawn},
		{decisionCustom, consentState{Decided: true, Accepted: all}, some, decisionWithdrawn},
		{decisionCustom, consentState{Decided: true, Accepted: some}, all, decisionCustom},
		{decisionRejectAll, consentState{Decided: true, GPC: true, Accepted: 1}, 1, decisionRejectAll},
	} {
		if got := decisionOf(tc.how, tc.before, tc.after); got != tc.want {
			t.Errorf("decisionOf(%v, %+v, %b) = %v, want %v", tc.how, tc.before, tc.after, got, tc.want)
		}
	}
}
