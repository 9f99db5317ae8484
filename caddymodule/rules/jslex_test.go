package rules

import (
	"strings"
	"testing"
)

func TestJSContext(t *testing.T) {
	// "@" marks the byte asked about.
	for _, tt := range []struct {
		text string
		want jsContext
	}{
		{`@fbq('init')`, inCode},
		{`x = "@a"`, inString},
		{`x = 'it\'s @a'`, inString},
		{`x = "a" + @b`, inCode},
		{"x = `a ${ @b } c`", inCode},
		{"x = `a ${ {b: 1} } @c`", inString},
		{"x = `a ${ `b ${@c}` }`", inCode},
		{`// @a`, inComment},
		{"// a\n@b", inCode},
		{`/* a */ @b`, inCode},
		{`/* a @b */`, inComment},
		{`/*/ @a */`, inComment},
		{`x = /a@b/`, inRegexp},
		{`x = /[/]@a/`, inRegexp},
		{`x = a / b / @c`, inCode},
		{`x = f(a) / 2 + "@c"`, inString},
		{`return /@a/`, inRegexp},
		{`x = "a` + "\n" + `@b`, inCode}, // an unclosed string is a misreading: code again
		{strings.Repeat("`${", maxTemplateDepth+1) + "'@a'", inCode},
	} {
		at := strings.IndexByte(tt.text, '@')
		var l jsLexer
		if got := l.context([]byte(tt.text), at); got != tt.want {
			t.Errorf("context of @ in %q = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestLoaderEvidence(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{`s.src = u;`, true},
		{`var s = d.createElement("script");`, true},
		{`f.parentNode.insertBefore(j, f);`, true},
		{`TR.writeDFPURL(url);`, true},
		{`loadScript(url);`, true},
		{`el.innerHTML = '<img src="' + u + '">';`, true},
		{`{"src": "https://x.example/t.js"}`, true},
		{`console.log(["static.hotjar.com", "_paq", "fbq"]);`, false},
		{`var note = "s.src = u; createElement";`, false},
		{`// s.src = u`, false},
		{`var reload = 1, downloads = [];`, false}, // named so, but not called
	} {
		if got := loaderEvidence([]byte(tt.text)); got != tt.want {
			t.Errorf("loaderEvidence(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
