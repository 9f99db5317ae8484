package banner

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The languages the banner must speak: the 24 official languages of the
// EU, and Norwegian, Icelandic, Catalan, Ukrainian and Turkish.
var wantLanguages = []string{"bg", "hr", "cs", "da", "nl", "en", "et", "fi", "fr", "de", "el", "hu", "ga",
	"it", "lv", "lt", "mt", "pl", "pt", "ro", "sk", "sl", "es", "sv", "nb", "is", "ca", "uk", "tr"}

// Every language has every key, its own words, and text the templates can
// show as it is, typeset as its readers expect.
func TestLanguageTables(t *testing.T) {
	var got []string
	for _, l := range builtin {
		got = append(got, l.Code)
	}
	if got[0] != "en" || !slices.IsSorted(got[1:]) {
		t.Errorf("languages not English then by code: %v", got)
	}
	for _, code := range wantLanguages {
		if !slices.Contains(got, code) {
			t.Errorf("no %s", code)
		}
	}
	if len(got) != len(wantLanguages) {
		t.Errorf("%d languages, want %d", len(got), len(wantLanguages))
	}
	en := builtin[0]
	cats := slices.Sorted(maps.Keys(en.Category))
	for _, l := range builtin {
		if !validCode(l.Code) {
			t.Errorf("%s: not a language code", l.Code)
		}
		if !slices.Equal(slices.Sorted(maps.Keys(l.Category)), cats) {
			t.Errorf("%s: categories %v, want %v", l.Code, slices.Sorted(maps.Keys(l.Category)), cats)
		}
		check := func(what, v, english string, sameOK bool) {
			t.Helper()
			switch {
			case v == "":
				t.Errorf("%s %s: empty", l.Code, what)
			case l.Code != "en" && v == english && !sameOK:
				t.Errorf("%s %s: same as English (%q)", l.Code, what, v)
			case strings.ContainsAny(v, "<>&\"'`"):
				t.Errorf("%s %s: markup, or straight quotes where typographic ones belong: %q", l.Code, what, v)
			case v != strings.TrimSpace(v) || strings.Contains(v, "  "):
				t.Errorf("%s %s: stray spaces: %q", l.Code, what, v)
			case strings.ContainsFunc(v, unicode.IsControl):
				t.Errorf("%s %s: control character: %q", l.Code, what, v)
			}
			typography(t, l.Code, what, v)
		}
		for k, key := range stringKeys {
			check(key, l.get(k), en.get(k), false)
		}
		for _, name := range cats {
			// "Marketing" is the word in many languages.
			check("label of "+name, l.Category[name].Label, en.Category[name].Label, l.Category[name].Label == "Marketing")
			check("description of "+name, l.Category[name].Description, en.Category[name].Description, false)
		}
		// The intro tells where to change one's mind: the control must
		// carry the words it quotes.
		if !strings.Contains(l.Intro, l.Manage) {
			t.Errorf("%s: the intro does not name the manage control %q", l.Code, l.Manage)
		}
	}
}

// typography checks the rules of a few languages that a careless edit
// breaks.
func typography(t *testing.T, code, what, v string) {
	t.Helper()
	nb := func(r rune) bool { return r == '\u00a0' || r == '\u202f' }
	rs := []rune(v)
	for i, r := range rs {
		switch code {
		case "fr": // a non-breaking space before : ; ? ! » and after «
			if strings.ContainsRune(":;?!»", r) && (i == 0 || !nb(rs[i-1])) {
				t.Errorf("fr %s: no non-breaking space before %q: %q", what, r, v)
			}
			if r == '«' && (i+1 == len(rs) || !nb(rs[i+1])) {
				t.Errorf("fr %s: no non-breaking space after «: %q", what, v)
			}
		case "de", "bg", "cs", "sk", "et", "lt", "lv", "is", "hr": // „…“
			if r == '”' || r == '«' {
				t.Errorf("%s %s: quotes should be „…“: %q", code, what, v)
			}
		case "ro": // ș and ț take a comma below, not a cedilla
			if strings.ContainsRune("şţŞŢ", r) {
				t.Errorf("ro %s: cedilla instead of comma below: %q", what, v)
			}
		}
		if code != "fr" && nb(r) {
			t.Errorf("%s %s: non-breaking space: %q", code, what, v)
		}
	}
}

