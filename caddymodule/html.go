package caddymodule

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/htmlrewrite"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
	"golang.org/x/net/publicsuffix"
)

// navigation reports whether a request is likely to get an HTML page:
// browsers send text/html in Accept for documents and frames.
func navigation(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// wholeDocument reports whether an HTML response will be a page of its own
// (a document or a frame), which gets the banner, rather than a fragment
// that a page's script fetches and inserts, which must not bring a second
// banner but still gets its trackers held back. Sec-Fetch-Dest says so in
// current browsers; without it, X-Requested-With marks jQuery-style
// fetches.
func wholeDocument(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Dest") {
	case "":
		return r.Header.Get("X-Requested-With") != "XMLHttpRequest"
	case "document", "iframe", "frame", "embed", "object":
		return true
	}
	return false
}

// pagePolicy tells the rewriter which elements of one page to hold back.
// In report mode it counts what it would hold back, and holds back nothing.
type pagePolicy struct {
	h             *Handler
	accepted      catMask
	host          string
	site, dotSite string // the page's registrable domain, and "."+it, once known
	hostBuf       []byte
	// held are the inventory keys of the element being read that are to
	// be held back; when the rewriter neutralises the element, each counts
	// once (an <img> with three tracker candidates in its srcset is one
	// element held back, not four).
	held []string
}

func (p *pagePolicy) URL(url []byte) (string, string, bool) {
	vendor, cat, ok := p.h.rules.URLVendor(url, p.host)
	p.hostBuf = rules.AppendURLHost(p.hostBuf[:0], url)
	if !ok {
		// No rule knows it: a third party is listed all the same, and
		// held back under unknown_hosts block.
		if len(p.hostBuf) == 0 || p.sameSite(p.hostBuf) {
			return "", "", false
		}
		cat = rules.Unclassified
	}
	key := p.host
	if len(p.hostBuf) > 0 {
		key = string(p.hostBuf)
	}
	block := !p.h.allows(p.accepted, cat) && (ok || p.h.UnknownHosts == "block")
	p.sighted(key, string(cat), vendor, block)
	return vendor, string(cat), block
}

// sameSite reports whether host is in the page's registrable domain (a
// subdomain of the site is no third party). The page's is worked out once
// per page; an IP address is a site of its own.
func (p *pagePolicy) sameSite(host []byte) bool {
	if p.site == "" {
		p.site = p.host
		if site, err := publicsuffix.EffectiveTLDPlusOne(p.host); err == nil && net.ParseIP(p.host) == nil {
			p.site = site
		}
		p.dotSite = "." + p.site
	}
	return string(host) == p.site || bytes.HasSuffix(host, []byte(p.dotSite))
}

func (p *pagePolicy) Inline(prefix []byte) (string, string, bool) {
	vendor, cat, ok := p.h.rules.InlineVendor(prefix)
	if !ok {
		return "", "", false
	}
	block := !p.h.allows(p.accepted, cat)
	p.sighted("inline:"+vendor, string(cat), vendor, block)
	return vendor, string(cat), block
}

// sighted counts a reference in the inventory, and remembers it until the
// element is neutralised when it is to be held back.
func (p *pagePolicy) sighted(key, category, vendor string, block bool) {
	counts.trackers.count(key, category, vendor, false)
	if block && !slices.Contains(p.held, key) {
		p.held = append(p.held, key)
	}
}

// neutralised is the rewriter's OnNeutralise: the outcome, counted once
// per element and tracker.
func (p *pagePolicy) neutralised(vendor, category string) {
	for _, key := range p.held {
		counts.trackers.neutralised(key)
	}
	p.held = p.held[:0]
}

// Unread decides about an element the rewriter could not read whole (a
// huge start tag): it is held back for good, and counted as unenforced
// with the reason. Nothing that fetches passes unread.
func (p *pagePolicy) Unread(reason string) bool {
	counts.countUnread(reason)
	return true
}

