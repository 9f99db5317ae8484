package caddymodule

import (
	"slices"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"go.uber.org/zap"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
)

func parseTestCaddyfile(t *testing.T, src string) (*Handler, error) {
	t.Helper()
	h := new(Handler)
	return h, h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(src))
}

func TestCaddyfileTexts(t *testing.T) {
	h, err := parseTestCaddyfile(t, `cookie_consent {
		lang fr
		text fr {
			title "Vos cookies"
			reject_all "Non merci"
			category social "Réseaux sociaux" "Boutons de partage."
		}
		text en {
			category social "Social media"
		}
		offer analytics social
	}`)
	if err != nil {
		t.Fatal(err)
	}
	if h.Lang != "fr" || !slices.Equal(h.Offer, []string{"analytics", "social"}) {
		t.Errorf("lang %q, offer %v", h.Lang, h.Offer)
	}
	fr := h.Texts["fr"]
	if fr.Title != "Vos cookies" || fr.RejectAll != "Non merci" ||
		fr.Category["social"] != (banner.CategoryText{Label: "Réseaux sociaux", Description: "Boutons de partage."}) {
		t.Errorf("fr: %+v", fr)
	}
	if en := h.Texts["en"]; en.Category["social"].Label != "Social media" || en.Title != "" {
		t.Errorf("en: %+v", en)
	}
}

func TestCaddyfileTextErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"text fr {\ntitel x\n}", `unknown key "titel" (expected one of title, intro, accept_all`},
		{"text FR {\ntitle x\n}", `text "FR": a language code`},
		{"text {\ntitle x\n}", "expected a language code"},
		{"text fr extra {\ntitle x\n}", "expected a block"},
		{"text fr {\ntitle x\n}\ntext fr {\nintro y\n}", "text fr: given twice"},
		{"text fr {\ntitle x\ntitle y\n}", "title given twice"},
		{"text fr {\ntitle\n}", "title: expected one text"},
		{"text fr {\ntitle a b\n}", "title: expected one text"},
		{"text fr {\ncategory social\n}", "expected a name, a label"},
		{"text fr {\ncategory Social x\n}", `category "Social"`},
		{`lang`, "lang: expected one value"},
		{`offer`, "offer: expected one or more categories"},
		{`offr analytics`, "did you mean offer?"},
	} {
		_, err := parseTestCaddyfile(t, "cookie_consent {\n"+tc.src+"\n}")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want one mentioning %q", tc.src, err, tc.want)
		}
	}
	if _, err := parseTestCaddyfile(t, "cookie_consent {\ntext fr {\nbogus x\n}\n}"); err == nil || !strings.Contains(err.Error(), "Testfile:3") {
		t.Errorf("error does not name the line: %v", err)
	}
}

func TestTextsProvision(t *testing.T) {
	h, _ := newTestHandler(t, func(h *Handler) {
		h.Lang = "fr"
		h.Texts = map[string]banner.Text{"fr": {Strings: banner.Strings{Title: "Vos cookies"}}}
	})
	if got := h.banner.Negotiate("de-DE"); got != "fr" {
		t.Errorf("lang fr: negotiated %q", got)
	}
	plain, _ := newTestHandler(t, nil)
	if h.configTag() == plain.configTag() {
		t.Error("other words, same config tag: a cached page would keep the old banner")
	}
	for _, tc := range []struct {
		edit func(*Handler)
		want []string
	}{
		{func(h *Handler) { h.Lang = "xx" }, []string{`lang "xx"`, "available: en, bg"}},
		{func(h *Handler) { h.Texts = map[string]banner.Text{"lb": {Strings: banner.Strings{Title: "x"}}} },
			[]string{"text lb", "missing: intro, accept_all"}},
		{func(h *Handler) { h.Offer = []string{"analytcs"} }, []string{`offer "analytcs"`, "preferences, analytics, marketing"}},
	} {
		h := &Handler{Secrets: []string{testSecret}}
		tc.edit(h)
		err := h.provision(zap.NewNop())
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("err = %v, want one mentioning %q", err, w)
			}
		}
	}
}

// A category not offered is not in the banner and can never be accepted.
func TestOffer(t *testing.T) {
	h, _ := newTestHandler(t, func(h *Handler) {
		h.Categories = []CategoryRules{{Name: "social", Cookies: []string{"share_*"}}}
		h.Offer = []string{"social", "analytics"}
	})
	if want := []string{"necessary", "analytics", "social"}; !slices.Equal(h.categoryNames, want) {
		t.Errorf("categories %v, want %v", h.categoryNames, want)
	}
	if h.allows(h.allMask, rules.Marketing) || h.allows(h.allMask, rules.Preferences) {
		t.Error("accept all let a category that was not offered pass")
	}
	if !h.allows(h.allMask, rules.Analytics) || !h.allows(h.allMask, "social") || !h.allows(0, rules.Necessary) {
		t.Error("offered categories do not pass when accepted")
	}
	body := string(h.banner.AppendBody(nil, banner.Page{Lang: "en"}))
	if strings.Contains(body, `value="marketing"`) || !strings.Contains(body, `value="social"`) {
		t.Errorf("banner categories: %s", body)
	}
}