// Every language shows in the banner: its lang attribute, its words, and
// nothing but ASCII whatever the page's charset (character references).
func TestEveryLanguageRenders(t *testing.T) {
	b := mustNew(t, testConfig())
	for i, code := range b.Languages() {
		raw := b.AppendBody(nil, Page{Lang: code, GPC: true})
		for _, c := range raw {
			if c >= 0x80 {
				t.Fatalf("%s: raw non-ASCII byte in the output", code)
			}
		}
		nodes := parse(t, unwrap(t, raw), atom.Body)
		root := one(t, nodes, "root", hasAttr("data-cookie-consent-root"))
		if v, _ := attr(root, "lang"); v != code {
			t.Errorf("%s: lang=%q", code, v)
		}
		s := b.langs[i].Strings
		if got := text(one(t, nodes, "title", attrIs("id", "cookie-consent-title"))); got != s.Title {
			t.Errorf("%s: title %q, want %q", code, got, s.Title)
		}
		if got := text(one(t, nodes, "reject", attrIs("value", "none"))); got != s.RejectAll {
			t.Errorf("%s: reject %q, want %q", code, got, s.RejectAll)
		}
		if got := text(one(t, nodes, "gpc", attrIs("class", "cc-gpc"))); got != strings.Join(strings.Fields(s.GPC), " ") {
			t.Errorf("%s: GPC notice %q", code, got)
		}
		label := text(one(t, nodes, "label", attrIs("for", "cookie-consent-cat-analytics")))
		if label != b.langs[i].Category["analytics"].Label {
			t.Errorf("%s: analytics label %q", code, label)
		}
	}
}

// --- Negotiate -----------------------------------------------------------

