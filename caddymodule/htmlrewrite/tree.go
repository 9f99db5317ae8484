package htmlrewrite

import (
	"bytes"
	"slices"
	"strings"
)

// The tokenizer alone does not know that <script> is followed by script
// data, or that CDATA sections exist only inside <svg> and <math>: tree
// construction (§13.2.6) tells it. This file keeps the little of it that
// decides tokenizer states: which elements switch to raw text, foreign
// content and its integration points, template contents. HTML elements are
// not tracked: only foreign elements are, in a bounded stack.

// elem is an HTML element the rewriter reacts to.
type elem uint8

const (
	elemOther elem = iota
	elemHTML
	elemHead
	elemBody
	elemMeta
	elemTemplate
	elemSvg
	elemMath
	elemPlaintext
	elemScript
	elemStyle
	elemXmp
	elemIframe
	elemNoembed
	elemNoframes
	elemTitle
	elemTextarea
	elemImg
	elemFrame
	elemSource
	elemEmbed
	elemObject
	elemAudio
	elemVideo
	elemLink
	elemImage
	elemInput
	elemFeImage
	numElems
)

// elemProps says what an element's start tag does, in HTML content.
type elemProps struct {
	name string
	// text is the state its start tag switches the tokenizer to
	// (§13.2.6.4.4, §13.2.6.4.7: "generic raw text / RCDATA element
	// parsing algorithm"), or zero (stBOM) for none: it stays in the
	// data state. <noscript> is left in the data state: with scripting
	// disabled its content is markup, and what it would load must be
	// neutralised too.
	text state
	// urls are the attributes whose URL the element fetches.
	urls []string
	// media: what it fetches is an image, audio or video, which fetches
	// nothing more, so a data: URL in it reaches no one (dataURL). Not
	// a <source>, which a <picture> takes by its srcset, which outgrown
	// cannot empty beside a kept src, nor an <image>, which it cuts short.
	media bool
}

var (
	urlSrc       = []string{"src"}
	urlSrcSrcset = []string{"src", "srcset"}
	urlVideo     = []string{"src", "poster"}
	urlObject    = []string{"data"}
	urlIframe    = []string{"src", "srcdoc"}
	urlLink      = []string{"href", "imagesrcset"}
	// An HTML <image> is an <img>, and an SVG one loads its href: which one
	// a tag is depends on tree construction we only approximate (see
	// foreignURLs), so both are looked at.
	urlImage = []string{"src", "srcset", "href", "xlink:href"}
)

var props = [numElems]elemProps{
	elemOther:     {},
	elemHTML:      {name: "html"},
	elemHead:      {name: "head"},
	elemBody:      {name: "body"},
	elemMeta:      {name: "meta"},
	elemTemplate:  {name: "template"},
	elemSvg:       {name: "svg"},
	elemMath:      {name: "math"},
	elemPlaintext: {name: "plaintext", text: stPlaintext},
	elemScript:    {name: "script", text: stScript, urls: urlSrc},
	elemStyle:     {name: "style", text: stRawText},
	elemXmp:       {name: "xmp", text: stRawText},
	elemIframe:    {name: "iframe", text: stRawText, urls: urlIframe},
	elemNoembed:   {name: "noembed", text: stRawText},
	elemNoframes:  {name: "noframes", text: stRawText},
	elemTitle:     {name: "title", text: stRawText},
	elemTextarea:  {name: "textarea", text: stRawText},
	elemImg:       {name: "img", urls: urlSrcSrcset, media: true},
	elemFrame:     {name: "frame", urls: urlSrc},
	elemSource:    {name: "source", urls: urlSrcSrcset},
	elemEmbed:     {name: "embed", urls: urlSrc},
	elemObject:    {name: "object", urls: urlObject},
	elemAudio:     {name: "audio", urls: urlSrc, media: true},
	elemVideo:     {name: "video", urls: urlVideo, media: true},
	elemLink:      {name: "link", urls: urlLink},
	// A start tag named "image" in HTML content is an <img> (§13.2.6.4.7).
	elemImage: {name: "image", urls: urlImage},
	// <input type=image> fetches its src; other types ignore it, so moving
	// it aside there changes nothing. plainRun steps over an <input> with
	// no src attribute, and the general path stops holding one whose type
	// is not image (inputTypeRead): ASP.NET's __VIEWSTATE field is large.
	elemInput: {name: "input", urls: urlSrc, media: true},
	// SVG's; in HTML content an unknown element, looked at in case our
	// reading of the tree is wrong.
	elemFeImage: {name: "feimage", urls: svgURLs, media: true},
}

