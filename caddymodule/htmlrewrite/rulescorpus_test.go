package htmlrewrite

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// The built-in rules as the policy, over the corpus pages: what they hold
// back, and what they must leave alone.

var updateRulesHeld = flag.Bool("update-rules-held", false, "rewrite "+rulesHeldFile+" from the current rules")

// rulesHeldFile lists the inline scripts of the corpus pages that the
// built-in rules hold back, as "page <tab> n <tab> vendor", n counting the
// inline scripts of the page from 0. A change to the rules may add to it,
// not take from it.
const rulesHeldFile = "testdata/rules-inline-held.tsv"

// rulesPolicy holds back what the built-in rules put in a category other
// than necessary, as the handler does before a visitor decides. It logs
// every inline script it is asked about: the vendor it holds back, or "".
type rulesPolicy struct {
	s      *rules.Set
	inline *[]inlineAsked
}

type inlineAsked struct {
	vendor string
	prefix string
}

func (p rulesPolicy) URL(u []byte) (string, string, bool) {
	vendor, cat, ok := p.s.URLVendor(u, "www.example.org")
	return vendor, string(cat), ok && cat != rules.Necessary
}

func (p rulesPolicy) Inline(prefix []byte) (string, string, bool) {
	vendor, cat, ok := p.s.InlineVendor(prefix)
	block := ok && cat != rules.Necessary
	if p.inline != nil {
		asked := inlineAsked{prefix: string(prefix)}
		if block {
			asked.vendor = vendor
		}
		*p.inline = append(*p.inline, asked)
	}
	return vendor, string(cat), block
}

