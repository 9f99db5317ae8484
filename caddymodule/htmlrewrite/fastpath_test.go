package htmlrewrite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// fastPathInputs are inputs that put plainRun and foreignRun through their
// cases: tag ends in every attribute state, self-closing or not, names
// that look like the elements they check for, foreign content opened,
// closed and left in each way, past the frames.
var fastPathInputs = []string{
	`<p class="lead">Widgets <a href="/about.html">read more</a> about <em>our</em> story.</p>`,
	`<p a=b="x>y"><p =x>y<p ="x>"z<p a="b"="c>">w<p a/=x>v<p a/ =x>u<p a =  'x>' >t<p a= >s`,
	`<p/x>a<br/>b<br/ >c<a href=/>d<a href=/ >e<p a/>f<p a=""/>g<p a=''/ >h<p/=>i`,
	"<p\ta\n=\f'>'\r>j<p\r\n>k</p\t>l</p a=\">\">m</p/>n</ p>o</>p</3>q<3>r<<p>s<!p>t<?p>u",
	`</body ><p></body><p></template><p><template></template></html></head></meta></bodyx></templatex>`,
	`<html><head><body><meta charset=x><HTML><HEAD><Body><META><img><IMG src=x><Script>x</SCRIPT>y`,
	`<svg><path d="M0 0"/><path d=M0/><path d=M0/ ></path><g><g/><g a=b/></g><use href=#x /></svg><img src=x>`,
	`<svg><title>x</title><desc>y<img src=x></desc><foreignObject><img src=x></foreignObject><img src=x></svg>`,
	`<svg><foreignObjectx><img src=x></foreignObjectx><TITLEX><img src=x></svg><img src=x>`,
	`<svg><g><path></g><img src=x></svg><img src=x>`,
	`<svg><g></p><img src=x><svg><g></br><img src=x><svg><g></div><img src=x><svg><g></G></SVG><img src=x>`,
	`<svg><b><img src=x><svg><font><img src=x></font><font color=red><img src=x></svg>`,
	`<svg><svg><math><mi><img src=x></mi><mtext/><img src=x><mo>x</mo><mn><img src=x></math></svg></svg>`,
	`<svg><foreignObject><svg><g></g></svg><style><img src=x></style></foreignObject><style><img src=x></style></svg>`,
	`<math><mi><svg><path/></svg><style><img src=x></style></mi></math><svg><desc><svg><g></desc><textarea><img src=x></textarea>`,
	`<svg><foreignObject><math><mrow></svg><style><img src=x></style><svg><desc><math><mrow></math><style><img src=x></style>`,
	`<math><annotation-xml encoding=text/html><img src=x></annotation-xml><annotation-xml><img src=x></math>`,
	`<math><mtable><p><img src=x></math><math><ms/><img src=x></math><img src=x>`,
	`<svg><aaaaaaaaaaaaaaaaaaaaaaaaaaaaa><aaaaaaaaaaaaaaaaaaaaaaaab></aaaaaaaaaaaaaaaaaaaaaaaazzz><img src=x></svg><img src=x>`,
	`<svg><template><img src=x></template><img src=x></svg><template><svg></template><img src=x>`,
	`<svg>` + strings.Repeat(`<g>`, 70) + strings.Repeat(`</g>`, 70) + `<img src=x></svg><img src=x>`,
	`<svg>` + strings.Repeat(`<g>`, 63) + `<title><img src=x></title></svg><img src=x>`,
	`<svg><![CDATA[<img src=x>]]><path/><!-- <img src=x> --><path/></svg><img src=x>`,
	`<svg><style><img src=x></style><script>x</script><textarea><img src=x></textarea><title><style><img src=x></style></title></svg>`,
	`<noscript><img src=x></noscript><iframe src=x></iframe><object data=x></object><link rel=preload href=x><video poster=x></video>`,
	`<p a="` + strings.Repeat("x", 40) + `">` + strings.Repeat("y", 40) + `<p a='` + strings.Repeat("<", 20) + `'>z`,
	`<input src=x><input type=image SRC =x><input a="b"src=x><input a='b'Src	=x><input/src=x><input src>x`,
	`<input value=src=x><input value="y src=x"><input asrc=x><input src-x=x><input srcx=x><input name=v value=a><input>`,
}