// elemIndex finds an element by length, first and last letter (any case:
// the low five bits), so that the common tags (div, a, span, p, li) are
// rejected with one lookup. No two of the names above share all three.
var elemIndex [10][32][32]elem

func init() {
	for e := elemHTML; e < numElems; e++ {
		n := props[e].name
		if len(n) < minElemName {
			panic("htmlrewrite: element name shorter than minElemName: " + n)
		}
		slot := &elemIndex[len(n)][n[0]&31][n[len(n)-1]&31]
		if *slot != elemOther {
			panic("htmlrewrite: element index collision: " + n)
		}
		*slot = e
	}
}

// minElemName is the length of the shortest element name above: plainRun
// does not look up shorter names.
const minElemName = 3

// lookupElem returns the element named name, in any ASCII case.
func lookupElem(name []byte) elem {
	if len(name) == 0 || len(name) >= len(elemIndex) {
		return elemOther
	}
	e := elemIndex[len(name)][name[0]&31][name[len(name)-1]&31]
	if e != elemOther && !eqFold(name, props[e].name) {
		return elemOther
	}
	return e
}

// svgURLs are the attributes through which an SVG element fetches: SVG 2's
// href, and the xlink:href of SVG 1.1.
var svgURLs = []string{"href", "xlink:href"}

// foreignURLs are the attributes looked at on an element in foreign
// content: SVG's, and its HTML ones, since our tree construction is an
// approximation (it does not track HTML elements, see the README's
// limits), and renaming an attribute that would not fetch harms nothing.
var foreignURLs = func() (u [numElems][]string) {
	for e := range numElems {
		if props[e].urls != nil {
			u[e] = append(slices.Clone(svgURLs), slices.DeleteFunc(slices.Clone(props[e].urls), func(n string) bool {
				return slices.Contains(svgURLs, n)
			})...)
		}
	}
	return
}()

// frame is an open element in foreign content.
type frame struct {
	name        [24]byte
	n           uint8
	math        bool // MathML namespace, else SVG
	integration bool // HTML or MathML text integration point: HTML content inside
}

// inForeign reports whether tokens are in foreign content (§13.2.6: the
// adjusted current node is an SVG or MathML element that is not an
// integration point).
func (r *Rewriter) inForeign() bool {
	return r.overflow > 0 || r.nframes > 0 && !r.frames[r.nframes-1].integration
}

// cdataAllowed reports whether "<![CDATA[" opens a CDATA section
// (§13.2.5.42) rather than a bogus comment.
func (r *Rewriter) cdataAllowed() bool { return r.inForeign() }

// tagName returns the current tag's name, lower-cased and truncated: only
// in foreign content (see finishName).
func (r *Rewriter) tagName() []byte { return r.name[:min(r.nameLen, len(r.name))] }

// push opens a foreign element named name (as tagName returns it).
func (r *Rewriter) push(math bool, name []byte, integration bool) {
	if r.nframes == len(r.frames) {
		r.overflow++
		return
	}
	f := &r.frames[r.nframes]
	f.n = uint8(copy(f.name[:], name))
	f.math, f.integration = math, integration
	r.nframes++
}

// popToHTML closes foreign elements up to the nearest integration point.
func (r *Rewriter) popToHTML() {
	r.overflow = 0
	for r.nframes > 0 && !r.frames[r.nframes-1].integration {
		r.nframes--
	}
}

