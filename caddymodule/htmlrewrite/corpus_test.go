package htmlrewrite

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// TestCorpus rewrites every corpus page and checks the output with an
// independent reading of it (golang.org/x/net/html's tokenizer).
func TestCorpus(t *testing.T) {
	names, pages := corpus.Pages(t)
	oracle := corpus.LoadDisconnect(t)
	o := testOptions(testPolicy{})
	flagged := map[string]corpus.DisconnectEntry{} // live host -> its Disconnect entry
	total := 0
	for i, in := range pages {
		name := names[i]
		res := rewrite(t, in, o, 0)
		total += len(res.neutralised)
		for _, n := range chunkSizes[1:] {
			if other := rewrite(t, in, o, n); !bytes.Equal(other.out, res.out) {
				t.Errorf("%s: output differs when written in chunks of %d", name, n)
			}
		}
		if err := checkInsertions(in, res, o); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !bytes.Equal(stripInsertions(res.out, o), in) {
			t.Errorf("%s: removing the insertions does not give back the input", name)
		}
		if h, b := bytes.Count(res.out, o.HeadInject), bytes.Count(res.out, o.BodyInject); h != 1 || b != 1 {
			t.Errorf("%s: %d head blocks and %d body blocks, want one each", name, h, b)
		} else if bytes.Index(res.out, o.HeadInject) > bytes.Index(res.out, o.BodyInject) {
			t.Errorf("%s: head block after body block", name)
		}
		for _, u := range corpus.LiveURLs(res.out) {
			if _, _, block := (testPolicy{}).URL([]byte(u.URL)); block {
				t.Errorf("%s: live tracker left: <%s %s=%q>", name, u.Elem, u.Attr, u.URL)
			}
			if host, _ := splitURL(u.URL); host != "" {
				if entry, ok := oracle.Lookup(host); ok {
					flagged[host] = entry
				}
			}
		}
		for _, s := range liveInlineScripts(res.out) {
			if v, _, block := (testPolicy{}).Inline([]byte(s)); block {
				t.Errorf("%s: live inline %s snippet left: %.80q", name, v, s)
			}
		}
	}
	t.Logf("corpus: %d pages, %d elements neutralised", len(pages), total)
	// The test policy knows a few vendors only: Disconnect names the others
	// still live (TestCorpusDisconnect shows the scanner misses none of them).
	var tracking, content []string
	for host, entry := range flagged {
		if entry.Tracking() {
			tracking = append(tracking, host)
		} else {
			content = append(content, host)
		}
	}
	sort.Strings(tracking)
	sort.Strings(content)
	t.Logf("Disconnect flags %d live hosts outside the test policy's list as tracking: %s", len(tracking), strings.Join(tracking, " "))
	t.Logf("and %d as content or consent managers: %s", len(content), strings.Join(content, " "))
}

// TestCorpusDisconnect blocks every host the Disconnect list files under a
// tracking category, and checks with the oracle that none stays live: the
// scanner finds every element that fetches, whatever the list.
func TestCorpusDisconnect(t *testing.T) {
	names, pages := corpus.Pages(t)
	p := disconnectPolicy{corpus.LoadDisconnect(t)}
	total := 0
	for i, in := range pages {
		res := rewrite(t, in, Options{Policy: p}, 0)
		total += len(res.neutralised)
		for _, u := range corpus.LiveURLs(res.out) {
			if _, _, block := p.URL([]byte(u.URL)); block {
				t.Errorf("%s: live tracker left: <%s %s=%q>", names[i], u.Elem, u.Attr, u.URL)
			}
		}
	}
	t.Logf("corpus with the Disconnect list as policy: %d elements neutralised, none left live", total)
}

// disconnectPolicy blocks the hosts of Disconnect's tracking categories.
type disconnectPolicy struct{ d corpus.Disconnect }

func (p disconnectPolicy) URL(u []byte) (string, string, bool) {
	host, _ := splitURL(string(u))
	if e, ok := p.d.Lookup(host); ok && e.Tracking() {
		return host, e.Categories[0], true
	}
	return "", "", false
}

func (disconnectPolicy) Inline([]byte) (string, string, bool) { return "", "", false }

// TestCorpusBlockNothing checks that with a Policy that blocks nothing the
// output is the input plus the two blocks.
func TestCorpusBlockNothing(t *testing.T) {
	names, pages := corpus.Pages(t)
	o := testOptions(nopPolicy{})
	for i, in := range pages {
		for _, n := range chunkSizes {
			res := rewrite(t, in, o, n)
			if len(res.ins) != 2 || res.ins[0].text != testHead || res.ins[1].text != testBody {
				t.Errorf("%s (chunk %d): insertions %v, want the two blocks", names[i], n, res.ins)
			}
			if err := checkInsertions(in, res, o); err != nil {
				t.Errorf("%s (chunk %d): %v", names[i], n, err)
			}
		}
	}
}

// TestCorpusExpectations checks what the corpus manifest says about a few
// pages.
func TestCorpusExpectations(t *testing.T) {
	names, pages := corpus.Pages(t)
	page := func(name string) []byte {
		i := slices.Index(names, name)
		if i < 0 {
			t.Fatalf("page %s missing", name)
		}
		return pages[i]
	}
	o := Options{Policy: testPolicy{}}
	for _, c := range []struct {
		page string
		want int // neutralised elements
	}{
		{"snippet-hotjar-commented-out-defold.html", 0},           // all inside a comment
		{"klaro-dist-examples-simple.html", 0},                    // already inert: text/plain, data-src
		{"extract-linkedin-cookiefirst-brandeins.html", 0},        // text/plain: pre-blocked
		{"extract-linkedin-insight-spiceworks.html", 2},           // the loader script and the noscript <img>
		{"extract-commented-piwik-and-optin-fb-domradio.html", 1}, // the live noscript pixel
		{"snippet-facebook-pixel-startbootstrap.html", 2},
		{"trafilatura-vipflash-ehezoff.html", 4}, // two gtag.js, the fbq loader, the unquoted noscript pixel
	} {
		res := rewrite(t, page(c.page), o, 0)
		if len(res.neutralised) != c.want {
			t.Errorf("%s: %d elements neutralised %v, want %d", c.page, len(res.neutralised), res.neutralised, c.want)
		}
	}
}

// liveInlineScripts returns the bodies of the JavaScript inline scripts.
func liveInlineScripts(page []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	js := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			tk := z.Token()
			js = false
			if tk.Data == "noscript" {
				z.NextIsNotRawText()
			}
			if tk.Data != "script" {
				continue
			}
			js = true
			for _, a := range tk.Attr {
				if a.Key == "type" {
					js = corpus.JavaScriptType(a.Val)
					break
				}
			}
		case html.TextToken:
			if js {
				b := z.Text()
				out = append(out, string(b[:min(len(b), DefaultInlineLookahead)]))
			}
			js = false
		default:
			js = false
		}
	}
}
