// Package htmlrewrite neutralises tracker elements in an HTML stream and
// injects the consent banner, without building a tree and without holding
// the page: bytes that cannot change are written on as soon as they are
// scanned, and what is held back is bounded whatever the input.
//
// The scanner follows the WHATWG tokenizer (HTML Living Standard §13.2.5)
// wherever a mistake would hide or invent a tag: comments, bogus comments,
// DOCTYPE, raw text and script data (with its escaped states), attribute
// quoting, CDATA in foreign content. It keeps just enough of tree
// construction (§13.2.6) to know which of those states a start tag switches
// to: foreign content (svg, math) and its integration points, and template
// contents. The content of <noscript> is read as markup, as a browser with
// scripting off reads it, so that what it would load is neutralised too.
//
// Attribute values are judged as a browser reads them, their character
// references decoded by the rules for attribute values (§13.2.5.72; the
// names are golang.org/x/net/html's), but the bytes written on are the
// page's own: the output is the input with bytes inserted, never removed
// or reordered. Of duplicate attributes the DOM keeps the first, but the
// preload scanners of Chromium and WebKit may fetch from a later one (a
// script's last type, a link's last rel and href, the next of an empty
// src): each duplicate is judged.
//
// An element the Policy blocks keeps its place and can be revived: the
// prefix "data-cookie-consent-" goes before the name of each attribute that
// would fetch the tracker (and of a script's type), and the element gets
// data-cookie-consent="CATEGORY" (a script also type="text/plain"; an
// element blocked for several categories lists them, space-separated). The
// attributes looked at are src on script, iframe, frame, embed and audio;
// src and srcset on img and source (picture, video, audio); src and poster
// on video; data on object; href and imagesrcset on link elements that are
// resource hints (preload, prefetch, preconnect, dns-prefetch,
// modulepreload, prerender); srcdoc on iframe (the document in it is
// rewritten aside); input (type=image) src; and in SVG, href and
// xlink:href on image, feImage and script. Scripts that a browser neither
// runs as JavaScript nor fetches (application/ld+json, importmap,
// text/plain, a type with parameters: §4.12.1.1) are left alone.
//
// What is held is bounded, and so is what can be read. A start tag longer
// than 64 KiB, or with more than 512 attributes, is not read whole. If the
// element may fetch (one of the above), it is held back for good from its
// name on, as its URLs are unknown, unless an UnreadPolicy lets it pass:
// right after the name go a value that fetches nothing (about:blank) for
// each attribute it fetches through, which the DOM takes over the page's
// own (of duplicate attributes the first counts), a script's
// type="text/plain", and data-cookie-consent="(never)", which no consent
// matches. An <image> or an SVG <script>, whose last href Chromium's
// preload scanner fetches, has its start tag ended there instead, the rest
// going to an end tag that closes nothing. A data: URL in an image, audio
// or video element is left to load, so that a large inline image still
// shows. Any other tag that long (a <div> with a large data- attribute) is
// written on unchanged; a <font> or <annotation-xml> in SVG or MathML is
// then taken to have no attribute that ends foreign content or opens HTML
// in it. A srcdoc document inside more than two others is not read
// either, and is held back for good if it holds markup. An inline script
// is judged by its first InlineLookahead bytes, and an <input> is no
// longer read once its first type is not image (a large hidden field
// streams on), whatever type follows.
package htmlrewrite

import (
	"errors"
	"io"
)

// Policy is asked what to do with an element. Implementations must be safe
// to call from one goroutine per Rewriter, and must not keep the slices they
// are given.
type Policy interface {
	// URL classifies a src, href or srcset URL as a browser reads the
	// attribute, its character references decoded ("&#47;" is "/"), with
	// surrounding ASCII whitespace removed. block=true means neutralise it
	// now.
	URL(url []byte) (vendor, category string, block bool)
	// Inline classifies the first bytes (at most Options.InlineLookahead) of
	// the body of an inline JavaScript <script>.
	Inline(prefix []byte) (vendor, category string, block bool)
}

