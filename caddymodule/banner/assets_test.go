package banner

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math"
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
		"#cookie-consent{position:fixed;", // no layout shift
		"bottom:0",
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

// Text colour on background: WCAG AA (4.5:1) for the colours the stylesheet uses.
func TestContrast(t *testing.T) {
	for _, pair := range [][2]string{
		{"#1b1b1b", "#fff"}, // text
		{"#fff", "#0b3a6f"}, // buttons
		{"#fff", "#082a51"}, // buttons, hover
		{"#0b4f9c", "#fff"}, // links
		{"#4a4a4a", "#fff"}, // "(always on)"
		{"#3d3d3d", "#fff"}, // descriptions
		{"#1b1b1b", "#eef3f8"},
	} {
		css, _ := staticFS.ReadFile("static/banner.css")
		for _, c := range pair {
			if !strings.Contains(string(css), c) {
				t.Errorf("colour %s no longer in the stylesheet: update this test", c)
			}
		}
		if r := contrast(pair[0], pair[1]); r < 4.5 {
			t.Errorf("%s on %s: %.2f:1", pair[0], pair[1], r)
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var ch [3]float64
	for i := range ch {
		var v int
		for _, c := range hex[2*i : 2*i+2] {
			v *= 16
			switch {
			case c >= '0' && c <= '9':
				v += int(c - '0')
			default:
				v += int(c-'a') + 10
			}
		}
		x := float64(v) / 255
		if x <= 0.03928 {
			ch[i] = x / 12.92
		} else {
			ch[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2]
}