// breaksOut reports whether a start tag ends foreign content (§13.2.6.5,
// "rules for parsing tokens in foreign content"). <font> also does when it
// has a color, face or size attribute, which startTagDone checks.
func breaksOut(name []byte) bool {
	switch string(name) {
	case "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
		"dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head",
		"hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
		"pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
		"table", "tt", "u", "ul", "var":
		return true
	}
	return false
}

// tagNameEnd is called once a tag's name is read, with the tag held from
// its '<': it decides whether to keep holding it, and writes what goes
// before it.
func (r *Rewriter) tagNameEnd() {
	if !r.holding { // too long a name to hold
		return
	}
	if r.kind == endTag {
		if r.headWait {
			r.injectHead(r.holdAbs)
		}
		if r.elem == elemBody && r.templates == 0 && !r.bodyDone &&
			len(r.opt.BodyInject) > 0 && !r.marked(r.tokAbs) {
			r.bodyEnd()
		}
		r.release()
		return
	}
	if r.inForeign() && !r.tokenOnly {
		switch name := r.tagName(); {
		case breaksOut(name):
			r.popToHTML()
		case string(name) == "font" || string(name) == "annotation-xml":
			r.keep, r.record = true, true // decided by attributes
		case foreignURLs[r.elem] != nil && r.opt.Policy != nil && !r.marked(r.tokAbs):
			r.keep, r.record = true, true
		}
	}
	html := !r.inForeign()
	if r.headWait {
		switch {
		case html && (r.elem == elemHTML || r.elem == elemHead):
		case html && r.elem == elemMeta:
			r.keep, r.record = true, true // may declare the encoding
		default:
			r.injectHead(r.holdAbs)
		}
	}
	if html && props[r.elem].urls != nil && r.opt.Policy != nil && !r.marked(r.tokAbs) {
		r.keep, r.record = true, true
	}
	if !r.keep {
		r.release()
	}
}

// startTagDone is called at the '>' at p[i] that ends a start tag.
func (r *Rewriter) startTagDone(i int) {
	kept := r.holding && r.keep
	var h []byte
	if kept {
		h = r.heldBytes(i + 1)
	}
	foreign := r.inForeign() && !r.tokenOnly
	integration := false
	if foreign && kept {
		switch string(r.tagName()) {
		case "font":
			if r.first(h, "color") >= 0 || r.first(h, "face") >= 0 || r.first(h, "size") >= 0 {
				r.popToHTML()
				foreign = r.inForeign()
			}
		case "annotation-xml": // an integration point only in MathML
			if k := r.first(h, "encoding"); k >= 0 && r.childIsMath(r.tagName()) {
				v := trimSpace(r.value(h, k))
				integration = eqFold(v, "text/html") || eqFold(v, "application/xhtml+xml")
			}
		}
	}
	if kept {
		if r.headWait && r.elem == elemMeta && !foreign && !r.declaresEncoding(h) {
			r.injectHead(r.holdAbs)
		}
		switch urls := r.fetchAttrs(foreign); {
		case urls == nil:
			r.release()
		case foreign:
			r.neutraliseURLs(i, h, urls, r.elem == elemScript)
		default:
			r.neutralise(i, h)
		}
	}
	if r.tokenOnly {
		return
	}
	if foreign {
		if !r.selfCl {
			r.pushForeign(integration)
		}
		return
	}
	switch r.elem {
	case elemTemplate:
		r.templates++
	case elemSvg, elemMath:
		if !r.selfCl {
			r.nameLen = copy(r.name[:], props[r.elem].name)
			r.push(r.elem == elemMath, r.tagName(), false)
		}
	default:
		if t := props[r.elem].text; t != stBOM {
			r.st = t
			r.endName = props[r.elem].name
		}
	}
}

