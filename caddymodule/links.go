package caddymodule

import (
	"net/http"
	"strings"
)

// filterLinks drops the Link header values (RFC 8288) that would make the
// browser reach a held-back tracker before consent: resource hints
// (preload, preconnect, ...), as the elements they stand for are held
// back in pages. It runs on the final header and on 103 Early Hints. A
// value we cannot read is dropped too: a hint is never needed.
func (rw *responseWriter) filterLinks(header http.Header) {
	values, ok := header["Link"]
	if !ok {
		return
	}
	policy := pagePolicy{h: rw.h, accepted: rw.page.state.Accepted, host: requestHost(rw.req)}
	var kept []string
	for _, value := range values {
		var parts []string
		dropped := false
		for rest := value; strings.TrimSpace(rest) != ""; {
			link, uri, rel, next, ok := nextLink(rest)
			rest = next
			if !ok {
				dropped = true
				break
			}
			if isResourceHint(rel) {
				if _, _, block := policy.URL([]byte(uri)); block {
					dropped = true
					continue
				}
			}
			parts = append(parts, link)
		}
		switch {
		case !dropped:
			kept = append(kept, value)
		case len(parts) > 0:
			kept = append(kept, strings.Join(parts, ", "))
		}
	}
	if len(kept) == 0 {
		header.Del("Link")
		return
	}
	header["Link"] = kept
}

// nextLink reads one link-value, `<uri>; param=value; ...`, from the
// start of s, up to the comma that ends it outside quotes and brackets.
func nextLink(s string) (link, uri, rel, rest string, ok bool) {
	s = strings.TrimLeft(s, " \t,")
	if !strings.HasPrefix(s, "<") {
		return "", "", "", "", false
	}
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return "", "", "", "", false
	}
	uri = s[1:end]
	i := end + 1
	quoted := false
	for ; i < len(s) && (quoted || s[i] != ','); i++ {
		switch {
		case s[i] == '\\' && quoted:
			i++
		case s[i] == '"':
			quoted = !quoted
		}
	}
	if quoted {
		return "", "", "", "", false
	}
	link, rest = strings.TrimSpace(s[:min(i, len(s))]), s[min(i, len(s)):]
	for param := range strings.SplitSeq(s[end+1:min(i, len(s))], ";") {
		name, value, _ := strings.Cut(param, "=")
		if strings.EqualFold(strings.TrimSpace(name), "rel") {
			rel = strings.Trim(strings.TrimSpace(value), `"`)
		}
	}
	return link, uri, rel, rest, true
}

// isResourceHint reports whether a rel list names a hint that fetches or
// connects (HTML §4.6.7).
func isResourceHint(rel string) bool {
	for r := range strings.FieldsSeq(rel) {
		switch strings.ToLower(r) {
		case "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "prerender":
			return true
		}
	}
	return false
}
