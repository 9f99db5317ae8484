package banner

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// --- helpers -------------------------------------------------------------

func mustNew(t testing.TB, c Config) *Banner {
	t.Helper()
	b, err := New(c)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return b
}

func testConfig() Config {
	return Config{
		PolicyURL: "/cookie-policy",
		CookieRules: map[string][]string{
			"necessary":   {"PHPSESSID"},
			"preferences": {"theme"},
			"analytics":   {"_ga", "_ga_*", "_pk_*"},
			"marketing":   {"_fbp"},
		},
		ScriptRules: map[string][]string{
			"analytics": {"*.google-analytics.com", "/matomo/*", "*/piwik.js"},
			"marketing": {"connect.facebook.net/*/fbevents.js"},
		},
	}
}

// unwrap checks that out is exactly one block wrapped in the markers, with
// no marker inside, and returns the inside.
func unwrap(t *testing.T, out []byte) string {
	t.Helper()
	s := string(out)
	if !strings.HasPrefix(s, MarkerOpen) || !strings.HasSuffix(s, MarkerClose) {
		t.Fatalf("block not wrapped in markers: %.80q … %.80q", s, s[max(0, len(s)-80):])
	}
	if n := strings.Count(s, MarkerOpen); n != 1 {
		t.Fatalf("%d opening markers", n)
	}
	if n := strings.Count(s, MarkerClose); n != 1 {
		t.Fatalf("%d closing markers", n)
	}
	return s[len(MarkerOpen) : len(s)-len(MarkerClose)]
}

// parse parses a block as the children of a <body> (or <head>).
func parse(t *testing.T, frag string, ctx atom.Atom) []*html.Node {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(frag), &html.Node{Type: html.ElementNode, Data: ctx.String(), DataAtom: ctx})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return nodes
}

func walk(nodes []*html.Node, f func(*html.Node)) {
	for _, n := range nodes {
		var rec func(*html.Node)
		rec = func(n *html.Node) {
			f(n)
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				rec(c)
			}
		}
		rec(n)
	}
}

func all(nodes []*html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(nodes, func(n *html.Node) {
		if n.Type == html.ElementNode && pred(n) {
			out = append(out, n)
		}
	})
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrIs(key, val string) func(*html.Node) bool {
	return func(n *html.Node) bool { v, ok := attr(n, key); return ok && v == val }
}

func hasAttr(key string) func(*html.Node) bool {
	return func(n *html.Node) bool { _, ok := attr(n, key); return ok }
}

func and(ps ...func(*html.Node) bool) func(*html.Node) bool {
	return func(n *html.Node) bool {
		for _, p := range ps {
			if !p(n) {
				return false
			}
		}
		return true
	}
}

func one(t *testing.T, nodes []*html.Node, what string, pred func(*html.Node) bool) *html.Node {
	t.Helper()
	got := all(nodes, pred)
	if len(got) != 1 {
		t.Fatalf("%s: found %d, want 1", what, len(got))
	}
	return got[0]
}

func text(n *html.Node) string {
	var sb strings.Builder
	walk([]*html.Node{n}, func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
	})
	return strings.Join(strings.Fields(sb.String()), " ")
}

func ancestors(n *html.Node, pred func(*html.Node) bool) int {
	c := 0
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && pred(p) {
			c++
		}
	}
	return c
}

func stateOf(t *testing.T, n *html.Node) (st struct {
	Decided    bool     `json:"decided"`
	Categories []string `json:"categories"`
	GPC        bool     `json:"gpc"`
}) {
	t.Helper()
	v, ok := attr(n, "data-cookie-consent-state")
	if !ok {
		t.Fatalf("<%s> has no data-cookie-consent-state", n.Data)
	}
	if err := json.Unmarshal([]byte(v), &st); err != nil {
		t.Fatalf("state %q: %v", v, err)
	}
	return st
}

// --- the body block ------------------------------------------------------