// fetchAttrs returns the attributes through which the current element
// fetches, in foreign content or not, or nil: for none, or with no Policy
// to ask about them.
func (r *Rewriter) fetchAttrs(foreign bool) []string {
	switch {
	case r.opt.Policy == nil:
		return nil
	case foreign:
		return foreignURLs[r.elem]
	}
	return props[r.elem].urls
}

// pushForeign opens a foreign element: its namespace is its parent's.
func (r *Rewriter) pushForeign(annotationHTML bool) {
	name := r.tagName()
	math := r.childIsMath(name)
	r.push(math, name, annotationHTML || r.integrationPoint(math, name))
}

// childIsMath reports whether a foreign element named name, opened now, is
// in the MathML namespace: its parent's, except for an <svg> in a MathML
// annotation-xml, which is SVG (§13.2.6, tree construction dispatcher).
func (r *Rewriter) childIsMath(name []byte) bool {
	if r.nframes == 0 {
		return false
	}
	parent := &r.frames[r.nframes-1]
	return parent.math && !(string(name) == "svg" && string(parent.name[:parent.n]) == "annotation-xml")
}

// integrationPoint reports whether a foreign element named name, in the
// MathML namespace or else SVG, is an integration point: MathML text
// integration points and SVG HTML integration points hold HTML content.
func (r *Rewriter) integrationPoint(math bool, name []byte) bool {
	if math {
		switch string(name) {
		case "mi", "mo", "mn", "ms", "mtext":
			return true
		}
		return false
	}
	switch string(name) {
	case "foreignobject", "desc", "title":
		return true
	}
	return false
}

// endTagDone is called at the '>' that ends an end tag.
func (r *Rewriter) endTagDone() {
	if r.tokenOnly {
		return
	}
	if r.rawEnd { // it ends an HTML element's raw text, and nothing foreign
		r.rawEnd = false
		return
	}
	if r.nframes > 0 || r.overflow > 0 {
		name := r.tagName()
		k := r.findFrame(name)
		switch {
		case r.inForeign() && (string(name) == "p" || string(name) == "br"):
			r.popToHTML()
		case k >= 0:
			r.nframes, r.overflow = k, 0
		case r.overflow > 0:
			r.overflow--
		case r.inForeign() && closesForeign(name):
			r.popToHTML()
		}
	}
	if r.elem == elemTemplate && r.templates > 0 && !r.inForeign() {
		r.templates--
	}
}

// closesForeign reports whether an end tag named name ends foreign content
// when no open foreign element has its name (§13.2.6.5, "any other end
// tag"): it closes the HTML element an <svg> or <math> sits in, if there
// is one. We do not track HTML elements, so we take it that there is: any
// end tag named after an element that can hold an <svg> (custom elements,
// <mat-icon>, included), plus </p> and </br>, which always do. A browser
// ignores any other, such as a stray </path>.
func closesForeign(name []byte) bool {
	if bytes.IndexByte(name, '-') >= 0 {
		return !foreignHyphenated[string(name)]
	}
	return htmlHolders[string(name)]
}

var (
	htmlHolders = wordSet(`p br a abbr acronym address applet article aside audio b bdi bdo big
		blockquote body button canvas caption center cite code data dd del details dfn dialog
		dir div dl dt em fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header
		hgroup html i ins kbd label legend li listing main map mark marquee menu meter nav nobr
		noscript object ol option output picture pre progress q rb rp rt rtc ruby s samp search
		section select slot small span strike strong sub summary sup table tbody td template
		tfoot th thead time tr tt u ul var video`)
	// foreignHyphenated are the SVG and MathML element names with a '-'.
	foreignHyphenated = wordSet(`annotation-xml color-profile font-face font-face-format
		font-face-name font-face-src font-face-uri missing-glyph`)
)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// findFrame returns the index of the innermost open foreign element named
// name, or -1.
func (r *Rewriter) findFrame(name []byte) int {
	for k := r.nframes - 1; k >= 0; k-- {
		f := &r.frames[k]
		if int(f.n) == len(name) && string(f.name[:f.n]) == string(name) {
			return k
		}
	}
	return -1
}