// An <input> with no src attribute is stepped over, however large: ASP.NET
// pages carry their state in one.
func TestPlainRunStepsOverInputWithoutSrc(t *testing.T) {
	viewState := strings.Repeat("/wEPDwUKLTY1NDE0MjAxNw9kFgJmD2QWAgIDD2QWAgIBDw8WAh4EVGV4dAUFSGVsbG9kZGQ=", 2000)
	in := `<p>x<input type="hidden" name="__VIEWSTATE" value="` + viewState + `"><input type=image src="x.png">`
	r := New(io.Discard, testOptions(letterPolicy{}))
	var stepped []string
	r.onPlain = func(start, end int64) { stepped = append(stepped, in[start:min(end, start+30)]) }
	r.Write([]byte(in))
	r.Close()
	if len(stepped) != 1 || !strings.HasPrefix(stepped[0], `<input type="hidden"`) {
		t.Errorf("stepped over %q, want the hidden input only", stepped)
	}
}

// plainRunInputs returns the inputs TestPlainRun runs: fastPathInputs, the
// table tests, the html5lib tokenizer tests and the corpus pages.
func plainRunInputs(t *testing.T) (small, pages [][]byte) {
	for _, s := range fastPathInputs {
		small = append(small, []byte(s))
	}
	for _, c := range slices.Concat(neutralisationCases, injectionCases) {
		small = append(small, []byte(c.in))
	}
	files, err := filepath.Glob(filepath.Join(corpus.Dir(t, "html5lib-tokenizer"), "*.test"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no html5lib tests: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var suite struct {
			Tests []html5libTest `json:"tests"`
		}
		if err := json.Unmarshal(data, &suite); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, tc := range suite.Tests {
			if !tc.DoubleEscaped {
				small = append(small, []byte(tc.Input))
			}
		}
	}
	_, pages = corpus.Pages(t)
	return small, pages
}

// fastState is what a Rewriter knows between tokens that plainRun must
// leave as the general path leaves it, with the output so far.
type fastState struct {
	st                                       state
	frames                                   string
	overflow, templates                      int
	headWait, bodyDone, tailOn, inline, mark bool
	out                                      string
	held                                     int
}

func snapshot(r *Rewriter, out *bytes.Buffer) fastState {
	return fastState{
		st:        r.st,
		frames:    fmt.Sprint(r.frames[:r.nframes]),
		overflow:  r.overflow,
		templates: r.templates,
		headWait:  r.headWait,
		bodyDone:  r.bodyDone,
		tailOn:    r.tailOn,
		inline:    r.inline,
		mark:      r.inMarked,
		out:       out.String(),
		held:      r.buffered(),
	}
}

// TestPlainRun checks the fast paths (plainRun, foreignRun) against the
// general path with checkFastPath. Each input also runs after a "<svg>"
// (the same tags in foreign content) and after a "x" (past the head
// injection point from the start).
func TestPlainRun(t *testing.T) {
	small, pages := plainRunInputs(t)
	var html, foreign int
	for _, in := range small {
		for _, pre := range []string{"", "x", "<svg>"} {
			h, f := checkFastPath(t, append([]byte(pre), in...), len(in) < 2000)
			html, foreign = html+h, foreign+f
		}
	}
	for _, in := range pages {
		h, f := checkFastPath(t, in, false)
		html, foreign = html+h, foreign+f
	}
	t.Logf("fast paths stepped over %d tags in HTML content and %d in foreign content", html, foreign)
	if html < 20000 || foreign < 2000 {
		t.Errorf("fast paths barely exercised: %d tags in HTML content, %d in foreign content", html, foreign)
	}
}

// FuzzPlainRun is TestPlainRun on any input.
func FuzzPlainRun(f *testing.F) {
	for _, s := range fastPathInputs {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkFastPath(t, in, len(in) < 300)
	})
}

