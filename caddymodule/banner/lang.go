package banner

import "strings"

// Strings are the banner's words in one language. Templates reach them as
// .T.Title, .T.AcceptAll and so on.
type Strings struct {
	Title      string // heading of the banner
	Intro      string // what we ask and why (plain text, no markup)
	AcceptAll  string // first-layer button, consent=all
	RejectAll  string // first-layer button, consent=none, same weight as AcceptAll
	Customize  string // disclosure that shows the categories
	Categories string // legend of the category checkboxes
	AlwaysOn   string // next to a required category
	Save       string // consent=custom button
	Manage     string // the "Manage your cookies" control
	Policy     string // text of the link to the cookie policy
	GPC        string // shown when the browser sent Sec-GPC: 1 and nothing is decided
}

// catText is the label and description of a built-in category.
type catText struct{ Label, Description string }

type language struct {
	Code string
	S    Strings
	Cats map[string]catText
}

// languages is the table of every language the banner speaks, in the order
// used to break ties ("*" in Accept-Language picks the first one not ruled
// out). The first is the default.
var languages = []language{
	{
		Code: "en",
		S: Strings{
			Title:      "Cookies on this site",
			Intro:      "We use necessary cookies to make this site work. With your consent we would also like to remember your preferences, measure how the site is used, and let partners show you relevant advertising. You can accept all, reject all or choose by category, and change your mind at any time with \u201cManage your cookies\u201d at the bottom of the page.",
			AcceptAll:  "Accept all",
			RejectAll:  "Reject all",
			Customize:  "Choose by category",
			Categories: "Cookie categories",
			AlwaysOn:   "(always on)",
			Save:       "Save my choices",
			Manage:     "Manage your cookies",
			Policy:     "Cookie policy",
			GPC:        "Your browser sent a Global Privacy Control signal: analytics and marketing cookies stay off unless you turn them on.",
		},
		Cats: map[string]catText{
			"necessary":   {"Necessary", "Needed for the site to work: session, security, and remembering this choice."},
			"preferences": {"Preferences", "Remember your settings, such as language or display choices."},
			"analytics":   {"Analytics", "Count visits and see how the site is used, so that it can be improved."},
			"marketing":   {"Marketing", "Let advertising and social media partners show you relevant ads on other sites."},
		},
	},
	{
		Code: "fr",
		S: Strings{
			Title:      "Les cookies sur ce site",
			Intro:      "Nous utilisons des cookies n\u00e9cessaires au fonctionnement du site. Avec votre accord, nous aimerions aussi m\u00e9moriser vos pr\u00e9f\u00e9rences, mesurer l\u2019audience du site et permettre \u00e0 des partenaires de vous montrer des publicit\u00e9s adapt\u00e9es. Vous pouvez tout accepter, tout refuser ou choisir par cat\u00e9gorie, et changer d\u2019avis \u00e0 tout moment avec \u00ab\u00a0G\u00e9rer vos cookies\u00a0\u00bb en bas de page.",
			AcceptAll:  "Tout accepter",
			RejectAll:  "Tout refuser",
			Customize:  "Choisir par cat\u00e9gorie",
			Categories: "Cat\u00e9gories de cookies",
			AlwaysOn:   "(toujours actifs)",
			Save:       "Enregistrer mes choix",
			Manage:     "G\u00e9rer vos cookies",
			Policy:     "Politique de cookies",
			GPC:        "Votre navigateur a envoy\u00e9 un signal Global Privacy Control\u00a0: les cookies de mesure d\u2019audience et de marketing restent d\u00e9sactiv\u00e9s, sauf si vous les activez.",
		},
		Cats: map[string]catText{
			"necessary":   {"N\u00e9cessaires", "Indispensables au fonctionnement du site\u00a0: session, s\u00e9curit\u00e9 et m\u00e9morisation de ce choix."},
			"preferences": {"Pr\u00e9f\u00e9rences", "M\u00e9morisent vos r\u00e9glages, comme la langue ou l\u2019affichage."},
			"analytics":   {"Mesure d\u2019audience", "Comptent les visites et montrent comment le site est utilis\u00e9, pour l\u2019am\u00e9liorer."},
			"marketing":   {"Marketing", "Permettent \u00e0 des partenaires publicitaires et r\u00e9seaux sociaux de vous montrer des publicit\u00e9s adapt\u00e9es sur d\u2019autres sites."},
		},
	},
	{
		Code: "de",
		S: Strings{
			Title:      "Cookies auf dieser Website",
			Intro:      "Wir verwenden notwendige Cookies, damit diese Website funktioniert. Mit Ihrer Einwilligung m\u00f6chten wir au\u00dferdem Ihre Einstellungen speichern, die Nutzung der Website messen und Partnern erlauben, Ihnen passende Werbung zu zeigen. Sie k\u00f6nnen alle akzeptieren, alle ablehnen oder nach Kategorie w\u00e4hlen und Ihre Wahl jederzeit \u00fcber \u201eCookies verwalten\u201c unten auf der Seite \u00e4ndern.",
			AcceptAll:  "Alle akzeptieren",
			RejectAll:  "Alle ablehnen",
			Customize:  "Nach Kategorie w\u00e4hlen",
			Categories: "Cookie-Kategorien",
			AlwaysOn:   "(immer aktiv)",
			Save:       "Auswahl speichern",
			Manage:     "Cookies verwalten",
			Policy:     "Cookie-Richtlinie",
			GPC:        "Ihr Browser hat ein Global-Privacy-Control-Signal gesendet: Statistik- und Marketing-Cookies bleiben ausgeschaltet, solange Sie sie nicht einschalten.",
		},
		Cats: map[string]catText{
			"necessary":   {"Notwendig", "F\u00fcr den Betrieb der Website erforderlich: Sitzung, Sicherheit und Speicherung dieser Auswahl."},
			"preferences": {"Pr\u00e4ferenzen", "Speichern Ihre Einstellungen, etwa Sprache oder Darstellung."},
			"analytics":   {"Statistik", "Z\u00e4hlen Besuche und zeigen, wie die Website genutzt wird, um sie zu verbessern."},
			"marketing":   {"Marketing", "Erlauben Werbe- und Social-Media-Partnern, Ihnen auf anderen Websites passende Werbung zu zeigen."},
		},
	},
}