func TestBodyMarkup(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, decided := range []bool{false, true} {
		t.Run(fmt.Sprintf("decided=%v", decided), func(t *testing.T) {
			p := Page{Lang: "en", Return: "/shop/cart?id=42", Decided: decided, Accepted: []string{"analytics"}}
			nodes := parse(t, unwrap(t, b.AppendBody(nil, p)), atom.Body)

			root := one(t, nodes, "root", attrIs("id", "cookie-consent"))
			if _, ok := attr(root, "data-cookie-consent-root"); !ok {
				t.Error("root lacks data-cookie-consent-root")
			}
			if v, _ := attr(root, "lang"); v != "en" {
				t.Errorf("root lang = %q", v)
			}
			if len(nodes) != 1 || nodes[0] != root {
				t.Errorf("block has %d top-level nodes, want the root alone", len(nodes))
			}
			st := stateOf(t, root)
			if st.Decided != decided {
				t.Errorf("state decided = %v", st.Decided)
			}

			panel := one(t, nodes, "panel", and(tag("details"), hasAttr("data-cookie-consent-panel")))
			if _, open := attr(panel, "open"); open == decided {
				t.Errorf("panel open = %v with decided = %v", open, decided)
			}
			manage := one(t, nodes, "manage control", hasAttr("data-cookie-consent-manage"))
			if manage.Data != "summary" || manage.Parent != panel {
				t.Errorf("manage control is <%s> under <%s>, want the panel's <summary>", manage.Data, manage.Parent.Data)
			}
			for c := panel.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					if c != manage {
						t.Error("the manage <summary> is not the panel's first element")
					}
					break
				}
			}
			if got := text(manage); got != "Manage your cookies" {
				t.Errorf("manage text = %q", got)
			}

			form := one(t, nodes, "form", tag("form"))
			if ancestors(form, func(n *html.Node) bool { return n == panel }) != 1 {
				t.Error("form is not inside the panel")
			}
			if v, _ := attr(form, "method"); v != "post" {
				t.Errorf("form method = %q", v)
			}
			if v, _ := attr(form, "action"); v != DefaultEndpoint {
				t.Errorf("form action = %q", v)
			}

			btn := func(v string) *html.Node {
				visible := func(n *html.Node) bool { _, hidden := attr(n, "hidden"); return !hidden }
				return one(t, nodes, "button "+v, and(tag("button"), attrIs("name", "consent"), attrIs("value", v), visible))
			}
			accept, reject, custom := btn("all"), btn("none"), btn("custom")
			for _, n := range []*html.Node{accept, reject, custom} {
				if typ, ok := attr(n, "type"); ok && typ != "submit" {
					t.Errorf("button %v has type %q", n.Attr, typ)
				}
				if _, ok := attr(n, "disabled"); ok {
					t.Error("a consent button is disabled")
				}
			}
			// Equal weight: same element, same attributes but the value,
			// same parent, neither tucked away in the second layer.
			ca, _ := attr(accept, "class")
			cr, _ := attr(reject, "class")
			if ca == "" || ca != cr || len(accept.Attr) != len(reject.Attr) || accept.Parent != reject.Parent {
				t.Errorf("accept %v and reject %v differ", accept.Attr, reject.Attr)
			}
			for _, n := range []*html.Node{accept, reject} {
				if ancestors(n, tag("details")) != 1 {
					t.Error("a first-layer button is inside a nested disclosure")
				}
			}
			if text(accept) != "Accept all" || text(reject) != "Reject all" {
				t.Errorf("button texts %q, %q", text(accept), text(reject))
			}
			// Implicit submission (Enter in a checkbox) must save the ticked
			// categories: the form's first enabled submit button posts
			// consent=custom. (Chromium skips a disabled one.)
			first := all([]*html.Node{form}, tag("button"))[0]
			if _, disabled := attr(first, "disabled"); disabled || !attrIs("name", "consent")(first) || !attrIs("value", "custom")(first) {
				t.Errorf("the form's default button is %v, want an enabled consent=custom", first.Attr)
			}

			boxes := all(nodes, and(tag("input"), attrIs("type", "checkbox"), attrIs("name", "category")))
			var names []string
			for _, n := range boxes {
				v, _ := attr(n, "value")
				names = append(names, v)
				_, checked := attr(n, "checked")
				_, disabled := attr(n, "disabled")
				switch {
				case v == "necessary":
					if !checked || !disabled {
						t.Error("necessary is not checked and disabled")
					}
				case disabled:
					t.Errorf("%s is disabled", v)
				case checked != (decided && v == "analytics"):
					t.Errorf("%s checked = %v (decided %v, accepted analytics)", v, checked, decided)
				}
				id, _ := attr(n, "id")
				one(t, nodes, "label of "+v, and(tag("label"), attrIs("for", id)))
			}
			if want := []string{"necessary", "preferences", "analytics", "marketing"}; !slices.Equal(names, want) {
				t.Errorf("checkboxes %v, want %v", names, want)
			}

			ret := one(t, nodes, "return field", and(tag("input"), attrIs("name", "return")))
			if v, _ := attr(ret, "type"); v != "hidden" {
				t.Errorf("return field type %q", v)
			}
			if v, _ := attr(ret, "value"); v != p.Return {
				t.Errorf("return = %q", v)
			}
			if ancestors(ret, tag("form")) != 1 {
				t.Error("return field outside the form")
			}
			link := one(t, nodes, "policy link", and(tag("a"), attrIs("href", "/cookie-policy")))
			if text(link) != "Cookie policy" {
				t.Errorf("policy link text %q", text(link))
			}

			region := one(t, nodes, "labelled region", func(n *html.Node) bool {
				r, _ := attr(n, "role")
				return r == "region" || r == "dialog"
			})
			for _, a := range []string{"aria-labelledby", "aria-describedby"} {
				id, ok := attr(region, a)
				if !ok {
					t.Fatalf("region lacks %s", a)
				}
				target := one(t, []*html.Node{region}, a+" target", attrIs("id", id))
				if text(target) == "" {
					t.Errorf("%s points to an empty element", a)
				}
			}
			if _, ok := attr(region, "aria-modal"); ok {
				t.Error("the banner must not be a modal")
			}
			// Inline style attributes would need 'unsafe-inline' under a CSP.
			if n := all(nodes, hasAttr("style")); len(n) > 0 {
				t.Errorf("%d elements with a style attribute", len(n))
			}
			if n := all(nodes, func(n *html.Node) bool { return n.Data == "script" || n.Data == "style" }); len(n) > 0 {
				t.Errorf("body block holds %d script/style elements", len(n))
			}
		})
	}
}

