package htmlrewrite

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// corpusPages returns the real pages of the shared corpus, by name.
func corpusPages(t testing.TB) (names []string, pages [][]byte) {
	dir := corpus.Dir(t, "pages")
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pages in %s: %v", dir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(f))
		pages = append(pages, b)
	}
	return names, pages
}

// TestCorpus rewrites every corpus page and checks the output with an
// independent reading of it (golang.org/x/net/html's tokenizer).
func TestCorpus(t *testing.T) {
	names, pages := corpusPages(t)
	oracle := loadDisconnect(t)
	o := testOptions(testPolicy{})
	flagged := map[string]string{} // live host -> its Disconnect entry
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
		for _, u := range liveURLs(res.out) {
			if _, _, block := (testPolicy{}).URL([]byte(u.url)); block {
				t.Errorf("%s: live tracker left: <%s %s=%q>", name, u.elem, u.attr, u.url)
			}
			if host, _ := splitURL(u.url); host != "" {
				if entry := oracle.lookup(host); entry != "" {
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
		if strings.Contains(entry, "Advertising") || strings.Contains(entry, "Analytics") ||
			strings.Contains(entry, "Social") || strings.Contains(entry, "Fingerprinting") {
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
	names, pages := corpusPages(t)
	p := disconnectPolicy{loadDisconnect(t)}
	total := 0
	for i, in := range pages {
		res := rewrite(t, in, Options{Policy: p}, 0)
		total += len(res.neutralised)
		for _, u := range liveURLs(res.out) {
			if _, _, block := p.URL([]byte(u.url)); block {
				t.Errorf("%s: live tracker left: <%s %s=%q>", names[i], u.elem, u.attr, u.url)
			}
		}
	}
	t.Logf("corpus with the Disconnect list as policy: %d elements neutralised, none left live", total)
}

// disconnectPolicy blocks the hosts of Disconnect's tracking categories.
type disconnectPolicy struct{ d disconnect }

func (p disconnectPolicy) URL(u []byte) (string, string, bool) {
	host, _ := splitURL(string(u))
	c := p.d.lookup(host)
	for _, cat := range []string{"Advertising", "Analytics", "Social", "Fingerprinting", "Cryptomining"} {
		if strings.Contains(c, cat) {
			return host, cat, true
		}
	}
	return "", "", false
}

func (disconnectPolicy) Inline([]byte) (string, string, bool) { return "", "", false }

// TestCorpusBlockNothing checks that with a Policy that blocks nothing the
// output is the input plus the two blocks.
func TestCorpusBlockNothing(t *testing.T) {
	names, pages := corpusPages(t)
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
	names, pages := corpusPages(t)
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

// liveURL is a URL the browser would fetch, found by the oracle.
type liveURL struct{ elem, attr, url string }

// liveURLs lists the URLs the elements of page would fetch, read with
// x/net/html's tokenizer: <noscript> content read as markup, attributes
// first-wins, scripts only when of a JavaScript type.
func liveURLs(page []byte) []liveURL {
	var out []liveURL
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tk := z.Token()
		if tk.Data == "noscript" {
			z.NextIsNotRawText()
		}
		attr := map[string]string{}
		for _, a := range tk.Attr {
			if _, dup := attr[a.Key]; !dup {
				attr[a.Key] = a.Val
			}
		}
		var names []string
		switch tk.Data {
		case "script":
			if typ, ok := attr["type"]; ok && !oracleJS(typ) {
				continue
			}
			names = []string{"src"}
		case "img", "source":
			names = []string{"src", "srcset"}
		case "iframe", "frame", "embed", "audio":
			names = []string{"src"}
		case "video":
			names = []string{"src", "poster"}
		case "object":
			names = []string{"data"}
		case "link":
			rel := " " + strings.ToLower(attr["rel"]) + " "
			if !strings.Contains(rel, " preload ") && !strings.Contains(rel, " prefetch ") &&
				!strings.Contains(rel, " preconnect ") && !strings.Contains(rel, " dns-prefetch ") &&
				!strings.Contains(rel, " modulepreload ") {
				continue
			}
			names = []string{"href", "imagesrcset"}
		}
		for _, n := range names {
			v, ok := attr[n]
			if !ok {
				continue
			}
			if strings.HasSuffix(n, "srcset") {
				for _, c := range strings.Split(v, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						out = append(out, liveURL{tk.Data, n, f[0]})
					}
				}
				continue
			}
			out = append(out, liveURL{tk.Data, n, strings.TrimSpace(v)})
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
					js = oracleJS(a.Val)
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

func oracleJS(typ string) bool {
	t := strings.ToLower(strings.TrimSpace(strings.SplitN(typ, ";", 2)[0]))
	return t == "" || t == "module" || strings.HasPrefix(t, "text/javascript") || t == "application/javascript" ||
		t == "text/ecmascript" || t == "application/ecmascript" || t == "application/x-javascript"
}

// disconnect maps a tracker domain to its Disconnect categories.
type disconnect map[string]string

func loadDisconnect(t *testing.T) disconnect {
	f, err := os.Open(filepath.Join(corpus.Dir(t, "trackers"), "disconnect-domains.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := disconnect{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Split(s.Text(), "\t")
		if len(fields) < 2 || fields[0] == "domain" {
			continue
		}
		if d[fields[0]] != "" {
			d[fields[0]] += ","
		}
		d[fields[0]] += fields[1]
	}
	return d
}

// lookup returns the categories of host or of its nearest listed parent.
func (d disconnect) lookup(host string) string {
	for h := host; h != ""; {
		if c, ok := d[h]; ok {
			return fmt.Sprintf("%s: %s", h, c)
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return ""
}