func builtinRules(t testing.TB) *rules.Set {
	s, err := rules.Compile(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// heldKey names an inline script of a corpus page.
type heldKey struct {
	page string
	n    int
}

// notHeldAnyMore are the scripts of rulesHeldFile that the rules let
// through now, and why that is right.
var notHeldAnyMore = map[heldKey]string{
	{"trafilatura-thenervousbreakdown-loneliest.html", 4}: "the Quantcast tag is all inside a /* */ comment: it never runs",
}

// corpusInlineHeld rewrites every page with the built-in rules and returns
// what was asked about each inline script, by page.
func corpusInlineHeld(t *testing.T, s *rules.Set) (names []string, pages [][]byte, asked map[string][]inlineAsked) {
	names, pages = corpus.Pages(t)
	asked = make(map[string][]inlineAsked)
	for i, page := range pages {
		var log []inlineAsked
		rewrite(t, page, Options{Policy: rulesPolicy{s, &log}, InlineLookahead: rules.InlineLookahead}, 0)
		asked[names[i]] = log
	}
	return names, pages, asked
}

func readRulesHeld(t *testing.T) map[heldKey]string {
	fh, err := os.Open(rulesHeldFile)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	held := make(map[heldKey]string)
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if line := sc.Text(); line != "" && line[0] != '#' {
			f := strings.Split(line, "\t")
			n, err := strconv.Atoi(f[1])
			if len(f) != 3 || err != nil {
				t.Fatalf("%s: bad line %q", rulesHeldFile, line)
			}
			held[heldKey{f[0], n}] = f[2]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return held
}

func writeRulesHeld(t *testing.T, names []string, asked map[string][]inlineAsked) {
	var b bytes.Buffer
	b.WriteString("# page\tinline script (from 0)\tvendor: the inline scripts of ../shared/corpus/pages the built-in rules hold back\n")
	for _, name := range names {
		for n, a := range asked[name] {
			if a.vendor != "" {
				fmt.Fprintf(&b, "%s\t%d\t%s\n", name, n, a.vendor)
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(rulesHeldFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rulesHeldFile, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCorpusRulesInlineHeld checks that every inline script of the corpus
// that the rules held back when rulesHeldFile was written is held back
// still, by the same vendor.
func TestCorpusRulesInlineHeld(t *testing.T) {
	names, _, asked := corpusInlineHeld(t, builtinRules(t))
	if *updateRulesHeld {
		writeRulesHeld(t, names, asked)
	}
	want := readRulesHeld(t)
	scripts, now := 0, 0
	for _, name := range names {
		scripts += len(asked[name])
		for n, a := range asked[name] {
			key := heldKey{name, n}
			switch was, listed := want[key]; {
			case a.vendor != "":
				now++
				if listed && a.vendor != was {
					t.Errorf("%s inline script %d: held back as %s, was %s", name, n, a.vendor, was)
				}
				if !listed {
					t.Logf("%s inline script %d: now held back as %s (go test -update-rules-held)", name, n, a.vendor)
				}
			case listed && notHeldAnyMore[key] != "":
				t.Logf("%s inline script %d: %s no more held back: %s", name, n, was, notHeldAnyMore[key])
			case listed:
				t.Errorf("%s inline script %d: %s no more held back: %.200q", name, n, was, a.prefix)
			}
		}
	}
	t.Logf("%d pages, %d inline scripts: %d held back (%d listed in %s)", len(names), scripts, now, len(want), rulesHeldFile)
}

// BenchmarkRewriteCorpusRules is BenchmarkRewriteCorpus with the built-in
// rules as the policy: the rewriter and the rules' matchers together.
func BenchmarkRewriteCorpusRules(b *testing.B) {
	_, pages := corpus.Pages(b)
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	o := Options{Policy: rulesPolicy{s: builtinRules(b)}, InlineLookahead: rules.InlineLookahead}
	r := New(io.Discard, o)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			r.Reset(io.Discard, o)
			r.Write(p)
			r.Close()
		}
	}
}

// TestCorpusRulesLeaveAlone rewrites, with the built-in rules, pages that
// hold no tracker but name them: the corpus pages with the elements
// rulesHeldFile and the URL rules hold back cut out, pages that quote each
// of those inline snippets as text, as string data and in comments, and
// first-party scripts that list the vendors' hosts and signatures as data.
// None may change.
func TestCorpusRulesLeaveAlone(t *testing.T) {
	s := builtinRules(t)
	names, pages, asked := corpusInlineHeld(t, s)
	held := readRulesHeld(t)
	var tests []struct{ name, page string }
	add := func(name, page string) { tests = append(tests, struct{ name, page string }{name, page}) }
	for i, page := range pages {
		add(names[i]+" without its trackers", string(cutTrackers(t, s, names[i], page, held)))
		for n, a := range asked[names[i]] {
			if held[heldKey{names[i], n}] != "" {
				for _, q := range quotings {
					add(fmt.Sprintf("%s inline script %d %s", names[i], n, q.name), q.page(a.prefix))
				}
			}
		}
	}
	for _, v := range rules.Builtin {
		add("vendor list "+v.Name, namingScripts(v))
	}
	for _, script := range firstPartyScripts {
		add("first party "+script, "<!doctype html><script>"+script+"</script>")
	}
	scripts := 0
	for _, tt := range tests {
		var log []inlineAsked
		res := rewrite(t, []byte(tt.page), Options{Policy: rulesPolicy{s, &log}, InlineLookahead: rules.InlineLookahead}, 0)
		scripts += len(log)
		if string(res.out) != tt.page {
			t.Errorf("%s: changed, %v held back", tt.name, res.neutralised)
		}
	}
	t.Logf("%d pages, %d inline scripts must come out unchanged", len(tests), scripts)
}

// cutTrackers returns a page without the elements held back by the URL
// rules or, for inline scripts, listed in held.
func cutTrackers(t *testing.T, s *rules.Set, name string, page []byte, held map[heldKey]string) []byte {
	res := rewrite(t, page, Options{Policy: listedPolicy{s, name, held, new(int)}, InlineLookahead: rules.InlineLookahead}, 0)
	var out []byte
	pos := 0
	for _, in := range res.ins {
		lt := bytes.LastIndexByte(page[:in.at], '<')
		if lt < pos {
			continue // another insertion in the element already cut
		}
		out = append(out, page[pos:lt]...)
		pos = elementEnd(page, lt, int(in.at))
	}
	return append(out, page[pos:]...)
}

// listedPolicy holds back what the URL rules do, and the inline scripts
// listed in held.
type listedPolicy struct {
	s    *rules.Set
	page string
	held map[heldKey]string
	n    *int
}

func (p listedPolicy) URL(u []byte) (string, string, bool) { return rulesPolicy{s: p.s}.URL(u) }

func (p listedPolicy) Inline([]byte) (string, string, bool) {
	vendor := p.held[heldKey{p.page, *p.n}]
	*p.n++
	return vendor, "listed", vendor != ""
}

// elementEnd returns where the element whose start tag opens at lt ends:
// after its end tag for an element with content a tracker may be in,
// else after the start tag. from is a position in the start tag.
func elementEnd(page []byte, lt, from int) int {
	end := from
	for quote := byte(0); end < len(page); end++ {
		switch c := page[end]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if bytes.TrimRight(page[:end], " \t\n\r\f")[len(bytes.TrimRight(page[:end], " \t\n\r\f"))-1] == '=' {
				quote = c
			}
		case c == '>':
			end++
			name := strings.ToLower(string(page[lt+1 : lt+1+bytes.IndexAny(page[lt+1:], " \t\n\r\f/>")]))
			if name != "script" && name != "iframe" {
				return end
			}
			close := bytes.Index(bytes.ToLower(page[end:]), []byte("</"+name))
			if close < 0 {
				return len(page)
			}
			return end + close + bytes.IndexByte(page[end+close:], '>') + 1
		}
	}
	return end
}

// quotings put a vendor's snippet in a page where it does not run.
var quotings = []struct {
	name string
	page func(snippet string) string
}{
	{"in <pre><code>", func(s string) string {
		return "<!doctype html><p>Our old snippet:</p><pre><code>" + html.EscapeString(s) + "</code></pre>"
	}},
	{"as a string", func(s string) string {
		data, _ := json.Marshal(s) // escapes "<" and ">": no "</script>"
		return "<!doctype html><script>var oldSnippet = " + string(data) + "; console.log(oldSnippet.length);</script>"
	}},
	{"as a template", func(s string) string {
		s = strings.NewReplacer(`\`, `\\`, "`", "\\`", "${", "\\${").Replace(s)
		return "<!doctype html><script>const shown = `" + s + "`;\ndocument.querySelector('pre').textContent = shown;</script>"
	}},
	{"in a block comment", func(s string) string {
		return "<!doctype html><script>/* removed:\n" + strings.ReplaceAll(s, "*/", "* /") + "\n*/ menu();</script>"
	}},
	{"in line comments", func(s string) string {
		s = strings.NewReplacer("\r\n", "\n// ", "\r", "\n// ", "\n", "\n// ", "\u2028", " ", "\u2029", " ").Replace(s)
		return "<!doctype html><script>menu();\n// " + s + "\nfooter();</script>"
	}},
}

// namingScripts is a page whose first-party scripts name a vendor's hosts
// and signatures as data: a list of vendors removed, a log line, a lookup
// table, a comment.
func namingScripts(v rules.Vendor) string {
	names := append(slices.Clone(v.Signatures), v.Name)
	for _, h := range v.Hosts {
		names = append(names, strings.TrimPrefix(strings.ReplaceAll(h, "*", "x"), "x/"), "https://"+h)
	}
	list, _ := json.Marshal(names)
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><script>var removedVendors = %s;</script>\n", list)
	fmt.Fprintf(&b, "<script>console.log(\"no longer loading\", %s.join(\", \"));</script>\n", list)
	b.WriteString("<script>var known = {")
	for i, n := range names {
		q, _ := json.Marshal(n)
		fmt.Fprintf(&b, "%q: %s, ", fmt.Sprint("v", i), q)
	}
	b.WriteString("};\nif (known.v0) { document.body.classList.add('vendors-known'); }</script>\n")
	fmt.Fprintf(&b, "<script>// %s is gone since 2020\nmenu();</script>\n", strings.Join(names, ", "))
	return b.String()
}

// firstPartyScripts are a legacy site's own code naming vendors.
var firstPartyScripts = []string{
	`console.log(["static.hotjar.com", "_paq", "fbq"]);`,
	`console.log(["static.hotjar.com/c/hotjar-", "connect.facebook.net/en_US/fbevents.js", "fbq('init'", "_paq.push("]);`,
	`var blocked = {'www.google-analytics.com/analytics.js': 'GA', "//www.googletagmanager.com/gtm.js?id=": "GTM"};`,
	`/* was: s.src="https://static.hotjar.com/c/hotjar-1.js" */ $(function(){ $('.nav').toggle(); });`,
	"// fbq('init', '123'); fbq('track', 'PageView');\nmenu();",
	"var msg = `We no longer use ${'Google Analytics'} (google-analytics.com/analytics.js) or gtag('js').`; alert(msg);",
	`if (/googletagmanager\.com\/gtm\.js|connect\.facebook\.net/.test(location.search)) { track = false; }`,
	`var x = a / 2 / 3, re = /'_setAccount'/g; document.title = 'mixpanel.init( is gone';`,
	`var privacy = "We used Hotjar (static.hotjar.com/c/hotjar-) and Matomo (_paq.push) until 2021.";`,
}