func TestBodyNoPolicyURL(t *testing.T) {
	c := testConfig()
	c.PolicyURL = ""
	b := mustNew(t, c)
	nodes := parse(t, unwrap(t, b.AppendBody(nil, Page{})), atom.Body)
	if n := all(nodes, tag("a")); len(n) != 0 {
		t.Errorf("%d links without a policy URL", len(n))
	}
}

func TestPolicyURLSanitised(t *testing.T) {
	c := testConfig()
	c.PolicyURL = "javascript:alert(1)"
	b := mustNew(t, c)
	out := string(b.AppendBody(nil, Page{}))
	if strings.Contains(out, "javascript:") {
		t.Error("a javascript: policy URL made it into the page")
	}
}

func TestReturnEscaped(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, ret := range []string{
		`/"><script>alert(1)</script>`,
		`/x?a=1&b=<b>&c='q'`,
		"/caf\u00e9?q=\u00fcber",
		"/a b=c\t`d`",
		"/\x00nul",
		"/bad\xffutf8",
	} {
		out := b.AppendBody(nil, Page{Return: ret})
		inner := unwrap(t, out)
		if strings.Contains(inner, "<script") {
			t.Errorf("return %q: a <script> got into the body block", ret)
		}
		for _, c := range inner {
			if c >= 0x80 {
				t.Fatalf("return %q: non-ASCII %q in the output", ret, c)
			}
		}
		nodes := parse(t, inner, atom.Body)
		field := one(t, nodes, "return field", attrIs("name", "return"))
		got, _ := attr(field, "value")
		want := strings.ToValidUTF8(strings.ReplaceAll(ret, "\x00", "\uFFFD"), "\uFFFD")
		if got != want {
			t.Errorf("return %q: field value %q", ret, got)
		}
		if n := all(nodes, tag("input")); len(n) != 5 {
			t.Errorf("return %q: %d inputs, want 5 (4 checkboxes, return)", ret, len(n))
		}
	}
}

func TestLanguages(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, tc := range []struct{ lang, want, accept, reject, manage string }{
		{"en", "en", "Accept all", "Reject all", "Manage your cookies"},
		{"fr", "fr", "Tout accepter", "Tout refuser", "G\u00e9rer vos cookies"},
		{"de", "de", "Alle akzeptieren", "Alle ablehnen", "Cookies verwalten"},
		{"FR-ca", "fr", "Tout accepter", "Tout refuser", "G\u00e9rer vos cookies"},
		{"xx", "en", "Accept all", "Reject all", "Manage your cookies"},
		{"", "en", "Accept all", "Reject all", "Manage your cookies"},
	} {
		out := unwrap(t, b.AppendBody(nil, Page{Lang: tc.lang}))
		nodes := parse(t, out, atom.Body)
		root := one(t, nodes, "root", hasAttr("data-cookie-consent-root"))
		if v, _ := attr(root, "lang"); v != tc.want {
			t.Errorf("Lang %q: lang=%q, want %q", tc.lang, v, tc.want)
		}
		get := func(v string) string {
			return text(one(t, nodes, v, and(tag("button"), attrIs("value", v))))
		}
		if get("all") != tc.accept || get("none") != tc.reject {
			t.Errorf("Lang %q: buttons %q / %q", tc.lang, get("all"), get("none"))
		}
		if m := text(one(t, nodes, "manage", hasAttr("data-cookie-consent-manage"))); m != tc.manage {
			t.Errorf("Lang %q: manage %q", tc.lang, m)
		}
		for i := 0; i < len(out); i++ {
			if out[i] >= 0x80 {
				t.Fatalf("Lang %q: raw non-ASCII byte in the output (legacy charsets)", tc.lang)
			}
		}
	}
}

