package htmlrewrite

import (
	"bytes"
	"strings"
	"testing"
)

// letterPolicy blocks URLs and inline scripts that contain an 'x', so that
// fuzzed input gets neutralised often.
type letterPolicy struct{}

func (letterPolicy) URL(u []byte) (string, string, bool) {
	return "x", "analytics", bytes.IndexByte(u, 'x') >= 0
}

func (letterPolicy) Inline(p []byte) (string, string, bool) {
	return "x", "marketing", bytes.IndexByte(p, 'x') >= 0
}

func FuzzRewrite(f *testing.F) {
	for _, c := range neutralisationCases {
		f.Add([]byte(c.in), uint16(1))
	}
	for _, c := range injectionCases {
		f.Add([]byte(c.in), uint16(3))
	}
	f.Add([]byte(`<svg><foreignObject><math><mi><svg><![CDATA[<img src=x>]]></svg></mi></math></foreignObject></svg><img src=x>`), uint16(5))
	f.Add([]byte(`<script><!--<script>x</script>--></script><template><svg><font color=1><img src=x></template>`), uint16(2))
	for _, tag := range []string{"img", "script", "iframe", "svg><image", "link rel=preload", "p"} { // too many attributes to read
		f.Add([]byte(`<`+tag+strings.Repeat(` a`, maxAttrs)+` src=x href=x><img src=x>`), uint16(11))
	}
	f.Fuzz(func(t *testing.T, in []byte, chunk uint16) {
		o := testOptions(letterPolicy{})
		o.InlineLookahead = 16 // reached often
		whole := rewrite(t, in, o, 0)
		if err := checkInsertions(in, whole, o); err != nil {
			t.Fatal(err)
		}
		cut := rewrite(t, in, o, 1+int(chunk)%97)
		if !bytes.Equal(cut.out, whole.out) {
			t.Fatalf("chunks of %d:\n got %q\nwant %q", 1+int(chunk)%97, cut.out, whole.out)
		}
		if cut.maxBuffered > maxBuffered {
			t.Fatalf("held %d bytes", cut.maxBuffered)
		}
		if !bytes.Contains(in, []byte("cookie-consent")) {
			if got := stripInsertions(whole.out, o); !bytes.Equal(got, in) {
				t.Fatalf("stripping the insertions:\n got %q\nwant %q", got, in)
			}
			// A block written at the end of a document cut inside a
			// comment, a tag or raw text is not markup: no second
			// pass can see it.
			if again := rewrite(t, whole.out, o, 0); whole.endsInData && !bytes.Equal(again.out, whole.out) {
				t.Fatalf("not idempotent:\nonce  %q\ntwice %q", whole.out, again.out)
			}
			if h, b := bytes.Count(whole.out, o.HeadInject), bytes.Count(whole.out, o.BodyInject); h != 1 || b != 1 {
				t.Fatalf("%d head blocks, %d body blocks", h, b)
			}
		}
		o.Policy = nopPolicy{}
		nop := rewrite(t, in, o, 1+int(chunk)%13)
		if err := checkInsertions(in, nop, o); err != nil {
			t.Fatal(err)
		}
		for _, l := range nop.ins {
			if l.text != testHead && l.text != testBody {
				t.Fatalf("blocking nothing inserted %q", l.text)
			}
		}
	})
}