// UnreadPolicy is a Policy that also decides about the elements that may
// fetch but that a Rewriter cannot read whole, so that what they would
// fetch is unknown. With a Policy that is not one, all are held back.
type UnreadPolicy interface {
	Policy
	// Unread is asked about each such element, with the reason (one of
	// the Unread constants). block=true holds it back for good: no
	// consent brings it back in this page (OnNeutralise reports it under
	// the category "(never)"); block=false lets it pass as it is.
	Unread(reason string) (block bool)
}

// Why an element could not be read whole (UnreadPolicy).
const (
	// UnreadTagTooLong: its start tag is longer than 64 KiB.
	UnreadTagTooLong = "tag_too_long"
	// UnreadTooManyAttributes: its start tag has more than 512 attributes.
	UnreadTooManyAttributes = "too_many_attributes"
	// UnreadSrcdocTooDeep: it is an iframe whose srcdoc document, inside
	// srcdoc documents nested too deep to be read, holds markup.
	UnreadSrcdocTooDeep = "srcdoc_too_deep"
)

// Options configure a Rewriter.
type Options struct {
	// Policy decides which elements to neutralise; nil neutralises nothing.
	Policy Policy

	// HeadInject is written once, as early as it can go in the head: before
	// the first token that is not whitespace, a comment, a DOCTYPE, the
	// <html> or <head> start tag, or a <meta> that declares the encoding.
	// So it follows <head ...> directly in most pages, goes before <body>
	// or the first other element in pages without a head (where the parser
	// implies one), and does not push a leading <meta charset> beyond the
	// first 1024 bytes that browsers search for it. With no such token, it
	// is written at the end of the document. It is not written if an
	// upstream block (see the markers) comes first.
	HeadInject []byte

	// BodyInject is written once, right before the last </body> end tag, or
	// at the end of the document if there is none (or if more than 64 KiB
	// follow the last one). It is not written if an upstream block comes
	// after the head injection point.
	BodyInject []byte

	// InlineLookahead is how many bytes of an inline script are held to ask
	// Policy.Inline about it: default 4096, at most 64 KiB.
	InlineLookahead int

	// OnNeutralise, if set, is called once per neutralised element, with
	// the vendor and the category it is held back under (categories,
	// space-separated, if several). One held back for good, as it could
	// not be read whole (see UnreadPolicy), is under the category
	// "(never)", with vendor "" if nothing else held it back.
	OnNeutralise func(vendor, category string)
}

// Bounds on what is held back. Past each, the held bytes are written out
// (unchanged, but for a start tag that may fetch, see maxTag) and the
// stream goes on; the bounds do not depend on how the input is cut into
// writes, so neither does the output.
const (
	// DefaultInlineLookahead is the InlineLookahead used when none is set.
	DefaultInlineLookahead = 4096
	maxInlineLookahead     = 64 << 10
	// maxTag bounds a start tag held until its end because it may be
	// rewritten. A longer one is written on unread: held back for good if
	// it may fetch (outgrown), else unchanged.
	maxTag = 64 << 10
	// maxAttrs bounds the attributes recorded for such a tag, likewise.
	maxAttrs = 512
	// maxTail bounds the output held after a </body> in case a later one
	// follows; past it BodyInject goes at the end of the document.
	maxTail = 64 << 10
	// maxMarked bounds a block between upstream markers: a longer one
	// was not written by us.
	maxMarked = 64 << 10
	// maxBuffered bounds everything a Rewriter holds at any time.
	maxBuffered = maxTag + maxInlineLookahead + maxTail
)