func TestNegotiate(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, tc := range []struct{ in, want string }{
		{"", "en"},
		{"fr", "fr"},
		{"fr-CA", "fr"},
		{"fr_FR", "fr"},
		{"FR-ch, en;q=0.8", "fr"},
		{"de-DE,de;q=0.9,en;q=0.8", "de"},
		{"de-AT", "de"},
		{"pt-BR,pt;q=0.9", "pt"},
		{"nb-NO", "nb"},
		{"no", "nb"},
		{"nn-NO, en;q=0.5", "nb"},
		{"zh-CN,zh;q=0.9", "en"},
		{"zh-Hant-TW, de-AT;q=0.2", "de"},
		{"en-GB;q=0.8, fr;q=0.9", "fr"},
		{"en-US,en;q=0.9,fr;q=0.8", "en"},
		{"ja, es;q=0.1", "es"},
		{"es, it", "es"},
		{"ja, ko", "en"},
		{"*", "en"},
		{"en;q=0, *", "bg"},
		{"en;q=0,bg;q=0, *;q=0.5", "ca"},
		{"de;q=0.5, *", "en"},
		{"de, *;q=0.5", "de"},
		{"fr;q=0", "en"},
		{"fr;q=0.0", "en"},
		{"fr;q=0.001", "fr"},
		{"fr;q=1.0, de;q=1", "fr"},
		{"fr;q=1.5", "en"},
		{"fr;q=abc, de", "de"},
		{"fr;q=0.5;foo=bar, de;q=0.4", "fr"},
		{"fr ; q = 0.7 , de;q=0.6", "fr"},
		{"Uk-UA, ru;q=0.9", "uk"},
		{"TR", "tr"},
		{"french", "en"},
		{"frr", "en"},
		{"ga-IE", "ga"},
		{"mt", "mt"},
		{"is-IS", "is"},
		{"ca-ES-valencia", "ca"},
		{",,,;;;", "en"},
		{"\x00\xff garbage", "en"},
		{strings.Repeat("x, ", 1000) + "fr", "fr"},
	} {
		if got := b.Negotiate(tc.in); got != tc.want {
			t.Errorf("Negotiate(%.40q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNegotiateNoAlloc(t *testing.T) {
	b := mustNew(t, testConfig())
	if n := testing.AllocsPerRun(100, func() { b.Negotiate("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7,*;q=0.1") }); n != 0 {
		t.Errorf("Negotiate allocates %v times", n)
	}
}

func FuzzNegotiate(f *testing.F) {
	f.Add("fr-CA, en;q=0.8, *;q=0.1")
	f.Add("nn;q=0.5, lb, *;q=0")
	c := testConfig()
	c.Texts = map[string]Text{"lb": complete("lb"), "nn": complete("nn")}
	b, err := New(c)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := b.Negotiate(s); !slices.Contains(b.Languages(), got) {
			t.Fatalf("Negotiate(%q) = %q", s, got)
		}
	})
}

// --- the site's own words ------------------------------------------------

// complete is a text with every key, English marked with the code.
func complete(code string) Text {
	en := builtin[0]
	var t Text
	for k, key := range stringKeys {
		t.Set(key, code+": "+en.get(k))
	}
	t.Category = map[string]CategoryText{}
	for name, ct := range en.Category {
		t.Category[name] = CategoryText{code + ": " + ct.Label, code + ": " + ct.Description}
	}
	return t
}

func TestSiteTexts(t *testing.T) {
	c := testConfig()
	c.Categories = append(DefaultCategories(), Category{Name: "social"}, Category{Name: "video"})
	c.Texts = map[string]Text{
		"fr": {Strings: Strings{Title: "Vos cookies & vous <b>"}, Category: map[string]CategoryText{
			"social":    {Label: "Réseaux sociaux"},
			"marketing": {Description: "Publicité ciblée."},
		}},
		"en": {Category: map[string]CategoryText{"social": {"Social media", "Share buttons."}}},
		"lb": complete("lb"),
	}
	b := mustNew(t, c)
	if got := b.Negotiate("lb-LU, fr;q=0.5"); got != "lb" {
		t.Errorf("added language not negotiated: %q", got)
	}
	body := func(lang string) []*html.Node {
		return parse(t, unwrap(t, b.AppendBody(nil, Page{Lang: lang})), atom.Body)
	}
	cat := func(lang, name string) (string, string) {
		nodes := body(lang)
		l := text(one(t, nodes, "label", attrIs("for", "cookie-consent-cat-"+name)))
		d := ""
		if n := all(nodes, attrIs("id", "cookie-consent-cat-"+name+"-desc")); len(n) == 1 {
			d = text(n[0])
		}
		return l, d
	}
	nodes := body("fr")
	if got := text(one(t, nodes, "title", attrIs("id", "cookie-consent-title"))); got != "Vos cookies & vous <b>" {
		t.Errorf("fr title %q (plain text, shown as typed)", got)
	}
	if got := text(one(t, nodes, "reject", attrIs("value", "none"))); got != "Tout refuser" {
		t.Errorf("fr keeps its other words: %q", got)
	}
	for _, tc := range []struct{ lang, name, label, desc string }{
		{"fr", "social", "Réseaux sociaux", "Share buttons."},
		{"de", "social", "Social media", "Share buttons."},
		{"fr", "marketing", "Marketing", "Publicité ciblée."},
		{"en", "video", "video", ""},
		{"fr", "analytics", "Mesure d’audience", builtinLang("fr").Category["analytics"].Description},
		{"lb", "preferences", "lb: Preferences", "lb: Remember your settings, such as language or display choices."},
	} {
		if l, d := cat(tc.lang, tc.name); l != tc.label || d != tc.desc {
			t.Errorf("%s %s: %q %q, want %q %q", tc.lang, tc.name, l, d, tc.label, tc.desc)
		}
	}
	if got := text(one(t, body("lb"), "accept", attrIs("value", "all"))); got != "lb: Accept all" {
		t.Errorf("lb accept: %q", got)
	}
	if b.langs[slices.Index(b.Languages(), "de")].Category["marketing"].Description == "Publicité ciblée." {
		t.Error("an override leaked into another language")
	}
	if builtinLang("fr").Title != "Les cookies sur ce site" {
		t.Error("an override changed the built-in table")
	}
}

func TestSiteTextErrors(t *testing.T) {
	partial := complete("lb")
	partial.Save = ""
	delete(partial.Category, "marketing")
	for _, tc := range []struct {
		name  string
		texts map[string]Text
		lang  string
		want  []string
	}{
		{"incomplete new language", map[string]Text{"lb": partial}, "", []string{"text lb", "missing: save, category marketing"}},
		{"bad code", map[string]Text{"FR": {}}, "", []string{`text "FR"`, "2 or 3 lower-case letters"}},
		{"region in code", map[string]Text{"pt-br": {}}, "", []string{`text "pt-br"`}},
		{"unknown category", map[string]Text{"fr": {Category: map[string]CategoryText{"socail": {Label: "x"}}}}, "",
			[]string{`category "socail"`, "necessary, preferences, analytics, marketing"}},
		{"control character", map[string]Text{"de": {Strings: Strings{Intro: "a\x07b"}}}, "", []string{"text de: intro", "control"}},
		{"bad UTF-8", map[string]Text{"de": {Category: map[string]CategoryText{"analytics": {Label: "\xff"}}}}, "", []string{"text de: category analytics", "UTF-8"}},
		{"unknown lang", nil, "xx", []string{`lang "xx"`, "available: en, bg, ca,", "uk"}},
		{"lang of a region", nil, "de-AT", []string{`lang "de-AT"`}},
	} {
		c := testConfig()
		c.Texts, c.Lang = tc.texts, tc.lang
		_, err := New(c)
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: err = %v, want one mentioning %q", tc.name, err, w)
			}
		}
	}
	// The site's own categories need no words in a new language.
	c := testConfig()
	c.Categories = append(DefaultCategories(), Category{Name: "social"})
	c.Texts = map[string]Text{"lb": complete("lb")}
	mustNew(t, c)
	// Nor do the built-in categories the site does not offer.
	c.Categories = []Category{{Name: "necessary", Required: true}, {Name: "analytics"}}
	partial = complete("lb")
	delete(partial.Category, "marketing")
	c.Texts = map[string]Text{"lb": partial}
	mustNew(t, c)
}

