package caddymodule

import (
	"encoding/hex"
	"hash/fnv"
	"net/http"
	"strings"
)

// A rewritten page depends on the consent state it was rendered for, so its
// validator must too: otherwise a browser revalidates the page it cached
// before a decision, gets 304 and shows the old banner, or runs trackers a
// withdrawal refused (Vary: Cookie does not stop revalidation). The page's
// ETag carries a tag of the state, W/"<upstream>-cc<8 hex>"; on the way in,
// a tag that matches the current state is removed before the upstream
// compares, and validators of another state are dropped.

// tagPrefix starts the state tag inside an ETag.
const tagPrefix = "-cc"

// tagLen is the length of the tag after tagPrefix (a 32-bit hash in hex).
const tagLen = 8

// configTag digests what every page's injected blocks depend on, besides
// the visitor: the policy version, the categories, the banner's assets and
// its words.
func (h *Handler) configTag() uint32 {
	x := fnv.New32a()
	parts := append([]string{h.PolicyVersion, h.banner.ScriptURL(), h.banner.StyleURL()}, h.categoryNames...)
	for _, lang := range h.banner.Languages() {
		parts = append(parts, h.banner.TextVersion(lang))
	}
	for _, s := range parts {
		x.Write([]byte(s))
		x.Write([]byte{0})
	}
	return x.Sum32()
}

// stateTag names the page a visitor gets: the config, the decision and the
// banner's language.
func (h *Handler) stateTag(st consentState, lang string) string {
	x := fnv.New32a()
	var b [14]byte
	for i := range 4 {
		b[i] = byte(h.configSum >> (8 * i))
	}
	for i := range 8 {
		b[4+i] = byte(uint64(st.Accepted) >> (8 * i))
	}
	if st.Decided {
		b[12] = 1
	}
	if st.GPC {
		b[13] = 1
	}
	x.Write(b[:])
	x.Write([]byte(lang))
	var sum [4]byte
	return hex.EncodeToString(x.Sum(sum[:0]))
}

// tagETag adds the state tag to an upstream ETag; the result is weak, since
// the rewritten body is not the upstream's byte for byte (RFC 9110, 8.8.1).
func tagETag(etag, tag string) string {
	etag = strings.TrimPrefix(etag, "W/")
	if len(etag) < 2 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		return "" // not a valid entity tag: better none than a wrong one
	}
	return `W/` + etag[:len(etag)-1] + tagPrefix + tag + `"`
}

// tagHeaderETag tags the ETag of a response header, if it has one.
func tagHeaderETag(header http.Header, tag string) {
	if etag := header.Get("ETag"); etag != "" {
		if tagged := tagETag(etag, tag); tagged != "" {
			header.Set("ETag", tagged)
		} else {
			header.Del("ETag")
		}
	}
}

// splitTag returns an entity tag without our state tag, and that tag ("" if
// it has none).
func splitTag(etag string) (upstream, tag string) {
	n := len(tagPrefix) + tagLen + 1
	if len(etag) < n+1 || etag[len(etag)-1] != '"' || etag[len(etag)-n:len(etag)-tagLen-1] != tagPrefix {
		return etag, ""
	}
	return etag[:len(etag)-n] + `"`, etag[len(etag)-tagLen-1 : len(etag)-1]
}

// editConditionals prepares a request's validators for the upstream: our
// tag of the current state is removed, validators of another state are
// dropped, and for pages If-Modified-Since goes (a date cannot say which
// state a page was rendered for). It reports whether a validator of the
// current state was found.
func editConditionals(r *http.Request, tag string) bool {
	page := navigation(r)
	if page {
		r.Header.Del("If-Modified-Since")
	}
	values := r.Header["If-None-Match"]
	if len(values) == 0 {
		return false
	}
	var kept []string
	matched := false
	for _, v := range values {
		for _, etag := range strings.Split(v, ",") {
			etag = strings.TrimSpace(etag)
			upstream, t := splitTag(etag)
			switch {
			case t == tag:
				kept, matched = append(kept, upstream), true
			case t == "" && !page && etag != "":
				kept = append(kept, etag)
			}
		}
	}
	if len(kept) == 0 {
		r.Header.Del("If-None-Match")
	} else {
		r.Header["If-None-Match"] = []string{strings.Join(kept, ", ")}
	}
	return matched
}