func TestGPCNotice(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, gpc := range []bool{false, true} {
		nodes := parse(t, unwrap(t, b.AppendBody(nil, Page{GPC: gpc})), atom.Body)
		n := all(nodes, attrIs("class", "cc-gpc"))
		if (len(n) == 1) != gpc {
			t.Errorf("GPC %v: %d notices", gpc, len(n))
		}
		if gpc && !strings.Contains(text(n[0]), "Global Privacy Control") {
			t.Errorf("notice %q", text(n[0]))
		}
		root := one(t, nodes, "root", hasAttr("data-cookie-consent-root"))
		if st := stateOf(t, root); st.GPC != gpc || st.Decided {
			t.Errorf("state %+v", st)
		}
		for _, box := range all(nodes, attrIs("name", "category")) {
			v, _ := attr(box, "value")
			if _, c := attr(box, "checked"); c && v != "necessary" {
				t.Errorf("GPC %v: %s pre-ticked", gpc, v)
			}
		}
	}
}

// Accepted names the banner does not know are ignored, as are Accepted
// when nothing is decided.
func TestAcceptedNormalised(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, tc := range []struct {
		p    Page
		want []string
	}{
		{Page{Decided: true, Accepted: []string{"marketing", "bogus", "analytics"}}, []string{"necessary", "analytics", "marketing"}},
		{Page{Decided: true}, []string{"necessary"}},
		{Page{Decided: false, Accepted: []string{"analytics"}}, []string{"necessary"}},
	} {
		for _, block := range []func([]byte, Page) []byte{b.AppendHead, b.AppendBody} {
			nodes := parse(t, unwrap(t, block(nil, tc.p)), atom.Body)
			n := all(nodes, hasAttr("data-cookie-consent-state"))[0]
			if st := stateOf(t, n); !slices.Equal(st.Categories, tc.want) {
				t.Errorf("%+v: categories %v, want %v", tc.p, st.Categories, tc.want)
			}
		}
	}
}

// --- the head block ------------------------------------------------------

func TestHeadBlock(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, p := range []Page{{}, {Decided: true, Accepted: []string{"analytics"}, Lang: "fr"}} {
		inner := unwrap(t, b.AppendHead(nil, p))
		nodes := parse(t, inner, atom.Head)
		var els []*html.Node
		for _, n := range nodes {
			if n.Type == html.ElementNode {
				els = append(els, n)
			}
		}
		if len(els) != 3 {
			t.Fatalf("head block has %d elements, want 3", len(els))
		}
		guard, link, script := els[0], els[1], els[2]
		if guard.Data != "script" || guard.FirstChild == nil {
			t.Fatal("the first element is not the inline guard")
		}
		if _, ok := attr(guard, "src"); ok {
			t.Fatal("the guard is not inline")
		}
		st := stateOf(t, guard)
		want := []string{"necessary"}
		if p.Decided {
			want = []string{"necessary", "analytics"}
		}
		if st.Decided != p.Decided || !slices.Equal(st.Categories, want) {
			t.Errorf("guard state %+v", st)
		}
		js := guard.FirstChild.Data
		for _, s := range []string{
			"Object.getOwnPropertyDescriptor(P,\"cookie\")",
			"MutationObserver",
			`"consent","default"`,
			`function gtag(){dataLayer.push(arguments)}`,
			`"_ga_*"`, `"connect.facebook.net/*/fbevents.js"`,
		} {
			if !strings.Contains(js, s) {
				t.Errorf("guard lacks %s", s)
			}
		}
		if strings.Contains(js, "\n//") || strings.Contains(js, "\n ") {
			t.Error("guard not stripped of comments and indentation")
		}
		// Keep the inline part small: the code, rules aside, under 5 KB.
		src, _ := staticFS.ReadFile("static/guard.js")
		if n := len(minifyJS(string(src))); n > 5000 {
			t.Errorf("guard code is %d bytes", n)
		}
		if v, _ := attr(link, "rel"); link.Data != "link" || v != "stylesheet" {
			t.Errorf("second element %v", link.Attr)
		}
		if v, _ := attr(link, "href"); v != b.StyleURL() {
			t.Errorf("stylesheet href %q", v)
		}
		if v, _ := attr(script, "src"); v != b.ScriptURL() {
			t.Errorf("script src %q", v)
		}
		if _, ok := attr(script, "defer"); !ok {
			t.Error("banner.js not deferred")
		}
	}
}

