package htmlrewrite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// TestHTML5LibTokenizer runs the html5lib tokenizer tests through the
// scanner, with tree construction off (the tests feed a tokenizer alone),
// and compares the tokens it sees: start and end tags with their
// attributes, comments, DOCTYPEs, and the text between them. Text and
// values holding character references, NUL or CR are compared only in
// position, as the rewriter never decodes them.
func TestHTML5LibTokenizer(t *testing.T) {
	dir := corpus.Dir(t, "html5lib-tokenizer")
	files, err := filepath.Glob(filepath.Join(dir, "*.test"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tests in %s: %v", dir, err)
	}
	var cases, agree, exact, skipped int
	var failures []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var suite struct {
			Tests    []html5libTest `json:"tests"`
			XMLTests []html5libTest `json:"xmlViolationTests"`
		}
		if err := json.Unmarshal(data, &suite); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(suite.XMLTests) > 0 {
			skipped += len(suite.XMLTests) // expectations assume the XML infoset coercion
		}
		for _, tc := range suite.Tests {
			states := tc.InitialStates
			if len(states) == 0 {
				states = []string{"Data state"}
			}
			for _, s := range states {
				st, ok := html5libStates[s]
				if !ok || tc.DoubleEscaped {
					skipped++
					continue
				}
				cases++
				got := scanTokens(t, tc.Input, st, tc.LastStartTag, 0)
				if again := scanTokens(t, tc.Input, st, tc.LastStartTag, 1); !reflect.DeepEqual(got, again) {
					t.Errorf("%s: tokens differ when written byte by byte", tc.Description)
				}
				want := expectedTokens(tc.Output)
				if tokensMatch(got, want) {
					agree++
					if !strings.Contains(fmt.Sprint(got), anyText) {
						exact++
					}
				} else {
					failures = append(failures, fmt.Sprintf("%s [%s] %q\n   got  %v\n   want %v",
						filepath.Base(f), tc.Description, tc.Input, got, want))
				}
			}
		}
	}
	rate := 100 * float64(agree) / float64(cases)
	t.Logf("html5lib: %d/%d cases agree (%.2f%%; %d with all text compared exactly), %d skipped (CDATA section initial state, double-escaped input, XML coercion)",
		agree, cases, rate, exact, skipped)
	for i, f := range failures {
		if i == 20 {
			t.Logf("... and %d more", len(failures)-20)
			break
		}
		t.Log(f)
	}
	if len(failures) > 0 {
		t.Errorf("%d html5lib tokenizer cases disagree", len(failures))
	}
}

type html5libTest struct {
	Description   string            `json:"description"`
	Input         string            `json:"input"`
	Output        []json.RawMessage `json:"output"`
	InitialStates []string          `json:"initialStates"`
	LastStartTag  string            `json:"lastStartTag"`
	DoubleEscaped bool              `json:"doubleEscaped"`
}

var html5libStates = map[string]state{
	"Data state":        stData,
	"PLAINTEXT state":   stPlaintext,
	"RCDATA state":      stRawText,
	"RAWTEXT state":     stRawText,
	"Script data state": stScript,
}

// tok is a token in a form both sides can be compared in. Text "\x00?"
// stands for text that is compared in position only.
type tok struct {
	Kind  string
	Text  string
	Attrs [][2]string
	Self  bool
}

const anyText = "\x00?"

