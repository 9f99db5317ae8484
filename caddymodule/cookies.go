package caddymodule

import (
	"fmt"
	"net"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"
)

// maxExpiredNames bounds how many refused cookies one response expires, so a
// request with thousands of cookies cannot make a huge response header.
const maxExpiredNames = 32

// trimRequestCookies removes from the request the cookies of categories the
// visitor has not accepted, so the upstream cannot read them either, and
// returns their names (each once) for expiry in the response.
func (h *Handler) trimRequestCookies(r *http.Request, accepted catMask) []string {
	lines := r.Header["Cookie"]
	if len(lines) == 0 {
		return nil
	}
	var refused []string
	var kept []string
	changed := false
	for _, line := range lines {
		for _, pair := range strings.Split(line, ";") {
			pair = strings.TrimSpace(pair)
			if pair == "" {
				continue
			}
			name, _, _ := strings.Cut(pair, "=")
			name = strings.TrimSpace(name)
			if cat, _, _ := h.rules.CookieCategory(name); !h.allows(accepted, cat) {
				changed = true
				if validCookieName(name) && len(refused) < maxExpiredNames && !slices.Contains(refused, name) {
					refused = append(refused, name)
				}
				continue
			}
			kept = append(kept, pair)
		}
	}
	if changed {
		if len(kept) == 0 {
			delete(r.Header, "Cookie")
		} else {
			// One header line, as RFC 6265 section 5.4 asks of user agents.
			r.Header["Cookie"] = []string{strings.Join(kept, "; ")}
		}
	}
	return refused
}

// filterSetCookies drops the upstream's Set-Cookie lines under key (the
// header's, or a trailer's) whose cookie the visitor has not accepted. It
// keeps the accepted lines byte for byte.
func (h *Handler) filterSetCookies(header http.Header, key string, accepted catMask) {
	lines, ok := header[key]
	if !ok {
		return
	}
	kept := h.keptSetCookies(lines[:0], lines, accepted)
	if len(kept) == 0 {
		delete(header, key)
		return
	}
	header[key] = kept
}

// keptSetCookies counts each Set-Cookie line and appends to dst those
// whose cookie the visitor accepted.
func (h *Handler) keptSetCookies(dst, lines []string, accepted catMask) []string {
	for _, line := range lines {
		name := setCookieName(line)
		cat, vendor, _ := h.rules.CookieCategory(name)
		allowed := h.allows(accepted, cat)
		counts.countCookie(name, string(cat), vendor, !allowed)
		if allowed {
			dst = append(dst, line)
		}
	}
	return dst
}

// setCookieName returns the cookie name of a Set-Cookie line the way a
// browser reads it (RFC 6265bis section 5.7): the text before the first '='
// of the first ';'-separated part, trimmed. A part with no '=' is a cookie
// with an empty name whose value the browser then sends alone ("Cookie:
// _gid"), where the site's code and our request filter read it as the
// name: so it is named by that value.
func setCookieName(line string) string {
	pair, _, _ := strings.Cut(line, ";")
	name, _, _ := strings.Cut(pair, "=")
	return strings.TrimSpace(name)
}

// expireCookies adds Set-Cookie lines that delete each named cookie. A
// browser deletes a cookie only when name, domain and path all match, and a
// legacy site may have set it host-only, on its registrable domain (as
// analytics scripts do), or on the default path of the page; so each name is
// expired in each of those variants.
func expireCookies(header http.Header, names []string, r *http.Request, cookieDomain string) {
	if len(names) == 0 {
		return
	}
	host := requestHost(r)
	var domains []string
	if host != "" && net.ParseIP(host) == nil {
		domains = append(domains, host)
		if site, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil && site != host {
			domains = append(domains, site)
		}
		if d := domainFor(host, cookieDomain); d != "" && !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	paths := []string{"/"}
	if dir := path.Dir(r.URL.Path); dir != "/" && dir != "." {
		paths = append(paths, dir)
	}
	secure := r.TLS != nil
	for _, name := range names {
		if strings.HasPrefix(name, "__Host-") {
			// RFC 6265bis: a __Host- cookie has Path=/, no Domain and Secure.
			header.Add("Set-Cookie", expiry(name, "/", "", true))
			continue
		}
		sec := secure || strings.HasPrefix(name, "__Secure-")
		for _, p := range paths {
			header.Add("Set-Cookie", expiry(name, p, "", sec))
			for _, d := range domains {
				header.Add("Set-Cookie", expiry(name, p, d, sec))
			}
		}
	}
}

func expiry(name, path, domain string, secure bool) string {
	c := http.Cookie{Name: name, Path: path, Domain: domain, MaxAge: -1, Expires: time.Unix(1, 0), Secure: secure}
	return c.String()
}

// domainFor returns cookieDomain when host is it or below it, else "": a
// browser refuses a cookie whose Domain does not domain-match the host
// (RFC 6265 section 5.3 step 6).
func domainFor(host, cookieDomain string) string {
	if cookieDomain != "" && (host == cookieDomain || strings.HasSuffix(host, "."+cookieDomain)) {
		return cookieDomain
	}
	return ""
}

// checkCookieDomain vets the cookie_domain option.
func checkCookieDomain(domain, cookieName string) error {
	if domain == "" {
		return nil
	}
	if domain != strings.ToLower(domain) || strings.Trim(domain, ".") != domain || strings.ContainsAny(domain, "/:@ \t") {
		return fmt.Errorf("cookie_domain %q: give a lower-case domain name such as example.com, without scheme, port or dots around it", domain)
	}
	if suffix, _ := publicsuffix.PublicSuffix(domain); suffix == domain {
		return fmt.Errorf("cookie_domain %q is a public suffix, on which browsers refuse cookies: give your registrable domain, such as example.%s", domain, domain)
	}
	if strings.HasPrefix(cookieName, "__Host-") {
		return fmt.Errorf("cookie_domain %q: a __Host- cookie_name cannot have a domain; choose another cookie_name or drop cookie_domain", domain)
	}
	return nil
}

// requestHost is the request's host without port, lower-cased.
func requestHost(r *http.Request) string {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(strings.Trim(host, "[]"))
}

// validCookieName reports whether name is an RFC 6265 token.
func validCookieName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}