func TestNonce(t *testing.T) {
	b := mustNew(t, testConfig())
	for _, nonce := range []string{"", "r4nd0m+/Base64==", `x" onload="alert(1)`} {
		for _, block := range []struct {
			name string
			f    func([]byte, Page) []byte
			ctx  atom.Atom
		}{{"head", b.AppendHead, atom.Head}, {"body", b.AppendBody, atom.Body}} {
			nodes := parse(t, unwrap(t, block.f(nil, Page{Nonce: nonce, Return: "/"})), block.ctx)
			carriers := all(nodes, func(n *html.Node) bool {
				return n.Data == "script" || n.Data == "style" || n.Data == "link"
			})
			if block.name == "head" && len(carriers) != 3 {
				t.Fatalf("head: %d script/link elements", len(carriers))
			}
			for _, n := range carriers {
				v, ok := attr(n, "nonce")
				if nonce == "" && ok {
					t.Errorf("%s: nonce on <%s> without a page nonce", block.name, n.Data)
				}
				if nonce != "" && v != nonce {
					t.Errorf("%s: <%s> nonce %q, want %q", block.name, n.Data, v, nonce)
				}
			}
			if n := all(nodes, hasAttr("onload")); len(n) > 0 {
				t.Errorf("%s: nonce %q broke out of its attribute", block.name, nonce)
			}
		}
	}
}

func TestScriptHashes(t *testing.T) {
	b := mustNew(t, testConfig())
	h := b.ScriptHashes()
	if len(h) != 1 || !regexp.MustCompile(`^'sha256-[A-Za-z0-9+/]{43}='$`).MatchString(h[0]) {
		t.Fatalf("ScriptHashes = %v", h)
	}
	// The same hash for every state and language.
	for _, p := range []Page{{}, {Decided: true, Accepted: []string{"analytics", "marketing"}, Lang: "de", Nonce: "n", GPC: true}} {
		nodes := parse(t, unwrap(t, b.AppendHead(nil, p)), atom.Head)
		guard := all(nodes, tag("script"))[0]
		if got := cspHash(guard.FirstChild.Data); got != h[0] {
			t.Errorf("%+v: guard hash %s, ScriptHashes %s", p, got, h[0])
		}
	}
}

// --- New -----------------------------------------------------------------

