package caddymodule

import (
	"io"
	"net/http"
	"strings"

	"go.uber.org/zap"
	"golang.org/x/net/http/httpguts"
	"golang.org/x/text/transform"
)

// responseWriter edits the upstream's response on its way out: it filters
// Set-Cookie and adds expiries and Vary when the final header is written,
// and streams HTML bodies through the rewriter.
//
// It keeps Unwrap so http.ResponseController finds the Flusher and Hijacker
// of the writers beneath (Caddy wraps every writer; coraza-caddy #326).
type responseWriter struct {
	inner   http.ResponseWriter
	h       *Handler
	req     *http.Request
	page    pageRequest
	refused []string // request cookies to expire

	// mayRefetch is set when the request asked for a range: a 206 of an
	// HTML page is then discarded and the whole page fetched again, since
	// a slice of a page cannot be enforced.
	mayRefetch bool
	refetch    bool

	wroteHeader bool
	// pending is the final status while the header is held with the first
	// bytes of a response that may be a page (see preludeBytes); 0 once
	// written.
	pending    int
	held       []byte
	decoder    *decoder          // first, when the upstream compressed a page
	html       *pageWriter       // the rewriter; nil when the body passes through
	transcoder *transform.Writer // in front of html for a page not in an ASCII-compatible charset
	pageOut    io.Writer         // where a page's decoded bytes go: transcoder or html
}

// pageRequest is what the handler worked out about a request before the
// upstream answers.
type pageRequest struct {
	state     consentState
	lang      string // the banner's language
	tag       string // the state tag for ETags, "" until needed
	validated bool   // the client sent a validator of a page of this state
}

func newResponseWriter(w http.ResponseWriter, h *Handler, r *http.Request, page pageRequest, refused []string, mayRefetch bool) *responseWriter {
	return &responseWriter{inner: w, h: h, req: r, page: page, refused: refused, mayRefetch: mayRefetch}
}

func (rw *responseWriter) Header() http.Header { return rw.inner.Header() }

// Unwrap returns the writer beneath, for http.ResponseController.
func (rw *responseWriter) Unwrap() http.ResponseWriter { return rw.inner }

// WriteHeader edits the header once, for the final status. Informational
// statuses (103 Early Hints) pass through at once and are not final (caddy
// #5074); 101 passes through at once too, since a delayed upgrade hangs
// WebSocket clients (coraza-caddy #78).
func (rw *responseWriter) WriteHeader(status int) {
	if rw.wroteHeader {
		return
	}
	header := rw.inner.Header()
	if status >= 100 && status <= 199 && status != http.StatusSwitchingProtocols {
		rw.h.filterSetCookies(header, "Set-Cookie", rw.page.state.Accepted)
		rw.filterLinks(header)
		rw.inner.WriteHeader(status)
		return
	}
	rw.wroteHeader = true
	if status == http.StatusPartialContent && rw.mayRefetch && partialOfPage(header) {
		rw.refetch = true
		return
	}
	kind, sniff, essence := pageKindOf(header)
	if (kind != notPage || sniff) && hasBody(rw.req, status) {
		encoding := header.Get("Content-Encoding")
		switch {
		case !compressed(encoding):
			rw.pending = status
			return
		case kind != notPage && decodable(encoding):
			rw.pending = status
			rw.decoder = newDecoder(encoding, bodyWriter{rw})
			return
		case kind != notPage:
			counts.unenforced[unenforcedEncoding].Add(1) // see the README's limits
			kind = notPage
		}
		// A compressed body of no type: what it is shows only once
		// decoded, and we would have to send it decoded (README limits).
	}
	rw.editHeader(header, status, kind, essence)
	rw.inner.WriteHeader(status)
}

// hasBody reports whether a response to r with this status has a body
// that could be a page.
func hasBody(r *http.Request, status int) bool {
	return r.Method != http.MethodHead && status >= 200 && status != http.StatusNoContent &&
		status != http.StatusPartialContent && status != http.StatusNotModified
}

// stateTag is the request's consent state tag, computed on first use.
func (rw *responseWriter) stateTag() string {
	if rw.page.tag == "" {
		rw.page.tag = rw.h.stateTag(rw.page.state, rw.page.lang)
	}
	return rw.page.tag
}

// partialOfPage reports whether a 206 may hold part of an HTML page.
func partialOfPage(header http.Header) bool {
	kind, sniff, essence := pageKindOf(header)
	return kind != notPage || sniff || strings.EqualFold(essence, "multipart/byteranges")
}

// editHeader applies consent to the final response header, and sets up
// the rewriter when the body is a page.
func (rw *responseWriter) editHeader(header http.Header, status int, kind pageKind, essence string) {
	dependsOnConsent := len(header["Set-Cookie"]) > 0 || len(rw.refused) > 0
	rw.h.filterSetCookies(header, "Set-Cookie", rw.page.state.Accepted)
	rw.filterLinks(header)
	expireCookies(header, rw.refused, rw.req, rw.h.CookieDomain)
	switch {
	case status == http.StatusNotModified:
		if rw.page.validated || navigation(rw.req) {
			// The validator the client holds is the one we tagged.
			tagHeaderETag(header, rw.stateTag())
			dependsOnConsent = true
		}
	// A 101 comes here too: what follows it is no page, whatever its header says.
	case status >= 200 && status != http.StatusNoContent && status != http.StatusPartialContent && kind != notPage:
		dependsOnConsent = true
		rw.startPage(header, kind, essence)
	}
	if dependsOnConsent {
		rw.h.addVary(header)
	}
}

