package caddymodule

import (
	"strings"
	"testing"
	"time"
)

func TestConsentCookieRoundTrip(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	now := time.Now()
	st := consentState{Decided: true, Accepted: 1 | 1<<2, Time: now, ID: newConsentID()}
	value, err := h.codec.encode(h.PolicyVersion, st, h.categoryNames)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := h.codec.decode(value, h.PolicyVersion, h.categoryNames, h.lifetime, now)
	if !ok || got.Accepted != st.Accepted || got.ID != st.ID || got.Time.Unix() != now.Unix() {
		t.Fatalf("decode = %+v, %v; want %+v", got, ok, st)
	}
	if len(value) > 200 {
		t.Errorf("consent cookie is %d bytes; expected a small cookie", len(value))
	}
}

func TestConsentCookieRejects(t *testing.T) {
	h, _ := newTestHandler(t, func(h *Handler) { h.PolicyVersion = "2026-11" })
	now := time.Now()
	encode := func(h *Handler, st consentState) string {
		v, err := h.codec.encode(h.PolicyVersion, st, h.categoryNames)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	good := encode(h, consentState{Accepted: h.allMask, Time: now, ID: "id"})
	older, _ := newTestHandler(t, func(h *Handler) { h.PolicyVersion = "2026-01" })
	foreign, _ := newTestHandler(t, func(h *Handler) { h.Secrets = []string{strings.Repeat("ef", 32)} })

	for name, value := range map[string]string{
		"empty":           "",
		"tampered":        good[:len(good)-3] + "AAA",
		"truncated":       good[:len(good)/2],
		"oversized":       strings.Repeat("A", 5000),
		"garbage":         "%%%;;;",
		"old policy":      encode(older, consentState{Accepted: older.allMask, Time: now, ID: "id"}),
		"foreign key":     encode(foreign, consentState{Accepted: foreign.allMask, Time: now, ID: "id"}),
		"expired":         encode(h, consentState{Accepted: h.allMask, Time: now.Add(-200 * 24 * time.Hour), ID: "id"}),
		"from the future": encode(h, consentState{Accepted: h.allMask, Time: now.Add(time.Hour), ID: "id"}),
	} {
		if st, ok := h.codec.decode(value, h.PolicyVersion, h.categoryNames, h.lifetime, now); ok || st.Decided {
			t.Errorf("%s cookie decoded as a decision: %+v", name, st)
		}
	}
	if _, ok := h.codec.decode(good, h.PolicyVersion, h.categoryNames, h.lifetime, now); !ok {
		t.Fatal("the good cookie does not decode")
	}
}

func TestConsentCookieKeyRotation(t *testing.T) {
	oldKey := strings.Repeat("01", 32)
	before, _ := newTestHandler(t, func(h *Handler) { h.Secrets = []string{oldKey} })
	after, _ := newTestHandler(t, func(h *Handler) { h.Secrets = []string{testSecret, oldKey} })
	now := time.Now()
	value, _ := before.codec.encode(before.PolicyVersion, consentState{Accepted: 3, Time: now, ID: "x"}, before.categoryNames)
	if _, ok := after.codec.decode(value, after.PolicyVersion, after.categoryNames, after.lifetime, now); !ok {
		t.Fatal("a cookie signed with the older key no longer verifies after rotation")
	}
	fresh, _ := after.codec.encode(after.PolicyVersion, consentState{Accepted: 3, Time: now, ID: "x"}, after.categoryNames)
	if _, ok := before.codec.decode(fresh, before.PolicyVersion, before.categoryNames, before.lifetime, now); ok {
		t.Fatal("the new cookie was signed with the older key, not the first one")
	}
}

func TestRefusalLifetime(t *testing.T) {
	h, _ := newTestHandler(t, func(h *Handler) {
		h.MaxAge = caddyDays(180)
		h.RejectMaxAge = caddyDays(30)
	})
	now := time.Now()
	at := now.Add(-60 * 24 * time.Hour)
	refusal, _ := h.codec.encode(h.PolicyVersion, consentState{Accepted: 1, Time: at, ID: "r"}, h.categoryNames)
	acceptance, _ := h.codec.encode(h.PolicyVersion, consentState{Accepted: 3, Time: at, ID: "a"}, h.categoryNames)
	if _, ok := h.codec.decode(refusal, h.PolicyVersion, h.categoryNames, h.lifetime, now); ok {
		t.Error("a 60-day-old refusal is still valid with reject_max_age 30d")
	}
	if _, ok := h.codec.decode(acceptance, h.PolicyVersion, h.categoryNames, h.lifetime, now); !ok {
		t.Error("a 60-day-old acceptance expired with max_age 180d")
	}
}

func FuzzConsentCookieDecode(f *testing.F) {
	h, _ := newTestHandler(f, nil)
	now := time.Now()
	good, _ := h.codec.encode(h.PolicyVersion, consentState{Accepted: 5, Time: now, ID: "id"}, h.categoryNames)
	f.Add(good)
	f.Add("")
	f.Add("MTcwMDAwMDAwMHxZM0V4ZkRGOE1UY3dNREF3TURBd01IeDhZV3hzfA==|")
	f.Fuzz(func(t *testing.T, value string) {
		st, ok := h.codec.decode(value, h.PolicyVersion, h.categoryNames, h.lifetime, now)
		if ok && (st.Accepted&1 == 0 || st.Accepted&^h.allMask != 0) {
			t.Fatalf("decoded state %+v has impossible categories", st)
		}
	})
}
