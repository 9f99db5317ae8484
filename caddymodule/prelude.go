package caddymodule

import (
	"net/http"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// preludeBytes is how much of a response that may be a page is held, with
// its header, before anything is written: what a browser reads to sniff an
// unlabelled type (512 bytes, MIME Sniffing §7) and to find a <meta
// charset> (1024 bytes, HTML §13.2.3.2). It is also more than encode's
// minimum length, so encode decides on the page rather than on a first
// piece of any size. An upstream Flush, or the end of the body, ends the
// hold early.
const preludeBytes = 1024

// pageKind is what a response is to a browser, as far as we rewrite it.
type pageKind uint8

const (
	notPage  pageKind = iota
	htmlPage          // rewritten, with the banner
	// xmlPage is a document in XML syntax that a browser renders and runs
	// scripts in (XHTML, SVG). Its trackers are held back, but nothing is
	// injected: a block of ours would have to be well-formed XML, and a
	// page that fails to parse shows the visitor an error.
	xmlPage
)

// pageKindOf reads what the Content-Type header says. sniff reports that a
// browser would sniff the body instead: no usable type (none, empty, or
// "*/*", Fetch §3.7 "extract a MIME type", where the last valid value of
// every Content-Type line wins), or one of the unknown types of MIME
// Sniffing §7.1. essence is the type that decided, "" when sniffing.
func pageKindOf(header http.Header) (kind pageKind, sniff bool, essence string) {
	for _, line := range header["Content-Type"] {
		for value := range strings.SplitSeq(line, ",") {
			if e := mediaEssence(value); e != "" && e != "*/*" {
				essence = e
			}
		}
	}
	switch {
	case essence == "" || strings.EqualFold(essence, "unknown/unknown") || strings.EqualFold(essence, "application/unknown"):
		return notPage, true, ""
	case strings.EqualFold(essence, "text/html"):
		return htmlPage, false, essence
	case strings.EqualFold(essence, "application/xhtml+xml"), strings.EqualFold(essence, "image/svg+xml"),
		strings.EqualFold(essence, "text/xml"), strings.EqualFold(essence, "application/xml"):
		return xmlPage, false, essence
	}
	return notPage, false, essence
}

// mediaEssence returns "type/subtype" of a Content-Type value, or "" when
// it is not one.
func mediaEssence(value string) string {
	essence, _, _ := strings.Cut(value, ";")
	essence = strings.TrimSpace(essence)
	slash := strings.IndexByte(essence, '/')
	if slash <= 0 || slash == len(essence)-1 || strings.ContainsAny(essence[slash+1:], "/ \t") {
		return ""
	}
	return essence
}

// sniffPage decides an unlabelled body as a browser does, from its first
// bytes (Go implements the MIME Sniffing rules), and labels it when it is
// a page, as Go's server would label it had we not held it.
func sniffPage(header http.Header, first []byte) (pageKind, string) {
	sniffed := http.DetectContentType(first)
	kind, _, essence := pageKindOf(http.Header{"Content-Type": {sniffed}})
	if kind == notPage {
		return notPage, ""
	}
	if len(header["Content-Type"]) == 0 {
		header.Set("Content-Type", sniffed)
	} else {
		// The upstream named a type a browser ignores: keep its charset
		// undecided, as it was.
		header.Set("Content-Type", essence)
	}
	return kind, essence
}

// bodyWriter takes the body as the browser will read it, decoded.
type bodyWriter struct{ rw *responseWriter }

func (b bodyWriter) Write(p []byte) (int, error) { return b.rw.writeBody(p) }

// writeBody holds the first bytes of a response that may be a page, then
// passes the body on: to the rewriter for a page, else as it is.
func (rw *responseWriter) writeBody(p []byte) (int, error) {
	if rw.pending != 0 {
		rw.held = append(rw.held, p...)
		if len(rw.held) < preludeBytes {
			return len(p), nil
		}
		return len(p), rw.decide()
	}
	if rw.pageOut != nil {
		return rw.pageOut.Write(p)
	}
	return rw.inner.Write(p)
}

// decide ends the hold: it works out what the response is from its header
// and first bytes, edits the header, writes it, and passes on what was held.
func (rw *responseWriter) decide() error {
	status := rw.pending
	rw.pending = 0
	header := rw.inner.Header()
	kind, sniff, essence := pageKindOf(header)
	if sniff {
		kind, essence = sniffPage(header, rw.held)
	}
	rw.editHeader(header, status, kind, essence)
	rw.inner.WriteHeader(status)
	held := rw.held
	rw.held = nil
	if len(held) == 0 {
		return nil
	}
	_, err := rw.writeBody(held)
	return err
}

// transcodeToUTF8 sets up the reading of a page in a charset where ASCII
// bytes are not ASCII (UTF-16, ISO-2022-JP: an escape sequence there can
// hide a "<!--" from a byte scanner, not from the browser). The charset is
// the browser's: a byte order mark, then the header's, then a <meta> in
// the first bytes (WHATWG Encoding, HTML §13.2.3). Such a page is served
// as UTF-8, relabelled, so that what the browser runs is what we read.
func (rw *responseWriter) transcodeToUTF8(header http.Header, essence string) {
	enc, name, _ := charset.DetermineEncoding(rw.held, header.Get("Content-Type"))
	if asciiCompatible(name) {
		return
	}
	header.Set("Content-Type", essence+"; charset=utf-8")
	if rw.html != nil {
		rw.transcoder = transform.NewWriter(rw.html, enc.NewDecoder())
		rw.pageOut = rw.transcoder
	}
}

// asciiCompatible reports whether ASCII bytes mean ASCII in a charset (by
// its WHATWG name), which our byte scanner needs.
func asciiCompatible(name string) bool {
	name = strings.ToLower(name)
	for _, prefix := range []string{"utf-16", "utf-32", "ucs-2", "ucs-4", "iso-2022-", "utf-7", "hz-gb-2312", "replacement"} {
		if strings.HasPrefix(name, prefix) {
			return false
		}
	}
	return true
}