func TestLangOption(t *testing.T) {
	c := testConfig()
	c.Lang = "fr"
	b := mustNew(t, c)
	for _, al := range []string{"", "de", "en-US,en;q=0.9", "*"} {
		if got := b.Negotiate(al); got != "fr" {
			t.Errorf("lang fr, Accept-Language %q: %q", al, got)
		}
	}
	nodes := parse(t, unwrap(t, b.AppendBody(nil, Page{Lang: "de"})), atom.Body)
	if v, _ := attr(one(t, nodes, "root", hasAttr("data-cookie-consent-root")), "lang"); v != "fr" {
		t.Errorf("lang fr, page in %q", v)
	}
	c.Lang = "lb"
	c.Texts = map[string]Text{"lb": complete("lb")}
	if got := mustNew(t, c).Negotiate("de"); got != "lb" {
		t.Errorf("lang lb: %q", got)
	}
}

// A language written right to left gets dir=rtl in the template data.
func TestDir(t *testing.T) {
	c := testConfig()
	c.Texts = map[string]Text{"ar": complete("ar")}
	b := mustNew(t, c)
	for code, want := range map[string]string{"ar": "rtl", "fr": "ltr", "en": "ltr"} {
		if got := b.data(b.langIndex(code), state{}).Dir; got != want {
			t.Errorf("%s: dir %q, want %q", code, got, want)
		}
	}
}

func TestTextVersion(t *testing.T) {
	base := mustNew(t, testConfig())
	again := mustNew(t, testConfig())
	seen := map[string]string{}
	for _, code := range base.Languages() {
		v := base.TextVersion(code)
		if len(v) != 12 || v != again.TextVersion(code) {
			t.Errorf("%s: version %q, then %q", code, v, again.TextVersion(code))
		}
		if other, dup := seen[v]; dup {
			t.Errorf("%s and %s share version %s", code, other, v)
		}
		seen[v] = code
	}
	if base.TextVersion("fr-CA") != base.TextVersion("fr") || base.TextVersion("xx") != base.TextVersion("en") {
		t.Error("TextVersion does not follow the language tag")
	}
	c := testConfig()
	c.Texts = map[string]Text{"fr": {Category: map[string]CategoryText{"analytics": {Label: "Statistiques"}}}}
	changed := mustNew(t, c)
	if changed.TextVersion("fr") == base.TextVersion("fr") {
		t.Error("fr words changed, its version did not")
	}
	if changed.TextVersion("de") != base.TextVersion("de") {
		t.Error("de words did not change, its version did")
	}
	c = testConfig()
	c.Categories = DefaultCategories()[:3]
	if mustNew(t, c).TextVersion("en") == base.TextVersion("en") {
		t.Error("one category fewer, same version")
	}
}

func builtinLang(code string) language {
	return builtin[slices.IndexFunc(builtin, func(l language) bool { return l.Code == code })]
}
