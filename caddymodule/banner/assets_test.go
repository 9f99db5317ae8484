package banner

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
)

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func TestAssets(t *testing.T) {
	b1 := mustNew(t, testConfig())
	b2 := mustNew(t, Config{Endpoint: "/other"})
	js, _ := staticFS.ReadFile("static/banner.js")
	css, _ := staticFS.ReadFile("static/banner.css")
	for _, tc := range []struct {
		url      string
		re       string
		ctype    string
		body     []byte
		otherURL string
	}{
		{b1.ScriptURL(), `^banner\.[0-9a-f]{8}\.js$`, "text/javascript; charset=utf-8", js, b2.ScriptURL()},
		{b1.StyleURL(), `^banner\.[0-9a-f]{8}\.css$`, "text/css; charset=utf-8", css, b2.StyleURL()},
	} {
		name, ok := strings.CutPrefix(tc.url, DefaultEndpoint+"/")
		if !ok {
			t.Fatalf("URL %q not under the endpoint", tc.url)
		}
		if !regexp.MustCompile(tc.re).MatchString(name) {
			t.Errorf("name %q", name)
		}
		// Stable: the name depends on the content only.
		if other := strings.TrimPrefix(tc.otherURL, "/other/"); other != name {
			t.Errorf("name %q then %q", name, other)
		}
		a, ok := b1.Asset(name)
		if !ok {
			t.Fatalf("Asset(%q) missing", name)
		}
		if a.Name != name || a.ContentType != tc.ctype || !bytes.Equal(a.Body, tc.body) {
			t.Errorf("asset %q: %q %q %d bytes", name, a.Name, a.ContentType, len(a.Body))
		}
		if !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(a.ETag) {
			t.Errorf("ETag %s is not strong and quoted", a.ETag)
		}
		sum := sha256.Sum256(tc.body)
		h := hex.EncodeToString(sum[:])
		if a.ETag != `"`+h[:32]+`"` || !strings.HasPrefix(name, "banner."+h[:8]+".") {
			t.Errorf("ETag %s and name %s are not the content's hash %s", a.ETag, name, h)
		}
	}
	for _, bad := range []string{"banner.js", "banner.css", "", "../banner.go", "guard.js"} {
		if _, ok := b1.Asset(bad); ok {
			t.Errorf("Asset(%q) found", bad)
		}
	}
	sa, _ := b1.Asset(strings.TrimPrefix(b1.ScriptURL(), DefaultEndpoint+"/"))
	ca, _ := b1.Asset(strings.TrimPrefix(b1.StyleURL(), DefaultEndpoint+"/"))
	if sa.ETag == ca.ETag {
		t.Error("two assets share an ETag")
	}
}

func TestStyleOverride(t *testing.T) {
	c := testConfig()
	own := "#cookie-consent{background:hotpink}\n"
	c.TemplateDir = writeFiles(t, map[string]string{StyleFile: own})
	b := mustNew(t, c)
	def := mustNew(t, testConfig())
	if b.StyleURL() == def.StyleURL() {
		t.Fatal("style URL did not follow the site's banner.css")
	}
	if b.ScriptURL() != def.ScriptURL() {
		t.Error("script URL changed")
	}
	a, ok := b.Asset(strings.TrimPrefix(b.StyleURL(), DefaultEndpoint+"/"))
	if !ok || string(a.Body) != own {
		t.Errorf("served %q", a.Body)
	}
	if !strings.Contains(string(b.AppendHead(nil, Page{})), b.StyleURL()) {
		t.Error("head links the old stylesheet")
	}
}

// Every rule of the stylesheet is scoped under #cookie-consent, so the
// site's own styles are left alone.
func TestCSSScoped(t *testing.T) {
	css, _ := staticFS.ReadFile("static/banner.css")
	s := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(css), "")
	// Flatten @media blocks: drop "@media (...) {" and its closing brace.
	s = regexp.MustCompile(`@media[^{]*\{`).ReplaceAllString(s, "")
	n := 0
	for _, rule := range strings.Split(s, "}") {
		sel, _, ok := strings.Cut(rule, "{")
		sel = strings.TrimSpace(sel)
		if !ok || sel == "" {
			continue
		}
		for _, one := range strings.Split(sel, ",") {
			one = strings.TrimSpace(one)
			if !strings.HasPrefix(one, "#cookie-consent") {
				t.Errorf("unscoped selector %q", one)
			}
			n++
		}
	}
	if n < 20 {
		t.Errorf("only %d selectors parsed", n)
	}
	for _, want := range []string{
		"position:fixed;left:0;bottom:0;", // no layout shift
		".cc-banner{position:fixed;",
		"#cookie-consent [hidden]{display:none!important}",
		":focus-visible{outline:3px solid",
	} {
		if !strings.Contains(string(css), want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
	// Accept and reject share .cc-btn; nothing may style one of them alone.
	if strings.Contains(s, `[value="all"]`) || strings.Contains(s, `[value="none"]`) {
		t.Error("a rule styles one first-layer button only")
	}
}

// Text colour on background: WCAG 2.2 SC 1.4.3 (4.5:1) for the colours of
// the light and dark palettes, and SC 1.4.11 (3:1) for the borders.
func TestContrast(t *testing.T) {
	css, _ := staticFS.ReadFile("static/banner.css")
	for _, c := range []struct {
		fg, bg string
		min    float64
	}{
		{"#1b1b1b", "#fff", 4.5},    // text, links
		{"#fff", "#0b3a6f", 4.5},    // buttons
		{"#5c5c5c", "#fff", 3},      // borders
		{"#eef0f3", "#1d2127", 4.5}, // dark: text, links
		{"#0d1b2a", "#a8cbf5", 4.5}, // dark: buttons
		{"#8b939e", "#1d2127", 3},   // dark: borders
	} {
		for _, col := range []string{c.fg, c.bg} {
			if !strings.Contains(string(css), col) {
				t.Errorf("colour %s no longer in the stylesheet: update this test", col)
			}
		}
		if r := contrast(c.fg, c.bg); r < c.min {
			t.Errorf("%s on %s: %.2f:1, want %.1f:1", c.fg, c.bg, r, c.min)
		}
	}
}
