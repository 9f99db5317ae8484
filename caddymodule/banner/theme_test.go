package banner

import (
	"strings"
	"testing"
)

func TestThemeValidate(t *testing.T) {
	for _, th := range []Theme{
		{},
		{Position: "center", Manage: "hidden", Accent: "#7A1F5C", Background: "#fdfaf3", Text: "#222", Font: `"Iowan Old Style", Georgia, serif`, Radius: "0.5rem"},
		{Position: "box-left", Manage: "bottom-right", Background: "#0b3a6f", Text: "#fff", Radius: "0"},
	} {
		if err := th.Validate(); err != nil {
			t.Errorf("%+v: %v", th, err)
		}
	}
	for th, want := range map[Theme]string{
		{Position: "top"}:                  `theme position "top"`,
		{Manage: "left"}:                   `theme manage "left"`,
		{Accent: "blue"}:                   `theme accent "blue"`,
		{Background: "#12345"}:             `theme background "#12345"`,
		{Text: "#777"}:                     "theme text #777 on background #ffffff: contrast 4.48:1",
		{Font: "x;}body{color:red"}:        "theme font",
		{Font: `"Georgia, serif`}:          "theme font",
		{Radius: "1in"}:                    `theme radius "1in"`,
		{Background: "#000", Text: "#111"}: "theme text #111 on background #000",
	} {
		if err := th.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want an error saying %q", th, err, want)
		}
	}
}

func TestThemeStyle(t *testing.T) {
	b := mustNew(t, testConfig())
	c := testConfig()
	c.Theme = Theme{Position: "center", Manage: "bottom-right", Accent: "#f5c400", Background: "#fdfaf3"}
	themed := mustNew(t, c)
	if b.StyleURL() == themed.StyleURL() {
		t.Error("the themed stylesheet kept the built-in one's name")
	}
	css, _ := themed.Asset(strings.TrimPrefix(themed.StyleURL(), themed.Endpoint()+"/"))
	// A light accent gets black text; a background alone comes with the
	// light palette's text.
	if want := "#cookie-consent{--cc-accent:#f5c400;--cc-accent-text:#000000;--cc-bg:#fdfaf3;--cc-text:#1b1b1b}\n"; !strings.HasSuffix(string(css.Body), want) {
		t.Errorf("the stylesheet ends %q, want %q", css.Body[len(css.Body)-120:], want)
	}
	if body := unwrap(t, themed.AppendBody(nil, Page{})); !strings.Contains(body, `class="cc-root cc-pos-center cc-manage-bottom-right"`) {
		t.Errorf("the root lacks the position classes: %.200s", body)
	}
	if body := unwrap(t, b.AppendBody(nil, Page{})); !strings.Contains(body, `class="cc-root cc-pos-bar cc-manage-bottom-left"`) {
		t.Errorf("the default root lacks the position classes: %.200s", body)
	}
}