// bannerPage is what the banner needs to know of one request.
func (h *Handler) bannerPage(r *http.Request, st consentState, lang, nonce string) banner.Page {
	p := banner.Page{
		Lang:   lang,
		Return: returnPath(r.URL.RequestURI()),
		Nonce:  nonce,
		GPC:    st.GPC,
	}
	// Sec-GPC is the visitor's refusal (DESIGN.md): the page opens no
	// banner for it, and says decided, as the endpoint's GET does.
	if st.Decided {
		p.Decided = true
		p.Accepted = h.acceptedNames(st.Accepted)
	}
	return p
}

// pageWriter streams one page through the rewriter. The rewriter writes in
// pieces around each change, and each write to the client costs: Caddy's
// writer sets a deadline on every call, and a page without Content-Length
// goes out chunked, a chunk per write. So the first upstream write (the
// page's head, which the browser wants at once) is handed on as soon as it
// is rewritten, and later output is gathered into writes of up to
// coalesceBytes; an upstream Flush, or the end of the page, hands on what
// is gathered. Pooled with its buffers between responses.
type pageWriter struct {
	rewriter     htmlrewrite.Rewriter
	out          io.Writer
	batch        batch
	policy       pagePolicy
	head, body   []byte // the injected blocks
	onNeutralise func(vendor, category string)
	started      bool // the first write was handed on
}

// inlineLookahead is how much of an inline script is judged (README).
const inlineLookahead = 64 << 10

// coalesceBytes is the size of the writes after the first: two of Caddy's
// proxy buffers, still a bounded hold.
const coalesceBytes = 64 << 10

// batch is the rewriter's output of one upstream write.
type batch struct{ buf []byte }

func (b *batch) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// pageWriters keeps pageWriters and their buffers between responses.
var pageWriters = sync.Pool{New: func() any { return new(pageWriter) }}

// maxPooledBatch bounds the batch buffer kept in the pool: a batch holds
// at most coalesceBytes plus one upstream write.
const maxPooledBatch = 128 << 10

// newPageWriter sets up the rewriting of one page written to out.
func (h *Handler) newPageWriter(out io.Writer, r *http.Request, req pageRequest, nonce string, banner bool) *pageWriter {
	pw := pageWriters.Get().(*pageWriter)
	pw.out = out
	pw.policy = pagePolicy{h: h, accepted: req.state.Accepted, host: requestHost(r), held: pw.policy.held[:0], hostBuf: pw.policy.hostBuf[:0]}
	if pw.onNeutralise == nil { // once per pooled pageWriter: a method value allocates
		pw.onNeutralise = pw.policy.neutralised
	}
	opts := htmlrewrite.Options{
		Policy:       &pw.policy,
		OnNeutralise: pw.onNeutralise,
		// A tracker snippet may sit deep in a site's inline script (after
		// its own code): judge the first 64 KiB, the most the rewriter holds.
		InlineLookahead: inlineLookahead,
	}
	if banner {
		page := h.bannerPage(r, req.state, req.lang, nonce)
		pw.head = h.banner.AppendHead(pw.head[:0], page)
		pw.body = h.banner.AppendBody(pw.body[:0], page)
		opts.HeadInject, opts.BodyInject = pw.head, pw.body
	}
	pw.rewriter.Reset(&pw.batch, opts)
	return pw
}

// Write rewrites p and hands on the output when it is the page's first or
// when enough is gathered.
func (pw *pageWriter) Write(p []byte) (int, error) {
	n, err := pw.rewriter.Write(p)
	if !pw.started || len(pw.batch.buf) >= coalesceBytes {
		pw.started = true
		if herr := pw.handOn(); err == nil {
			err = herr
		}
	}
	return n, err
}

func (pw *pageWriter) handOn() error {
	if len(pw.batch.buf) == 0 {
		return nil
	}
	_, err := pw.out.Write(pw.batch.buf)
	pw.batch.buf = pw.batch.buf[:0]
	return err
}

// Close ends the page and returns the pageWriter to the pool.
func (pw *pageWriter) Close() error {
	err := pw.rewriter.Close()
	if herr := pw.handOn(); err == nil {
		err = herr
	}
	pw.out, pw.started, pw.policy = nil, false, pagePolicy{} // no handler kept alive by the pool
	if cap(pw.batch.buf) > maxPooledBatch {
		pw.batch.buf = nil
	}
	pageWriters.Put(pw)
	return err
}
