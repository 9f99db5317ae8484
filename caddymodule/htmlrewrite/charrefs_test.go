package htmlrewrite

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var attrValueCases = []struct{ in, want string }{
	{"", ""},
	{"https://a.example/x", "https://a.example/x"},
	// Named, with and without ';'.
	{"a&amp;b", "a&b"},
	{"a&ampb", "a&ampb"}, // a legacy name before a letter is text in an attribute
	{"a&amp=b", "a&amp=b"},
	{"a&amp;=b", "a&=b"},
	{"a&amp b", "a& b"},
	{"a&amp", "a&"},
	{"https&colon;&sol;&sol;a&period;example", "https://a.example"},
	{"&colon", "&colon"}, // not a legacy name: only with its ';'
	{"&lt&gt;&quot&QUOT;", `<>""`},
	{"&copy2", "&copy2"},
	{"&copy;2", "\u00a92"},
	{"&notin;&notit;&not;", "\u2209&notit;\u00ac"},
	{"&NotEqualTilde;", "\u2242\u0338"},
	{"&CounterClockwiseContourIntegral;", "\u2233"},
	{"&CounterClockwiseContourIntegralX;", "&CounterClockwiseContourIntegralX;"},
	{"&" + strings.Repeat("a", 50) + ";", "&" + strings.Repeat("a", 50) + ";"},
	{"&nosuch;&;&&#;& amp;", "&nosuch;&;&&#;& amp;"},
	{"&AMP;&Amp;", "&&Amp;"},
	// Numeric.
	{"&#47;&#047;&#x2F;&#X2f;&#x2f", "////" + "/"},
	{"&#104;ttps", "https"},
	{"&#104ttps", "https"},
	{"&#x68ttps", "https"},
	{"&#x68;&#x6A", "hj"},
	{"&#xg;&#x;&#", "&#xg;&#x;&#"},
	{"&#0;&#x0;", "\ufffd\ufffd"},
	{"&#x110000;&#1114112;&#99999999999999999999;", "\ufffd\ufffd\ufffd"},
	{"&#x10FFFF;", "\U0010ffff"},
	{"&#xD800;&#xDFFF;&#55296;", "\ufffd\ufffd\ufffd"},
	{"&#x80;&#x81;&#x8D;&#x9F;&#150;&#x7F;&#xA0;", "\u20ac\u0081\u008d\u0178\u2013\u007f\u00a0"},
	{"&#xFFFE;&#x1F600;", "\ufffe\U0001f600"},
	{"&#9;&#10;&#13;&#32;", "\t\n\r "},
}

func TestAttrValue(t *testing.T) {
	for _, c := range attrValueCases {
		if got := string(appendAttrValue(nil, []byte(c.in))); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
		if got := xnetAttrValue(c.in); got != c.want {
			t.Errorf("%q: x/net/html reads %q, want %q", c.in, got, c.want)
		}
	}
}

// The decoder reads every named reference as golang.org/x/net/html's
// tokenizer does, in every position that matters in an attribute.
func TestAttrValueNamedTable(t *testing.T) {
	for name := range namedCharRefs {
		for _, next := range []string{"", "=", "x", "1", ";", " ", "&amp;"} {
			in := "a&" + name + next
			if got, want := string(appendAttrValue(nil, []byte(in))), xnetAttrValue(in); got != want {
				t.Errorf("%q: got %q, want %q", in, got, want)
			}
		}
	}
}

func TestAttrValueRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"&", "#", "x", "X", ";", "=", "a", "0", "9", "f", "amp", "lt", "not", "in", "colon", "sol", "/", " ", "\u00e9"}
	for range 200000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		if got, want := string(appendAttrValue(nil, []byte(in))), xnetAttrValue(in); got != want {
			t.Fatalf("%q: got %q, want %q", in, got, want)
		}
	}
}

func FuzzAttrValue(f *testing.F) {
	for _, c := range attrValueCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// x/net/html also turns CR into LF and NUL into U+FFFD, as the
		// input stream and the tokenizer do before any decoding.
		if strings.ContainsAny(in, "\"\r\x00") {
			return
		}
		if got, want := string(appendAttrValue(nil, []byte(in))), xnetAttrValue(in); got != want {
			t.Fatalf("%q: got %q, want %q", in, got, want)
		}
	})
}

// xnetAttrValue decodes a value the way golang.org/x/net/html's tokenizer
// does, in a tag of its own: an independent reading of §13.2.5.72-80.
func xnetAttrValue(v string) string {
	z := html.NewTokenizer(strings.NewReader(`<a v="` + v + `">`))
	z.Next()
	_, val, _ := z.TagAttr()
	return string(val)
}

// A value with no reference is judged as it is written: not copied.
func TestDecodeNoCopy(t *testing.T) {
	r := New(nil, Options{})
	v := []byte("https://a.example/x.js")
	if got := r.decode(v); &got[0] != &v[0] {
		t.Error("a value with no '&' was copied")
	}
	if n := testing.AllocsPerRun(100, func() { r.decode([]byte("a&amp;b&#47;&sol;&CounterClockwiseContourIntegral;")) }); n > 0 {
		t.Errorf("%v allocations decoding a value", n)
	}
	if !bytes.Equal(r.decode([]byte("a&amp;b")), []byte("a&b")) {
		t.Error("not decoded")
	}
}