// Languages lists the language codes the banner speaks; the first is the
// default.
func Languages() []string {
	out := make([]string, len(languages))
	for i, l := range languages {
		out[i] = l.Code
	}
	return out
}

// langIndex maps a language code (as returned by Negotiate, or any tag whose
// primary subtag is known) to its index in languages; unknown codes give 0.
func langIndex(code string) int {
	for i := range languages {
		if primaryIs(code, languages[i].Code) {
			return i
		}
	}
	return 0
}

// primaryIs reports whether the primary subtag of tag (before '-' or '_') is
// code, ignoring ASCII case. code is lower case.
func primaryIs(tag, code string) bool {
	if len(tag) < len(code) {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := tag[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != code[i] {
			return false
		}
	}
	return len(tag) == len(code) || tag[len(code)] == '-' || tag[len(code)] == '_'
}

// Negotiate picks the banner language from an Accept-Language header value
// (RFC 9110 12.5.4): the supported language with the highest q-value wins,
// ties go to the one listed first; a region or script subtag is ignored
// ("fr-CA" is French); "*" stands for any supported language the header does
// not name; q=0 rules a language out. Anything unparsable, or nothing
// supported, gives "en". It does not allocate.
func Negotiate(acceptLanguage string) string {
	const none = -1
	best, bestQ := none, -1
	starQ := -1
	var named uint64 // languages the header names, with any q
	s := acceptLanguage
	for len(s) > 0 {
		var item string
		if i := strings.IndexByte(s, ','); i >= 0 {
			item, s = s[:i], s[i+1:]
		} else {
			item, s = s, ""
		}
		tag, params := item, ""
		if i := strings.IndexByte(item, ';'); i >= 0 {
			tag, params = item[:i], item[i+1:]
		}
		tag = trimOWS(tag)
		if tag == "" {
			continue
		}
		q, ok := parseQ(params)
		if !ok {
			continue
		}
		if tag == "*" {
			if q > starQ {
				starQ = q
			}
			continue
		}
		for i := range languages {
			if primaryIs(tag, languages[i].Code) {
				named |= 1 << i
				if q > 0 && q > bestQ {
					best, bestQ = i, q
				}
				break
			}
		}
	}
	if starQ > 0 && starQ > bestQ {
		for i := range languages {
			if named&(1<<i) == 0 {
				return languages[i].Code
			}
		}
	}
	if best == none {
		return languages[0].Code
	}
	return languages[best].Code
}

// parseQ reads the q parameter from the parameters of one Accept-Language
// item, as thousandths (1000 when absent). ok is false for a malformed q.
func parseQ(params string) (q int, ok bool) {
	q = 1000
	for len(params) > 0 {
		var p string
		if i := strings.IndexByte(params, ';'); i >= 0 {
			p, params = params[:i], params[i+1:]
		} else {
			p, params = params, ""
		}
		p = trimOWS(p)
		eq := strings.IndexByte(p, '=')
		if eq < 0 {
			continue
		}
		name, val := trimOWS(p[:eq]), trimOWS(p[eq+1:])
		if name != "q" && name != "Q" {
			continue
		}
		return parseQValue(val)
	}
	return q, true
}

// parseQValue parses qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
func parseQValue(v string) (int, bool) {
	if v == "" || len(v) > 5 || (v[0] != '0' && v[0] != '1') {
		return 0, false
	}
	n := int(v[0]-'0') * 1000
	if len(v) == 1 {
		return n, true
	}
	if v[1] != '.' {
		return 0, false
	}
	scale := 100
	for i := 2; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n += int(c-'0') * scale
		scale /= 10
	}
	if n > 1000 {
		return 0, false
	}
	return n, true
}

func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
