package caddymodule

import (
	"io"
	"net/http"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// serveReport is ServeHTTP in report mode: the request and the response
// pass untouched, byte for byte, while a copy of each page goes through
// the rewriter into nothing, so that the counts, the inventory and the
// summary line show what enforce would have done.
func (h *Handler) serveReport(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler, st consentState) error {
	rw := &reportWriter{inner: w, h: h, req: r, state: st}
	defer rw.close()
	return next.ServeHTTP(rw, r)
}

// reportWriter passes a response through and shows the rewriter a copy of
// a page's body. It keeps Unwrap for http.ResponseController.
type reportWriter struct {
	inner       http.ResponseWriter
	h           *Handler
	req         *http.Request
	state       consentState
	wroteHeader bool
	page        *pageWriter // nil unless the body is an uncompressed page
}

func (rw *reportWriter) Header() http.Header         { return rw.inner.Header() }
func (rw *reportWriter) Unwrap() http.ResponseWriter { return rw.inner }

func (rw *reportWriter) WriteHeader(status int) {
	header := rw.inner.Header()
	if !rw.wroteHeader && (status < 100 || status > 199) {
		rw.wroteHeader = true
		rw.h.keptSetCookies(nil, header["Set-Cookie"], rw.state.Accepted)
		kind, _, _ := pageKindOf(header)
		if kind != notPage && hasBody(rw.req, status) && !compressed(header.Get("Content-Encoding")) {
			if kind == htmlPage && wholeDocument(rw.req) {
				counts.pageViews[rw.h.stateOf(rw.state)].Add(1)
			}
			rw.page = rw.h.newPageWriter(io.Discard, rw.req, pageRequest{state: rw.state}, "", false)
		}
	}
	rw.inner.WriteHeader(status)
}

func (rw *reportWriter) Write(p []byte) (int, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if rw.page != nil {
		_, _ = rw.page.Write(p)
	}
	return rw.inner.Write(p)
}

// ReadFrom keeps sendfile for what is no page.
func (rw *reportWriter) ReadFrom(r io.Reader) (int64, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if rf, ok := rw.inner.(io.ReaderFrom); ok && rw.page == nil {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{rw}, r)
}

func (rw *reportWriter) FlushError() error {
	return http.NewResponseController(rw.inner).Flush()
}

func (rw *reportWriter) close() {
	if rw.page != nil {
		_ = rw.page.Close()
		rw.page = nil
	}
}