// The markers the caller wraps its blocks in (DESIGN.md), defined here for
// every package that writes or reads them. A block between them that
// comes from upstream (the page already went through another instance)
// is left alone, and counts as that block being injected already: a block
// before the head injection point stands for HeadInject, a later one for
// BodyInject.
const (
	MarkerOpen  = "<!--cookie-consent-->"
	MarkerClose = "<!--/cookie-consent-->"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("htmlrewrite: write after close")

// Rewriter is a streaming HTML rewriter. It is not safe for concurrent use;
// reuse it with Reset.
type Rewriter struct {
	w         io.Writer
	opt       Options
	lookahead int
	err       error
	closed    bool
	// srcdocDepth is how many srcdoc documents this one is inside; nested
	// reads the srcdoc documents in it.
	srcdocDepth int
	nested      *Rewriter

	// Tokenizer state (scan.go).
	st       state
	ret      state // text state an end tag candidate falls back to
	off      int64 // input offset of the chunk being scanned
	tokAbs   int64 // input offset of the '<' that began the current token
	ltAbs    int64 // input offset of the last '<' seen in raw text or script data
	kind     tagKind
	name     [24]byte // lower-cased tag name, truncated; see finishName
	nameLen  int
	elem     elem
	endName  string // the appropriate end tag's name in raw text and script data
	tmpLen   int    // characters of a candidate end tag name (or "script") seen
	tmpOK    bool   // ... and whether they match so far
	md       int    // markup declaration open (and BOM): characters of mdWant matched
	mdWant   string
	slashAbs int64 // the '/' of a self-closing "/>"
	selfCl   bool
	noValue  bool // the last start tag ended where a value was due (insertAt)
	rawEnd   bool // the current end tag ends raw text (rawEndTag)
	record   bool // record attribute spans of the current tag
	attrs    []attrSpan

	// Tree construction approximations (tree.go).
	frames    [64]frame
	nframes   int
	overflow  int // foreign elements nested deeper than frames holds
	templates int
	tokenOnly bool // tests: tokenizer alone, no tree construction

	// Held bytes. The current token, from its '<', is held back while it
	// may still be rewritten or have something inserted before it: the
	// part from earlier chunks in held, the rest in p[holdIdx:].
	p         []byte
	emitIdx   int // p[emitIdx:] is scanned but not written yet
	holdIdx   int
	holding   bool
	keep      bool // the held tag is kept to its end, to be rewritten
	holdAbs   int64
	holdLimit int64
	held      []byte

	// An inline script held while its first bytes are read.
	inline  bool
	bodyAbs int64
	pendAt  int64   // where its attributes go
	pendIns []int64 // its type attribute names

	// Injections.
	headWait  bool // the head injection point is not reached yet
	bodyDone  bool // an upstream body block was seen
	tailOn    bool // output since the last </body> is held in tail
	tail      []byte
	tailAbs   int64
	inMarked  bool
	markedAbs int64

	ins     []insertion
	out     []byte
	text    []byte
	decoded []byte // an attribute value decoded (value)

	// Test hooks, nil (and false) in production.
	onToken  func(t token)
	onInsert func(at int64, b []byte)
	onPlain  func(start, end int64) // a tag plainRun or foreignRun stepped over
	noFast   bool                   // neither: every tag goes the general way
}

// New returns a Rewriter writing to w.
func New(w io.Writer, o Options) *Rewriter {
	r := new(Rewriter)
	r.Reset(w, o)
	return r
}

// Reset makes r rewrite a new document to w, keeping its buffers: it is
// meant for a sync.Pool of Rewriters.
func (r *Rewriter) Reset(w io.Writer, o Options) {
	*r = Rewriter{
		w:       w,
		opt:     o,
		st:      stBOM,
		attrs:   r.attrs[:0],
		held:    reuse(r.held),
		pendIns: r.pendIns[:0],
		tail:    reuse(r.tail),
		ins:     r.ins[:0],
		out:     reuse(r.out),
		text:    r.text[:0],
		decoded: reuse(r.decoded),
		nested:  r.nested,
	}
	r.lookahead = o.InlineLookahead
	if r.lookahead <= 0 {
		r.lookahead = DefaultInlineLookahead
	}
	r.lookahead = min(r.lookahead, maxInlineLookahead)
	r.headWait = true
}

// reuse empties b for the next document, or drops it if an unusual page
// grew it large, so that pooled Rewriters stay small.
func reuse(b []byte) []byte {
	if cap(b) > 16<<10 {
		return nil
	}
	return b[:0]
}

// Write rewrites p. Everything in it is written on before Write returns,
// except the bounded look-ahead that Flush describes.
func (r *Rewriter) Write(p []byte) (int, error) {
	if r.closed {
		return 0, ErrClosed
	}
	if r.err != nil {
		return 0, r.err
	}
	r.scan(p)
	if r.err != nil {
		return 0, r.err
	}
	return len(p), nil
}

// Flush returns the first error of the underlying writer, if any: Write
// already writes everything that is safe to write. What stays held (a start
// tag not finished yet, the first bytes of an inline script, the output
// after a </body> that may not be the last) could only be written wrong, and
// is bounded.
func (r *Rewriter) Flush() error {
	return r.err
}

// Close ends the document: it writes what is still held and, if they were
// not written yet, HeadInject and BodyInject.
func (r *Rewriter) Close() error {
	if r.closed {
		return r.err
	}
	r.closed = true
	r.p, r.emitIdx, r.holdIdx = nil, 0, 0
	r.eof()
	if r.headWait {
		r.injectHead(r.off)
	}
	if r.tailOn {
		r.tailOn = false
		if !r.bodyDone {
			r.inject(r.tailAbs, r.opt.BodyInject)
		}
		r.write(r.tail)
		r.tail = r.tail[:0]
	} else if !r.bodyDone {
		r.inject(r.off, r.opt.BodyInject)
	}
	return r.err
}

// scan runs the tokenizer over one chunk.
func (r *Rewriter) scan(p []byte) {
	r.p = p
	r.run(p)
	if r.holding {
		r.passTo(r.holdIdx)
		r.held = append(r.held, p[r.holdIdx:]...)
		r.holdIdx = 0
	} else {
		r.passTo(len(p))
	}
	r.emitIdx = 0
	r.off += int64(len(p))
	r.p = nil
}

// limit returns how far into a chunk of n bytes the tokenizer may go: to
// its end, or to the bound of the current hold.
func (r *Rewriter) limit(n int) int {
	if r.holding {
		if lim := r.holdLimit - r.off; lim < int64(n) {
			return int(lim)
		}
	}
	return n
}

// holdLimitReached ends a hold at its bound.
func (r *Rewriter) holdLimitReached(i int) {
	switch {
	case r.inline:
		r.decideInline(i, r.bodyAbs+int64(r.lookahead))
	case r.st.inTag():
		r.outgrown(i, UnreadTagTooLong, r.st)
	default: // a comment too long to be a marker
		r.release()
	}
}

// giveUpTag writes a held tag on unchanged: one that needs no rewriting,
// or that is too long to read and fetches nothing (outgrown).
func (r *Rewriter) giveUpTag() {
	if r.headWait {
		r.injectHead(r.holdAbs)
	}
	r.keep = false
	r.record = r.onToken != nil
	r.release()
}

// write writes b to the underlying writer.
func (r *Rewriter) write(b []byte) {
	if r.err == nil && len(b) > 0 {
		_, r.err = r.w.Write(b)
	}
}

// emit writes b on, or appends it to the tail held after a </body>.
func (r *Rewriter) emit(b []byte) {
	if r.tailOn {
		if len(r.tail)+len(b) <= maxTail {
			r.tail = append(r.tail, b...)
			return
		}
		r.tailOn = false
		r.write(r.tail)
		r.tail = r.tail[:0]
	}
	r.write(b)
}

// passTo emits the scanned bytes of the current chunk up to index j.
func (r *Rewriter) passTo(j int) {
	if j > r.emitIdx {
		r.emit(r.p[r.emitIdx:j])
		r.emitIdx = j
	}
}

// beginHold starts holding the token that begins at p[i].
func (r *Rewriter) beginHold(i int) {
	r.holding, r.keep = true, false
	r.holdIdx = i
	r.holdAbs = r.off + int64(i)
	r.holdLimit = r.holdAbs + maxTag
	r.tokAbs = r.holdAbs
}

// heldBytes returns the held token up to index i of the current chunk.
func (r *Rewriter) heldBytes(i int) []byte {
	if len(r.held) == 0 {
		return r.p[r.holdIdx:i]
	}
	r.held = append(r.held, r.p[r.holdIdx:i]...)
	r.holdIdx, r.emitIdx = i, i
	return r.held
}

// release stops holding: the held bytes go on unchanged.
func (r *Rewriter) release() {
	if r.holding {
		r.holding = false
		if len(r.held) > 0 {
			r.emitHeld()
		}
	}
}

// emitHeld writes the bytes held from earlier chunks; out of line, so that
// release stays cheap to inline.
//
//go:noinline
func (r *Rewriter) emitHeld() {
	r.emit(r.held)
	r.held = r.held[:0]
}

// commit stops holding at index i of the current chunk and writes the held
// bytes with the insertions, which are sorted and within them.
func (r *Rewriter) commit(i int, ins []insertion) {
	h := r.heldBytes(i)
	if len(r.held) == 0 {
		r.passTo(r.holdIdx)
	}
	out, pos := r.out[:0], 0
	for _, in := range ins {
		k := int(in.at - r.holdAbs)
		out = append(out, h[pos:k]...)
		out = append(out, in.text...)
		if r.onInsert != nil {
			r.onInsert(in.at, in.text)
		}
		pos = k
	}
	r.out = append(out, h[pos:]...)
	r.emit(r.out)
	r.holding = false
	r.held = r.held[:0]
	r.emitIdx = i
}

// insertBeforeHold writes b where the held token begins.
func (r *Rewriter) insertBeforeHold(b []byte) {
	r.passTo(r.holdIdx)
	r.inject(r.holdAbs, b)
}

// inject emits b, inserted at input offset at.
func (r *Rewriter) inject(at int64, b []byte) {
	if len(b) == 0 {
		return
	}
	if r.onInsert != nil {
		r.onInsert(at, b)
	}
	r.emit(b)
}

// injectHead ends the wait for the head injection point, at input offset
// at, where the held token (if any) begins.
func (r *Rewriter) injectHead(at int64) {
	r.headWait = false
	if r.holding && at == r.holdAbs {
		r.insertBeforeHold(r.opt.HeadInject)
		return
	}
	r.inject(at, r.opt.HeadInject)
}

// headText is called with text p[i:j] in the data state while the head
// injection point is not reached: text other than whitespace is body
// content, so HeadInject goes before it.
func (r *Rewriter) headText(i, j int) {
	for k := i; k < j; k++ {
		if !isSpace(r.p[k]) {
			r.passTo(k)
			r.injectHead(r.off + int64(k))
			return
		}
	}
}

// bodyEnd is called on a </body> end tag (held from its '<') that may be
// the last: what was held after an earlier one is written, and the output
// is held from this one on.
func (r *Rewriter) bodyEnd() {
	r.passTo(r.holdIdx)
	if r.tailOn {
		r.write(r.tail)
		r.tail = r.tail[:0]
	}
	r.tailOn = true
	r.tailAbs = r.holdAbs
}

// marked reports whether input offset at lies in a block between upstream
// markers.
func (r *Rewriter) marked(at int64) bool {
	if r.inMarked && at-r.markedAbs > maxMarked {
		r.inMarked = false
	}
	return r.inMarked
}

// comment is called at the end of a comment held from its '<' (at most a
// marker's length), ending at index i of the current chunk.
func (r *Rewriter) comment(i int) {
	switch string(r.heldBytes(i)) {
	case MarkerOpen:
		if !r.marked(r.tokAbs) {
			r.inMarked, r.markedAbs = true, r.tokAbs
			if r.headWait {
				r.headWait = false // upstream's head block stands for ours
			} else {
				r.bodyDone = true
			}
		}
	case MarkerClose:
		r.inMarked = false
	}
	r.release()
}

// eof ends the token the input stops in (§13.2.5: each state's "EOF" entry).
func (r *Rewriter) eof() {
	switch {
	case r.st.inComment():
		r.token(tokComment, r.off)
	case r.st == stMarkupDecl || r.st == stBogusComment:
		r.token(tokComment, r.off)
	case r.st == stDoctype:
		r.token(tokDoctype, r.off)
	case r.st.inTag():
		r.token(tokDropped, r.off)
	}
	if r.inline {
		r.decideInline(0, r.off)
	}
	r.release()
}
