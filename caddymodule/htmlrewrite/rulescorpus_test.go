package htmlrewrite

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
var notHeldAnyMore = map[heldKey]string{}

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