// checkFastPath checks that every tag the fast paths step over in in is a
// tag the general path reads, from the same '<' to the same '>', that the
// output is the general path's and, if prefixes, that after any prefix of
// in the tokenizer and tree state and the output so far are the general
// path's. It returns how many tags the fast paths stepped over, in HTML and
// in foreign content.
func checkFastPath(t *testing.T, in []byte, prefixes bool) (html, foreign int) {
	t.Helper()
	o := testOptions(letterPolicy{})
	// The tags the general path reads.
	tags := map[[2]int64]bool{}
	r := New(io.Discard, o)
	r.noFast = true
	r.onToken = func(k token) {
		if k.kind == tokStartTag || k.kind == tokEndTag {
			tags[[2]int64{k.start, k.end}] = true
		}
	}
	r.Write(in)
	r.Close()
	// The tags the fast paths step over.
	var fastOut bytes.Buffer
	r = New(&fastOut, o)
	r.onPlain = func(start, end int64) {
		if !tags[[2]int64{start, end}] {
			t.Errorf("%.200q: fast path read a tag at %d:%d = %q", in, start, end, in[start:end])
		}
		if r.nframes > 0 || bytes.HasPrefix(in[start:], []byte("</svg")) {
			foreign++
		} else {
			html++
		}
	}
	r.Write(in)
	r.Close()
	var slowOut bytes.Buffer
	r = New(&slowOut, o)
	r.noFast = true
	r.Write(in)
	r.Close()
	if !bytes.Equal(fastOut.Bytes(), slowOut.Bytes()) {
		t.Errorf("%.200q: output differs from the general path's:\n got %.300q\nwant %.300q", in, fastOut.Bytes(), slowOut.Bytes())
	}
	if !prefixes {
		return html, foreign
	}
	for n := 0; n <= len(in); n++ {
		var a, b bytes.Buffer
		fast, slow := New(&a, o), New(&b, o)
		slow.noFast = true
		fast.Write(in[:n])
		slow.Write(in[:n])
		if f, s := snapshot(fast, &a), snapshot(slow, &b); f != s {
			t.Errorf("%.200q: after %d bytes, state differs from the general path's:\n got %+v\nwant %+v", in, n, f, s)
			break
		}
	}
	return html, foreign
}

// TestPlainRunChunks checks, on corpus pages written in random chunks, that
// the output is the same with and without the fast paths, and that they
// hold nothing: the writes cut tags in all places.
func TestPlainRunChunks(t *testing.T) {
	_, pages := corpus.Pages(t)
	o := testOptions(testPolicy{})
	rng := rand.New(rand.NewPCG(1, 2))
	for _, in := range pages {
		var a, b bytes.Buffer
		fast, slow := New(&a, o), New(&b, o)
		slow.noFast = true
		for p := in; len(p) > 0; {
			n := min(len(p), 1+rng.IntN(300))
			fast.Write(p[:n])
			slow.Write(p[:n])
			if f, s := snapshot(fast, &a), snapshot(slow, &b); f != s {
				t.Fatalf("after %d bytes: state differs from the general path's:\n got %+v\nwant %+v", len(in)-len(p)+n, f, s)
			}
			p = p[n:]
		}
		fast.Close()
		slow.Close()
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("output differs from the general path's")
		}
	}
}

// TestSkipAttrs compares skipAttrs with attributes on random tags made of
// the bytes that matter to the attribute states.
func TestSkipAttrs(t *testing.T) {
	const alphabet = "ab=\"'/> \t\n"
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		b := make([]byte, rng.IntN(20))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		b = append([]byte{' '}, b...)
		gt, selfCl := skipAttrs(b, 0)
		r := New(io.Discard, Options{})
		r.st = stBeforeAttrName
		want := r.attributes(b, 0, len(b))
		wantSelfCl := want < len(b) && r.st == stSelfClosing
		if want == len(b) {
			want = -1
		}
		if gt != want || selfCl != wantSelfCl {
			t.Fatalf("%q: skipAttrs = %d, %v; attributes: %d, %v", b, gt, selfCl, want, wantSelfCl)
		}
	}
}

func TestIndexSpace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			switch rng.IntN(12) {
			case 0:
				b[i] = "\t\n\f\r \x00\x01\x0b\x1f!\x7f\x80\xff"[rng.IntN(13)]
			default:
				b[i] = byte('a' + rng.IntN(26))
			}
		}
		want := len(b)
		for i, c := range b {
			if isSpace(c) {
				want = i
				break
			}
		}
		if got := indexSpace(b); got != want {
			t.Fatalf("indexSpace(%q) = %d, want %d", b, got, want)
		}
	}
}
