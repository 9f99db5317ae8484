package caddymodule

import (
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/htmlrewrite"
)

// htmlBody reports whether a response with this header is an HTML document
// we can rewrite: text/html in a charset where ASCII bytes mean ASCII, which
// our byte scanner needs (WHATWG Encoding, "ASCII-compatible").
func htmlBody(header http.Header) bool {
	ct := header.Get("Content-Type")
	if ct == "" {
		return false
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil || mediaType != "text/html" {
		return false
	}
	charset := strings.ToLower(params["charset"])
	for _, prefix := range []string{"utf-16", "utf-32", "ucs-2", "ucs-4", "iso-2022-", "utf-7", "hz-gb-2312"} {
		if strings.HasPrefix(charset, prefix) {
			return false
		}
	}
	return true
}

// navigation reports whether a request is likely to get an HTML page:
// browsers send text/html in Accept for documents and frames.
func navigation(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// weakenETag turns a strong validator into a weak one: the rewritten body
// is not byte-identical to the upstream's, which a strong ETag would promise
// (RFC 9110, section 8.8.1).
func weakenETag(header http.Header) {
	if etag := header.Get("ETag"); strings.HasPrefix(etag, `"`) {
		header.Set("ETag", "W/"+etag)
	}
}

// pagePolicy tells the rewriter which elements of one page to hold back.
type pagePolicy struct {
	h        *Handler
	accepted catMask
	host     string
}

func (p *pagePolicy) URL(url []byte) (string, string, bool) {
	vendor, cat, ok := p.h.rules.URLVendor(url, p.host)
	return vendor, string(cat), ok && !p.h.allows(p.accepted, cat)
}

func (p *pagePolicy) Inline(prefix []byte) (string, string, bool) {
	vendor, cat, ok := p.h.rules.InlineVendor(prefix)
	return vendor, string(cat), ok && !p.h.allows(p.accepted, cat)
}

// bannerPage is what the banner needs to know of one request.
func (h *Handler) bannerPage(r *http.Request, st consentState, nonce string) banner.Page {
	p := banner.Page{
		Lang:   banner.Negotiate(r.Header.Get("Accept-Language")),
		Return: returnPath(r.URL.RequestURI()),
		Nonce:  nonce,
		GPC:    st.GPC,
	}
	if st.Decided && !st.GPC {
		p.Decided = true
		p.Accepted = h.acceptedNames(st.Accepted)
	}
	return p
}

// newRewriter sets up the HTML rewriter of one response; it writes to dst.
func (h *Handler) newRewriter(dst io.Writer, r *http.Request, st consentState, nonce string) *htmlrewrite.Rewriter {
	page := h.bannerPage(r, st, nonce)
	opts := htmlrewrite.Options{
		Policy:     &pagePolicy{h: h, accepted: st.Accepted, host: requestHost(r)},
		HeadInject: h.banner.AppendHead(nil, page),
		BodyInject: h.banner.AppendBody(nil, page),
	}
	if rw, ok := h.rewriters.Get().(*htmlrewrite.Rewriter); ok {
		rw.Reset(dst, opts)
		return rw
	}
	return htmlrewrite.New(dst, opts)
}