func TestNewErrors(t *testing.T) {
	many := []Category{{Name: "necessary", Required: true}}
	for i := 0; i <= maxOptional; i++ {
		many = append(many, Category{Name: fmt.Sprintf("c%d", i)})
	}
	for _, tc := range []struct {
		name string
		c    Config
		want string
	}{
		{"relative endpoint", Config{Endpoint: "cookie-consent"}, "endpoint"},
		{"protocol-relative endpoint", Config{Endpoint: "//evil.example/x"}, "endpoint"},
		{"quote in endpoint", Config{Endpoint: `/x"y`}, "endpoint"},
		{"root endpoint", Config{Endpoint: "/"}, "endpoint"},
		{"bad category", Config{Categories: []Category{{Name: "a b"}}}, `"a b"`},
		{"empty category", Config{Categories: []Category{{Name: ""}}}, "category name"},
		{"duplicate", Config{Categories: []Category{{Name: "x"}, {Name: "x"}}}, "twice"},
		{"too many", Config{Categories: many}, "at most"},
		{"unreadable template dir", Config{TemplateDir: "/proc/self/nonexistent\x00"}, "banner"},
	} {
		_, err := New(tc.c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}

// Rules are data: whatever they hold, they cannot break out of the guard.
func TestRulesEmbeddedSafely(t *testing.T) {
	b := mustNew(t, Config{
		CookieRules: map[string][]string{"analytics": {"</script><script>alert(1)//", "a\u2028b", "", "x y;z"}, "": {"q"}},
		ScriptRules: map[string][]string{"odd cat": {"<!--", "]]>"}},
	})
	inner := unwrap(t, b.AppendHead(nil, Page{}))
	if n := strings.Count(strings.ToLower(inner), "</script"); n != 2 {
		t.Errorf("%d </script in the head block, want 2", n)
	}
	nodes := parse(t, inner, atom.Head)
	if n := len(all(nodes, tag("script"))); n != 2 {
		t.Errorf("%d scripts", n)
	}
	if strings.Contains(inner, "<!--") {
		t.Error("a comment opener in the guard")
	}
}

func TestEndpointNormalised(t *testing.T) {
	b := mustNew(t, Config{Endpoint: "/consent/"})
	if b.Endpoint() != "/consent" || !strings.HasPrefix(b.ScriptURL(), "/consent/banner.") {
		t.Errorf("endpoint %q, script %q", b.Endpoint(), b.ScriptURL())
	}
	nodes := parse(t, unwrap(t, b.AppendBody(nil, Page{})), atom.Body)
	if v, _ := attr(one(t, nodes, "form", tag("form")), "action"); v != "/consent" {
		t.Errorf("action %q", v)
	}
}

// --- site templates ------------------------------------------------------

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const siteBody = `<div data-cookie-consent-root data-cookie-consent-state="{{.StateJSON}}" lang="{{.Lang}}" class="site-banner">
<details data-cookie-consent-panel{{if .Open}} open{{end}}><summary data-cookie-consent-manage>{{.T.Manage}}</summary>
<form method="post" action="{{.Endpoint}}">
<button name="consent" value="custom" hidden></button>
<button name="consent" value="all">{{.T.AcceptAll}}</button><button name="consent" value="none">{{.T.RejectAll}}</button>
{{range .Categories}}<input type="checkbox" name="category" value="{{.Name}}"{{if .Checked}} checked{{end}}>{{end}}
<button name="consent" value="custom">{{.T.Save}}</button>
<input type="hidden" name="return" value={{.Return}}>
<p title="{{.Return}}">{{.Return}}</p>
</form></details></div>
`

func TestTemplateOverride(t *testing.T) {
	c := testConfig()
	c.TemplateDir = writeFiles(t, map[string]string{BodyTemplate: siteBody})
	b := mustNew(t, c)
	ret := `/a b?x="1"&y=<2>`
	out := b.AppendBody(nil, Page{Lang: "fr", Return: ret, Decided: true, Accepted: []string{"marketing"}})
	nodes := parse(t, unwrap(t, out), atom.Body)
	one(t, nodes, "site root", attrIs("class", "site-banner"))
	if v, _ := attr(one(t, nodes, "manage", hasAttr("data-cookie-consent-manage")), "data-cookie-consent-manage"); v != "" {
		t.Error("manage attribute has a value")
	}
	if s := text(one(t, nodes, "manage", hasAttr("data-cookie-consent-manage"))); s != "G\u00e9rer vos cookies" {
		t.Errorf("manage %q", s)
	}
	// The unquoted attribute, the quoted one and the text all round-trip.
	if v, _ := attr(one(t, nodes, "return", attrIs("name", "return")), "value"); v != ret {
		t.Errorf("unquoted return value %q", v)
	}
	p := one(t, nodes, "p", tag("p"))
	if v, _ := attr(p, "title"); v != ret || p.FirstChild.Data != ret {
		t.Errorf("title %q, text %q", v, p.FirstChild.Data)
	}
	if n := all(nodes, attrIs("checked", "")); len(n) != 2 {
		t.Errorf("%d checked boxes, want necessary and marketing", len(n))
	}
	// The head was not overridden.
	if !strings.Contains(string(b.AppendHead(nil, Page{})), "__cookieConsentGuard") {
		t.Error("built-in head lost")
	}
}

func TestTemplateOverrideHead(t *testing.T) {
	c := testConfig()
	c.TemplateDir = writeFiles(t, map[string]string{
		HeadTemplate: `<script{{if .Nonce}} nonce="{{.Nonce}}"{{end}} data-cookie-consent-state="{{.StateJSON}}">{{.Guard}}</script><meta name="x-site" content="{{.Lang}}">`,
	})
	b := mustNew(t, c)
	out := string(b.AppendHead(nil, Page{Lang: "de", Nonce: "abc"}))
	if !strings.Contains(out, `<meta name="x-site" content="de">`) || !strings.Contains(out, `nonce="abc"`) {
		t.Errorf("site head not used: %.200s", out)
	}
	if len(b.ScriptHashes()) != 1 {
		t.Errorf("hashes %v", b.ScriptHashes())
	}
}

func TestTemplateErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, src, want string
	}{
		{"parse error", BodyTemplate, `<div>{{.Lang</div>`, BodyTemplate},
		{"unknown field", BodyTemplate, `<div>{{.Nope}}</div>`, "Nope"},
		{"return in script", BodyTemplate, `<script>var r = {{.Return}};</script>`, ".Return"},
		{"return in URL", BodyTemplate, `<a href="{{.Return}}">back</a>`, ".Return"},
		{"nonce in style", HeadTemplate, `<style>a{content:"{{.Nonce}}"}</style>`, ".Nonce"},
		{"return through a function", BodyTemplate, `<p>{{printf "%s!" .Return | urlquery}}</p>`, ".Return"},
		{"non-text end", HeadTemplate, `<script>{{if .Decided}}"{{end}}</script>`, HeadTemplate},
	} {
		c := testConfig()
		c.TemplateDir = writeFiles(t, map[string]string{tc.file: tc.src})
		_, err := New(c)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
			t.Errorf("%s: %v (want %q and the file name)", tc.name, err, tc.want)
		}
	}
}

