package htmlrewrite

import (
	"bytes"
	"io"
	"slices"
	"strings"
)

// prefix goes before the name of an attribute that would fetch a tracker:
// "src" becomes "data-cookie-consent-src", which the banner script renames
// back once the category is accepted.
var prefix = []byte("data-cookie-consent-")

// insertion is text inserted before input offset at.
type insertion struct {
	at   int64
	text []byte
}

// resourceHints are the link types that make the browser reach a host
// before any script runs.
var resourceHints = []string{"preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "prerender"}

// neutralise decides, at the '>' at p[i] that ends the held start tag h of
// an HTML element that fetches URLs, whether to rewrite it.
func (r *Rewriter) neutralise(i int, h []byte) {
	if r.elem == elemScript {
		r.neutraliseScript(i, h)
		return
	}
	if r.elem == elemLink && !r.resourceHint(h) {
		r.release()
		return
	}
	r.neutraliseURLs(i, h, props[r.elem].urls, false)
}

// resourceHint reports whether the <link> start tag h is a resource hint:
// whether any of its rel attributes names one. The DOM takes the first,
// Chromium's preload scanner the last.
func (r *Rewriter) resourceHint(h []byte) bool {
	for k := range r.attrs {
		if eqFold(r.attrName(h, k), "rel") && hasToken(r.value(h, k), resourceHints) {
			return true
		}
	}
	return false
}

// insertAt is the input offset where added attributes go, for a start tag
// that ends at p[i]: before its '>', or before "/>", or before its last
// attribute if that waits for a value ("<script async=>"), which they would
// become.
func (r *Rewriter) insertAt(i int) int64 {
	switch {
	case r.noValue:
		return r.attrs[len(r.attrs)-1].name0
	case r.selfCl:
		return r.slashAbs
	}
	return r.off + int64(i)
}

// addAttrs queues the attributes added to a neutralised element at input
// offset at, before any renaming queued there (see insertAt): insertions
// go in offset order.
func (r *Rewriter) addAttrs(at int64, text []byte) {
	k := len(r.ins)
	for k > 0 && r.ins[k-1].at >= at {
		k--
	}
	r.ins = slices.Insert(r.ins, k, insertion{at, text})
}

// neutraliseURLs moves aside those of the attributes urls of the start tag
// h, ending at p[i], whose URLs the Policy blocks.
func (r *Rewriter) neutraliseURLs(i int, h []byte, urls []string, script bool) {
	vendor, category, blocked := r.blockedURLs(h, urls)
	if blocked == 0 {
		r.release()
		return
	}
	r.moveAside(i, h, urls, blocked, vendor, category, script)
}

// blockedURLs asks the Policy about every attribute of the start tag h
// named in urls, duplicates too: the DOM takes the first (§13.2.5.33), but
// the preload scanners of Chromium and WebKit skip an empty URL, and take
// some attributes from the last duplicate, and fetch what they find.
// blocked has bit j set if an attribute named urls[j] is blocked; vendor
// is the first blocked one's, category lists all theirs.
func (r *Rewriter) blockedURLs(h []byte, urls []string) (vendor, category string, blocked int) {
	for k := range r.attrs {
		n := r.attrName(h, k)
		for j, name := range urls {
			if !eqFold(n, name) {
				continue
			}
			var v, c string
			var block bool
			switch name {
			case "srcset", "imagesrcset":
				v, c, block = r.srcset(r.value(h, k))
			case "srcdoc":
				v, c, block = r.srcdoc(r.value(h, k))
			default:
				v, c, block = r.opt.Policy.URL(trimSpace(r.value(h, k)))
			}
			if block {
				if blocked == 0 {
					vendor = v
				}
				category = addCategory(category, c)
				blocked |= 1 << j
			}
		}
	}
	return vendor, category, blocked
}

// moveAside rewrites the start tag h, ending at p[i]: every attribute of a
// blocked name in urls is renamed, duplicates included, so that none takes
// the place of the first. A script also gets type="text/plain", its own
// type and src moved aside, where the banner script looks for them (an SVG
// script whose href is gone would run the code inside it, which a browser
// ignored before).
func (r *Rewriter) moveAside(i int, h []byte, urls []string, blocked int, vendor, category string, script bool) {
	end := r.insertAt(i)
	r.ins = r.ins[:0]
	for k := range r.attrs {
		n := r.attrName(h, k)
		if script && (eqFold(n, "type") || eqFold(n, "src")) {
			r.ins = append(r.ins, insertion{r.attrs[k].name0, prefix})
			continue
		}
		for j, name := range urls {
			if blocked&(1<<j) != 0 && eqFold(n, name) {
				r.ins = append(r.ins, insertion{r.attrs[k].name0, prefix})
			}
		}
	}
	r.text = appendAttrText(r.text[:0], category, script)
	r.addAttrs(end, r.text)
	r.commit(i+1, r.ins)
	r.neutralised(vendor, category)
}

// srcset classifies the URLs of a srcset, given decoded: any blocked one
// blocks it, under the categories of all of them.
func (r *Rewriter) srcset(v []byte) (vendor, category string, block bool) {
	for url, rest := nextSrcsetURL(v); len(url) > 0; url, rest = nextSrcsetURL(rest) {
		if vd, c, b := r.opt.Policy.URL(url); b {
			if !block {
				vendor = vd
			}
			category, block = addCategory(category, c), true
		}
	}
	return vendor, category, block
}

// addCategory adds category c to the space-separated list of categories
// an element is held back under: it comes back when all are accepted.
func addCategory(list, c string) string {
	switch {
	case list == "":
		return c
	case slices.Contains(strings.Fields(list), c):
		return list
	}
	return list + " " + c
}

// maxSrcdocDepth bounds how deep srcdoc documents inside srcdoc documents
// are read, as each level is a Rewriter with buffers of its own. A deeper
// one with markup in it is held back for good, under never, which no
// category can be named (categories are lower-case words).
const (
	maxSrcdocDepth = 3
	never          = "(never)"
)

// srcdoc classifies the document an iframe's srcdoc attribute holds
// (decoded) by rewriting it aside with the same Policy: anything it would
// hold back holds back the whole document, under the categories of all it
// would hold back. The banner script puts it back.
func (r *Rewriter) srcdoc(doc []byte) (vendor, category string, block bool) {
	if r.srcdocDepth == maxSrcdocDepth {
		return "", never, bytes.IndexByte(doc, '<') >= 0 && r.holdUnread(UnreadSrcdocTooDeep)
	}
	if r.nested == nil {
		r.nested = new(Rewriter)
	}
	nested := r.nested
	nested.Reset(io.Discard, Options{
		Policy:          r.opt.Policy,
		InlineLookahead: r.opt.InlineLookahead,
		OnNeutralise: func(nestedVendor, nestedCategory string) {
			if !block {
				vendor = nestedVendor
			}
			category, block = addCategory(category, nestedCategory), true
		},
	})
	nested.srcdocDepth = r.srcdocDepth + 1
	nested.Write(doc)
	nested.Close()
	nested.Reset(nil, Options{}) // drops large buffers and the Policy
	return vendor, category, block
}

// neutraliseScript handles a <script> start tag: an external tracker is
// made inert at once; an inline script is held until its first bytes are
// read (decideInline).
func (r *Rewriter) neutraliseScript(i int, h []byte) {
	if !r.isJS(h) {
		r.release()
		return
	}
	// href and xlink:href are an SVG script's src: a script read as HTML may
	// be one (see the README's limits on foreign content).
	if vendor, category, blocked := r.blockedURLs(h, scriptURLs); blocked != 0 {
		r.moveAside(i, h, scriptURLs, blocked, vendor, category, true)
		return
	}
	if r.first(h, "src") >= 0 {
		r.release()
		return
	}
	r.inline = true
	r.bodyAbs = r.off + int64(i) + 1
	r.holdLimit = r.bodyAbs + int64(r.lookahead)
	r.pendAt = r.insertAt(i)
	r.pendIns = r.pendIns[:0]
	for k := range r.attrs {
		if eqFold(r.attrName(h, k), "type") {
			r.pendIns = append(r.pendIns, r.attrs[k].name0)
		}
	}
}

// scriptURLs are the attributes through which a script, HTML or SVG, loads.
var scriptURLs = []string{"src", "href", "xlink:href"}

// decideInline asks the Policy about the held inline script, whose body
// ends (for now) at input offset bodyEnd, the chunk being at index i.
func (r *Rewriter) decideInline(i int, bodyEnd int64) {
	r.inline = false
	h := r.heldBytes(i)
	lo := r.bodyAbs - r.holdAbs
	hi := min(bodyEnd, r.bodyAbs+int64(r.lookahead)) - r.holdAbs
	vendor, category, block := r.opt.Policy.Inline(h[lo:min(hi, int64(len(h)))])
	if !block {
		r.release()
		return
	}
	r.ins = r.ins[:0]
	for _, at := range r.pendIns {
		r.ins = append(r.ins, insertion{at, prefix})
	}
	r.text = appendAttrText(r.text[:0], category, true)
	r.addAttrs(r.pendAt, r.text)
	r.commit(i, r.ins)
	r.neutralised(vendor, category)
}

// isJS reports whether a browser runs the script whose start tag is h as
// JavaScript, classic or module, or fetches its src to: on its first type
// and language attributes, as the DOM takes them, or on its last, as
// Chromium's preload scanner takes them to fetch the src.
func (r *Rewriter) isJS(h []byte) bool {
	k, l := r.first(h, "type"), r.first(h, "language")
	lastK, lastL := r.last(h, "type"), r.last(h, "language")
	return r.jsType(h, k, l) || (lastK != k || lastL != l) && r.jsType(h, lastK, lastL)
}

// jsType reports whether a script with type and language attributes k and
// l (-1 for none) of the start tag h is JavaScript: HTML §4.12.1.1,
// "prepare the script element", step 8, on their values as read
// (decoded). What WebKit adds is JavaScript too
// (ScriptElement::determineScriptType): a legacy language name as the
// language, which it runs, and as the type, whose src its preload scanner
// fetches. Anything else (JSON, importmap, speculationrules, text/plain, a
// type with parameters) runs no code.
func (r *Rewriter) jsType(h []byte, k, l int) bool {
	if k >= 0 {
		t := r.value(h, k)
		if len(t) == 0 {
			return true
		}
		t = trimSpace(t)
		return inSet(jsMIMETypes, "", t) || eqFold(t, "module") || inSet(legacyJSNames, "", t)
	}
	if l >= 0 {
		v := r.value(h, l)
		return len(v) == 0 || inSet(jsMIMETypes, "text/", v) || inSet(legacyJSNames, "", v)
	}
	return true
}

var (
	// jsMIMETypes are the JavaScript MIME type essences (MIME Sniffing
	// §4.6), which a type must match whole, parameters and all.
	jsMIMETypes = wordSet(`application/ecmascript application/javascript
		application/x-ecmascript application/x-javascript text/ecmascript
		text/javascript text/javascript1.0 text/javascript1.1 text/javascript1.2
		text/javascript1.3 text/javascript1.4 text/javascript1.5 text/jscript
		text/livescript text/x-ecmascript text/x-javascript`)
	// legacyJSNames are the language names WebKit takes for JavaScript
	// (isLegacySupportedJavaScriptLanguage).
	legacyJSNames = wordSet(`ecmascript javascript javascript1.0 javascript1.1
		javascript1.2 javascript1.3 javascript1.4 javascript1.5 javascript1.6
		javascript1.7 jscript livescript`)
)

// inSet reports whether prefix+t, ignoring ASCII case, is in set (of lower
// case words no longer than 32 bytes).
func inSet(set map[string]bool, prefix string, t []byte) bool {
	var b [32]byte
	n := copy(b[:], prefix)
	if n+len(t) > len(b) {
		return false
	}
	for _, c := range t {
		b[n] = lower[c]
		n++
	}
	return set[string(b[:n])]
}

// declaresEncoding reports whether the held <meta> tag h declares the
// character encoding, which must stay within the first 1024 bytes.
func (r *Rewriter) declaresEncoding(h []byte) bool {
	if r.first(h, "charset") >= 0 {
		return true
	}
	k := r.first(h, "http-equiv")
	return k >= 0 && eqFold(trimSpace(r.value(h, k)), "content-type")
}

// appendAttrText appends the attributes added to a neutralised element.
func appendAttrText(t []byte, category string, script bool) []byte {
	if script {
		t = append(t, ` type="text/plain"`...)
	}
	t = append(t, ` data-cookie-consent="`...)
	for i := 0; i < len(category); i++ {
		switch c := category[i]; c {
		case '"':
			t = append(t, "&quot;"...)
		case '&':
			t = append(t, "&amp;"...)
		default:
			t = append(t, c)
		}
	}
	return append(t, '"')
}

func (r *Rewriter) neutralised(vendor, category string) {
	if r.opt.OnNeutralise != nil {
		r.opt.OnNeutralise(vendor, category)
	}
}

// holdUnread asks the Policy whether to hold back for good an element that
// may fetch but could not be read whole: yes, unless it says otherwise.
func (r *Rewriter) holdUnread(reason string) bool {
	if p, ok := r.opt.Policy.(UnreadPolicy); ok {
		return p.Unread(reason)
	}
	return true
}

// outgrown is called when a start tag held to be read whole outgrows the
// hold, at index i of the chunk, in tokenizer state st: it is too long
// (maxTag) or has too many attributes (maxAttrs). If it may fetch, what it
// fetches is unknown: it is held back for good, under never, without
// reading on, unless an UnreadPolicy lets it pass. Of duplicate attributes
// the DOM takes the first (§13.2.5.33), so right after its name go each
// attribute through which it fetches, with a value that fetches nothing
// (neutralURL), and a script's type="text/plain"; its own attributes stay,
// unread, ignored, and none can bring it back. Chromium's preload scanner
// fetches the last href of an <image> or an SVG <script>, which nothing
// put ahead overrides: their start tag ends right after the name, and the
// rest goes to an end tag that closes nothing, which the browser ignores
// (unreadEnd). Any other tag is written on unchanged.
func (r *Rewriter) outgrown(i int, reason string, st state) {
	foreign := r.inForeign() && !r.tokenOnly
	urls := r.fetchAttrs(foreign)
	if !r.keep || urls == nil {
		r.giveUpTag()
		return
	}
	script := r.elem == elemScript
	var t []byte
	if r.elem == elemImage || script && foreign {
		t = append(appendAttrText(r.text[:0], never, script), unreadEnd...)
	} else if t = r.neutralURLs(r.heldBytes(i), urls, st); len(t) > 0 {
		t = appendAttrText(t, never, script)
	}
	if len(t) == 0 || !r.holdUnread(reason) { // it was read to fetch nothing
		r.giveUpTag()
		return
	}
	r.text = t
	r.ins = append(r.ins[:0], insertion{r.holdAbs + 1 + int64(r.nameLen), t})
	r.commit(i, r.ins)
	r.keep, r.record = false, r.onToken != nil
	r.neutralised("", never)
}

// unreadEnd ends a start tag that outgrew the hold, self-closing so that
// an SVG element holds nothing that follows, and opens an end tag, which
// takes its unread attributes: its name, with no '-', is no custom
// element's, so that no browser, nor closesForeign, closes anything with it.
const unreadEnd = "/></cookie_consent_unread"

// neutralURLs appends to r.text[:0] each attribute of urls, through which
// the outgrown start tag h fetches, with the value neutralURL gives it,
// but for those already read whole with that value, or kept (a data: URL,
// see dataURL).
func (r *Rewriter) neutralURLs(h []byte, urls []string, st state) []byte {
	read := len(r.attrs)
	if st.inAttr() {
		read-- // the last one is still being read
	}
	kept := ""
	if props[r.elem].media {
		kept = r.dataURL(h, urls, read, st)
	}
	t := r.text[:0]
	for _, name := range urls {
		v := neutralURL(name, kept)
		if k := r.first(h, name); name != kept && (k < 0 || k >= read || !eqFold(r.value(h, k), v)) {
			t = append(append(append(append(append(t, ' '), name...), `="`...), v...), '"')
		}
	}
	return t
}

// neutralURL returns the value that outgrown gives the attribute name,
// ahead of the page's own, so that it fetches nothing: about:blank, as the
// preload scanners of Chromium and WebKit, which see every duplicate, skip
// an empty URL and would fetch the next; an empty srcdoc, a document of
// nothing; and an empty srcset beside a src that is kept, which it would
// otherwise override.
func neutralURL(name, kept string) string {
	if name == "srcdoc" || name == "srcset" && kept == "src" {
		return ""
	}
	return "about:blank"
}

// dataURL returns which of urls, the first of its name in the outgrown
// start tag h, holds a data: URL (after what the URL parser strips ahead of
// it, C0 controls and spaces): read whole, or in part if the hold ran out
// in its value (st). In an element that loads an image, audio or video,
// it reaches no one, and is kept: a large inline image stays in its page.
// A srcset, a list, is not kept, nor an xlink:href, which an href put
// ahead overrides. It returns "" if there is none.
func (r *Rewriter) dataURL(h []byte, urls []string, read int, st state) string {
	for _, name := range urls {
		if strings.HasSuffix(name, "srcset") || name == "xlink:href" {
			continue
		}
		var v []byte
		switch k := r.first(h, name); {
		case 0 <= k && k < read:
			v = r.value(h, k)
		case k == read && st.inValue():
			v = r.decode(h[r.attrs[k].val0-r.holdAbs:])
		default:
			continue
		}
		for len(v) > 0 && v[0] <= ' ' {
			v = v[1:]
		}
		if len(v) >= len("data:") && eqFold(v[:len("data:")], "data:") {
			return name
		}
	}
	return ""
}
