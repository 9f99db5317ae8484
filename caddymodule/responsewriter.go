package caddymodule

import (
	"io"
	"net/http"

	"golang.org/x/net/http/httpguts"
)

// responseWriter edits the upstream's response on its way out: it filters
// Set-Cookie and adds expiries and Vary when the final header is written.
//
// It keeps Unwrap so http.ResponseController finds the Flusher and Hijacker
// of the writers beneath (Caddy wraps every writer; coraza-caddy #326).
type responseWriter struct {
	inner   http.ResponseWriter
	h       *Handler
	req     *http.Request
	state   consentState
	refused []string // request cookies to expire

	wroteHeader bool
}

func newResponseWriter(w http.ResponseWriter, h *Handler, r *http.Request, st consentState, refused []string) *responseWriter {
	return &responseWriter{inner: w, h: h, req: r, state: st, refused: refused}
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
		rw.h.filterSetCookies(header, rw.state.Accepted)
		rw.inner.WriteHeader(status)
		return
	}
	rw.wroteHeader = true
	rw.editHeader(header)
	rw.inner.WriteHeader(status)
}

// editHeader applies consent to the final response header.
func (rw *responseWriter) editHeader(header http.Header) {
	dependsOnConsent := len(header["Set-Cookie"]) > 0 || len(rw.refused) > 0
	rw.h.filterSetCookies(header, rw.state.Accepted)
	expireCookies(header, rw.refused, rw.req)
	if dependsOnConsent {
		rw.h.addVary(header)
	}
}

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
	return rw.inner.Write(p)
}

// ReadFrom keeps sendfile for bodies we pass through: the header is edited
// first, then the copy goes straight to the writer beneath.
func (rw *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if rf, ok := rw.inner.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(rw.inner, r)
}

// FlushError writes the edited header before flushing, so a Flush from the
// upstream cannot send the unedited one (caddy #4314).
func (rw *responseWriter) FlushError() error {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	return http.NewResponseController(rw.inner).Flush()
}

// Close finishes the response: a handler that wrote nothing still gets its
// header edited, since net/http would send it as it stands.
func (rw *responseWriter) Close() error {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	return nil
}