func TestTemplateContract(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no manage control", map[string]string{BodyTemplate: strings.Replace(siteBody, " data-cookie-consent-manage", "", 1)}, "data-cookie-consent-manage"},
		{"no reject", map[string]string{BodyTemplate: strings.Replace(siteBody, `value="none"`, `value="nope"`, 1)}, `value="none"`},
		{"no form", map[string]string{BodyTemplate: `<p data-cookie-consent-manage>x</p>`}, "<form>"},
		{"empty body", map[string]string{BodyTemplate: ``}, "must keep"},
		{"head without guard", map[string]string{HeadTemplate: `<link rel="stylesheet" href="{{.StyleURL}}">`}, "guard"},
		{"no known file", map[string]string{"body.tmpl": siteBody}, "holds none of"},
		// Enter in a checkbox would accept all (implicit submission).
		{"accept all first", map[string]string{BodyTemplate: strings.Replace(siteBody, `<button name="consent" value="custom" hidden></button>`, "", 1)}, `value="all"`},
		{"disabled default first", map[string]string{BodyTemplate: strings.Replace(siteBody, `value="custom" hidden>`, `value="custom" hidden disabled>`, 1)}, `value="all"`},
		{"default posts nothing", map[string]string{BodyTemplate: strings.Replace(siteBody, `<button name="consent" value="custom" hidden>`, `<button type=SUBMIT hidden>`, 1)}, `name="" value=""`},
	} {
		c := testConfig()
		c.TemplateDir = writeFiles(t, tc.files)
		_, err := New(c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	c := testConfig()
	c.TemplateDir = filepath.Join(t.TempDir(), "nope")
	if _, err := New(c); err == nil || !strings.Contains(err.Error(), "template directory") {
		t.Errorf("missing directory: %v", err)
	}
	// Unquoted attributes and other spellings pass.
	c.TemplateDir = writeFiles(t, map[string]string{BodyTemplate: `<FORM method=post action="{{.Endpoint}}"><input type=hidden name=x><button type=button>?</button><BUTTON NAME=consent VALUE=custom hidden></BUTTON><button name=consent value=all>A</button><button name=consent value='none'>R</button><span data-cookie-consent-manage>M</span></FORM>`})
	if _, err := New(c); err != nil {
		t.Errorf("unquoted attributes: %v", err)
	}
}

// A site template that fails only on a state New did not try falls back to
// the built-in one instead of breaking the page.
func TestTemplateRuntimeFallback(t *testing.T) {
	c := testConfig()
	c.TemplateDir = writeFiles(t, map[string]string{
		BodyTemplate: `<div data-site>{{if and .Decided (not .GPC) (eq (len .Accepted) 2)}}{{index .Accepted 7}}{{end}}</div>` + siteBody,
	})
	b := mustNew(t, c)
	if out := string(b.AppendBody(nil, Page{})); !strings.Contains(out, "data-site") {
		t.Errorf("site template not used: %s", out)
	}
	out := string(b.AppendBody(nil, Page{Decided: true, Accepted: []string{"analytics"}}))
	if !strings.Contains(out, `value="none"`) || strings.Contains(out, "data-site") {
		t.Errorf("no fallback: %.200s", out)
	}
	unwrap(t, []byte(out))
}

// --- the cache -----------------------------------------------------------

// The split-and-fill path gives the same DOM as executing the template with
// the real values, for random pages, with and without the cache.
func TestFilledEqualsExecuted(t *testing.T) {
	c := testConfig()
	c.Categories = append(DefaultCategories(), Category{Name: "social"})
	cached := mustNew(t, c)
	uncached := mustNew(t, c)
	uncached.cacheLimit = 0
	empty := map[uint64]*rendered{}
	uncached.cache.Store(&empty)

	rnd := rand.New(rand.NewSource(1))
	pick := func(s ...string) string { return s[rnd.Intn(len(s))] }
	for i := 0; i < 300; i++ {
		p := Page{
			Lang:    pick("en", "fr", "de", "es"),
			Return:  pick("", "/", "/a?b=1&c=2", `/"><script>x</script>`, "/\u00e9t\u00e9 x=y", "/'`"),
			Decided: rnd.Intn(2) == 0,
			Nonce:   pick("", "abc", `q"uote`),
			GPC:     rnd.Intn(3) == 0,
		}
		for _, cat := range []string{"preferences", "analytics", "marketing", "social", "nope"} {
			if rnd.Intn(2) == 0 {
				p.Accepted = append(p.Accepted, cat)
			}
		}
		for kind, ctx := range []atom.Atom{atom.Head, atom.Body} {
			want := executed(t, cached, kind, p)
			for _, b := range []*Banner{cached, uncached} {
				var got []byte
				if kind == blockHead {
					got = b.AppendHead([]byte("prefix"), p)
				} else {
					got = b.AppendBody([]byte("prefix"), p)
				}
				if !strings.HasPrefix(string(got), "prefix") {
					t.Fatal("dst not appended to")
				}
				if g, w := renderDOM(t, unwrap(t, got[6:]), ctx), renderDOM(t, want, ctx); g != w {
					t.Fatalf("%+v kind %d:\n got %s\nwant %s", p, kind, g, w)
				}
			}
		}
	}
	if n := len(*uncached.cache.Load()); n != 0 {
		t.Errorf("uncached banner cached %d states", n)
	}
	if n := len(*cached.cache.Load()); n == 0 || n > cached.cacheLimit {
		t.Errorf("cache holds %d states", n)
	}
}

// executed runs the template the slow, obvious way.
func executed(t *testing.T, b *Banner, kind int, p Page) string {
	st := b.pageState(&p)
	d := b.data(b.langIndex(p.Lang), st)
	d.Return, d.Nonce = p.Return, p.Nonce
	var sb strings.Builder
	if err := b.tmpl[kind].Execute(&sb, d); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

func renderDOM(t *testing.T, frag string, ctx atom.Atom) string {
	var sb strings.Builder
	for _, n := range parse(t, frag, ctx) {
		if err := html.Render(&sb, n); err != nil {
			t.Fatal(err)
		}
	}
	return strings.TrimSpace(sb.String())
}

func TestConcurrentUse(t *testing.T) {
	b := mustNew(t, testConfig())
	want := map[int]string{}
	pages := make([]Page, 64)
	for i := range pages {
		pages[i] = Page{Lang: []string{"en", "fr", "de"}[i%3], Decided: i%2 == 0, Return: fmt.Sprintf("/p%d", i),
			Accepted: []string{"preferences", "analytics", "marketing"}[:i%4], Nonce: fmt.Sprint(i % 5)}
		want[i] = string(b.AppendHead(nil, pages[i])) + string(b.AppendBody(nil, pages[i]))
	}
	fresh := mustNew(t, testConfig())
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var buf []byte
			for j := 0; j < 200; j++ {
				i := (g*31 + j*7) % len(pages)
				buf = fresh.AppendHead(buf[:0], pages[i])
				buf = fresh.AppendBody(buf, pages[i])
				if string(buf) != want[i] {
					t.Errorf("page %d differs under concurrency", i)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestAppendAllocations(t *testing.T) {
	b := mustNew(t, testConfig())
	p := Page{Lang: "fr", Return: "/a?b=1&c=2", Decided: true, Accepted: []string{"analytics"}, Nonce: "abc"}
	buf := make([]byte, 0, 64<<10)
	b.AppendBody(buf, p)
	b.AppendHead(buf, p)
	if n := testing.AllocsPerRun(100, func() { b.AppendBody(buf[:0], p); b.AppendHead(buf[:0], p) }); n != 0 {
		t.Errorf("warm Append allocates %v times", n)
	}
}

func TestGuardExternal(t *testing.T) {
	c := testConfig()
	c.GuardExternal = true
	b := mustNew(t, c)
	inline := mustNew(t, testConfig())
	if b.GuardURL() == "" || inline.GuardURL() != "" {
		t.Fatalf("GuardURL %q / %q", b.GuardURL(), inline.GuardURL())
	}
	name := strings.TrimPrefix(b.GuardURL(), DefaultEndpoint+"/")
	a, ok := b.Asset(name)
	if !ok || !regexp.MustCompile(`^guard\.[0-9a-f]{8}\.js$`).MatchString(name) || a.ContentType != "text/javascript; charset=utf-8" {
		t.Fatalf("guard asset %q %v %q", name, ok, a.ContentType)
	}
	if string(a.Body) != string(inline.guard) {
		t.Error("external guard differs from the inline one")
	}
	if len(b.ScriptHashes()) != 0 {
		t.Errorf("hashes %v with no inline script", b.ScriptHashes())
	}
	p := Page{Nonce: "n0nce", Decided: true, Accepted: []string{"marketing"}}
	nodes := parse(t, unwrap(t, b.AppendHead(nil, p)), atom.Head)
	scripts := all(nodes, tag("script"))
	if len(scripts) != 2 {
		t.Fatalf("%d scripts", len(scripts))
	}
	g := scripts[0]
	if src, _ := attr(g, "src"); src != b.GuardURL() || g.FirstChild != nil {
		t.Errorf("guard element %v", g.Attr)
	}
	if _, ok := attr(g, "defer"); ok {
		t.Error("the guard must block, not defer")
	}
	if _, ok := attr(g, "async"); ok {
		t.Error("the guard must block, not be async")
	}
	if v, _ := attr(g, "nonce"); v != "n0nce" {
		t.Errorf("nonce %q", v)
	}
	if st := stateOf(t, g); !slices.Equal(st.Categories, []string{"necessary", "marketing"}) {
		t.Errorf("state %v", st)
	}
	if len(unwrap(t, b.AppendHead(nil, p))) > 1000 {
		t.Error("external-guard head block is not small")
	}
}