// scanTokens runs the scanner over in and returns the tokens it saw.
func scanTokens(t *testing.T, in string, st state, lastStartTag string, chunk int) []tok {
	src := []byte(in)
	var toks []tok
	var text []byte
	wild := false // text holds character references, NUL or CR
	pos := int64(0)
	addText := func(b []byte) {
		wild = wild || bytes.ContainsAny(b, "&\r\x00")
		text = append(text, b...)
	}
	flushText := func() {
		if len(text) > 0 {
			k := tok{Kind: "Character", Text: string(text)}
			if wild {
				k.Text = anyText
			}
			toks = append(toks, k)
		}
		text, wild = text[:0], false
	}
	r := New(io.Discard, Options{})
	r.tokenOnly = true
	r.st = st
	r.endName = lastStartTag
	r.onToken = func(k token) {
		addText(src[pos:k.start])
		pos = k.end
		raw := src[k.start:k.end]
		switch k.kind {
		case tokDropped:
			return
		case tokStartTag:
			flushText()
			toks = append(toks, tok{Kind: "StartTag", Text: tagNameOf(raw[1:]), Attrs: attrsOf(src, k.attrs), Self: k.selfClosing})
		case tokEndTag:
			flushText()
			toks = append(toks, tok{Kind: "EndTag", Text: tagNameOf(raw[2:])})
		case tokComment:
			flushText()
			toks = append(toks, tok{Kind: "Comment", Text: commentData(raw)})
		case tokDoctype:
			flushText()
			toks = append(toks, tok{Kind: "DOCTYPE"})
		}
	}
	if chunk <= 0 {
		chunk = len(src) + 1
	}
	for p := src; len(p) > 0; p = p[min(chunk, len(p)):] {
		r.Write(p[:min(chunk, len(p))])
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	addText(src[pos:])
	flushText()
	return toks
}

func tagNameOf(b []byte) string {
	end := bytes.IndexAny(b, "\t\n\f\r />")
	if end < 0 {
		end = len(b)
	}
	return normName(b[:end])
}

// normName applies the tokenizer's name rules: ASCII lower case, NUL to
// U+FFFD.
func normName(b []byte) string {
	return strings.ReplaceAll(string(bytes.ToLower(b)), "\x00", "\uFFFD")
}

func attrsOf(src []byte, spans []attrSpan) [][2]string {
	var out [][2]string
	seen := map[string]bool{}
	for _, a := range spans {
		name := normName(src[a.name0:a.name1])
		if seen[name] {
			continue // the first wins
		}
		seen[name] = true
		v := ""
		if a.val0 >= 0 {
			v = string(src[a.val0:a.val1])
		}
		if strings.ContainsAny(v, "&\r\x00") {
			v = anyText
		}
		out = append(out, [2]string{name, v})
	}
	return out
}

// commentData returns the data of a comment token from its bytes.
func commentData(raw []byte) string {
	s := string(raw)
	var d string
	switch {
	case s == "<!-->" || s == "<!--->":
	case strings.HasPrefix(s, "<!--"):
		d = s[4:]
		switch {
		case strings.HasSuffix(d, "--!>"):
			d = d[:len(d)-4]
		case strings.HasSuffix(d, "-->"):
			d = d[:len(d)-3]
		default: // cut by EOF: the dashes of an unfinished end are not data
			for _, suffix := range []string{"--!", "--", "-"} {
				if strings.HasSuffix(d, suffix) {
					d = d[:len(d)-len(suffix)]
					break
				}
			}
		}
	case strings.HasPrefix(s, "<?"):
		d = strings.TrimSuffix(s[1:], ">")
	default: // "<!" or "</"
		d = strings.TrimSuffix(s[2:], ">")
	}
	if strings.ContainsAny(d, "\r\x00") {
		return anyText
	}
	return d
}

// expectedTokens converts html5lib output tokens, merging adjacent text.
func expectedTokens(out []json.RawMessage) []tok {
	var toks []tok
	for _, raw := range out {
		var v []any
		if err := json.Unmarshal(raw, &v); err != nil || len(v) == 0 {
			continue
		}
		switch v[0] {
		case "Character":
			s := v[1].(string)
			if n := len(toks); n > 0 && toks[n-1].Kind == "Character" {
				toks[n-1].Text += s
				continue
			}
			toks = append(toks, tok{Kind: "Character", Text: s})
		case "StartTag":
			k := tok{Kind: "StartTag", Text: v[1].(string)}
			var attrs map[string]string
			json.Unmarshal(mustMarshal(v[2]), &attrs)
			for _, a := range orderedKeys(raw) {
				k.Attrs = append(k.Attrs, [2]string{a, attrs[a]})
			}
			k.Self = len(v) > 3 && v[3] == true
			toks = append(toks, k)
		case "EndTag":
			toks = append(toks, tok{Kind: "EndTag", Text: v[1].(string)})
		case "Comment":
			toks = append(toks, tok{Kind: "Comment", Text: v[1].(string)})
		case "DOCTYPE":
			toks = append(toks, tok{Kind: "DOCTYPE"})
		}
	}
	return toks
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// orderedKeys returns the attribute names of a StartTag token in the order
// they appear in its JSON.
func orderedKeys(raw json.RawMessage) []string {
	var parts []json.RawMessage
	json.Unmarshal(raw, &parts)
	dec := json.NewDecoder(bytes.NewReader(parts[2]))
	var keys []string
	dec.Token() // {
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip any
		dec.Decode(&skip)
	}
	return keys
}

func tokensMatch(got, want []tok) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Kind != w.Kind || g.Self != w.Self || len(g.Attrs) != len(w.Attrs) {
			return false
		}
		if g.Text != anyText && g.Text != w.Text {
			return false
		}
		for j := range g.Attrs {
			if g.Attrs[j][0] != w.Attrs[j][0] || g.Attrs[j][1] != anyText && g.Attrs[j][1] != w.Attrs[j][1] {
				return false
			}
		}
	}
	return true
}