// startPage edits the header of a page we rewrite and sets up the rewriter.
func (rw *responseWriter) startPage(header http.Header, kind pageKind, essence string) {
	// Only a HEAD gets here compressed without a decoder: say what a GET
	// would get.
	if encoding := header.Get("Content-Encoding"); rw.decoder == nil && compressed(encoding) && !decodable(encoding) {
		return
	}
	if kind == htmlPage && rw.h.Lang == "" { // a forced language does not vary
		addVaryToken(header, "Accept-Language") // the banner's language
	}
	header.Del("Content-Length")
	header.Del("Content-Encoding") // we send the page decoded; encode may compress it again
	header.Del("Accept-Ranges")    // a slice of a page is never served (see ServeHTTP)
	tagHeaderETag(header, rw.stateTag())
	if rw.req.Method != http.MethodHead {
		banner := kind == htmlPage && wholeDocument(rw.req)
		if banner {
			counts.pageViews[rw.h.stateOf(rw.page.state)].Add(1)
		}
		nonce := applyCSP(header)
		rw.html = rw.h.newPageWriter(writerOnly{rw.inner}, rw.req, rw.page, nonce, banner)
		rw.pageOut = rw.html
	}
	rw.transcodeToUTF8(header, essence)
}

// writerOnly hides ReadFrom, so that io.Copy goes through Write.
type writerOnly struct{ io.Writer }

// addVary tells caches that the response depends on the consent state:
// the consent cookie, and Sec-GPC when it is honoured.
func (h *Handler) addVary(header http.Header) {
	addVaryToken(header, "Cookie")
	if h.gpcEnabled() {
		addVaryToken(header, "Sec-GPC")
	}
}

func addVaryToken(header http.Header, token string) {
	if !httpguts.HeaderValuesContainsToken(header["Vary"], token) && !httpguts.HeaderValuesContainsToken(header["Vary"], "*") {
		header.Add("Vary", token)
	}
}

func (rw *responseWriter) Write(p []byte) (int, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	switch {
	case rw.refetch:
		return len(p), nil
	case rw.decoder != nil:
		return rw.decoder.Write(p)
	}
	return rw.writeBody(p)
}

// ReadFrom keeps sendfile for bodies we pass through: the header is edited
// first, then the copy goes straight to the writer beneath. It must not
// skip Write for a body we rewrite (NOTES: encode hides ReadFrom likewise).
func (rw *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if rw.refetch || rw.decoder != nil || rw.pending != 0 || rw.pageOut != nil {
		return io.Copy(writerOnly{rw}, r)
	}
	if rf, ok := rw.inner.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(rw.inner, r)
}

// FlushError writes the edited header before flushing, so a Flush from the
// upstream cannot send the unedited one (caddy #4314), and passes on what
// the rewriter can already write.
func (rw *responseWriter) FlushError() error {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	switch {
	case rw.refetch:
		return nil
	case rw.decoder != nil:
		// The decoder's goroutine owns the writers beneath until Close.
		return nil
	case rw.pending != 0:
		if err := rw.decide(); err != nil {
			return err
		}
	}
	if rw.html != nil {
		if err := rw.html.handOn(); err != nil {
			return err
		}
	}
	return http.NewResponseController(rw.inner).Flush()
}

// Close finishes the response: it writes what the rewriter still holds,
// as at the end of a page (so what arrived before an upstream failed is
// passed on where it is safe), and edits the header of a handler that
// wrote nothing, since net/http would send it as it stands. When the
// handler did not complete (an error Caddy answers, or an aborted
// response), a header not yet written is left for Caddy. Nothing here is
// an error for Caddy to answer: a failed write means the client left, and
// a corrupt compressed page is counted and logged. Close may be called
// more than once.
func (rw *responseWriter) Close(complete bool) {
	if !rw.wroteHeader {
		if !complete {
			return // nothing was started
		}
		rw.WriteHeader(http.StatusOK)
	}
	if rw.decoder != nil {
		if err := rw.decoder.Close(); err != nil {
			counts.unenforced[unenforcedDecodeError].Add(1)
			rw.h.logger.Warn("compressed page from the upstream could not be decoded; the page was cut short", zap.Error(err))
		}
		rw.decoder = nil
	}
	if rw.pending != 0 {
		if complete {
			_ = rw.decide()
		} else {
			rw.pending, rw.held = 0, nil // the header is Caddy's to write
		}
	}
	rw.filterTrailerCookies()
	if rw.transcoder != nil {
		_ = rw.transcoder.Close()
		rw.transcoder = nil
	}
	if rw.html != nil {
		_ = rw.html.Close()
		rw.html = nil
	}
	rw.pageOut = nil
}

// filterTrailerCookies filters Set-Cookie sent as a trailer, which the
// header filter never saw: announced in the Trailer header and set after
// it, or set under http.TrailerPrefix (reverse_proxy does both).
func (rw *responseWriter) filterTrailerCookies() {
	header := rw.inner.Header()
	rw.h.filterSetCookies(header, http.TrailerPrefix+"Set-Cookie", rw.page.state.Accepted)
	for _, declared := range header["Trailer"] {
		for name := range strings.SplitSeq(declared, ",") {
			if strings.EqualFold(strings.TrimSpace(name), "Set-Cookie") {
				rw.h.filterSetCookies(header, "Set-Cookie", rw.page.state.Accepted)
				return
			}
		}
	}
}
