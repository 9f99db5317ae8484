package caddymodule

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
)

// applyCSP lets our injected script and style run under the upstream's
// Content-Security-Policy, and returns the nonce to put on them ("" when
// none is needed). A policy that already has a nonce for scripts lends it
// to us (CookieConsent #166, Klaro #178). A policy that allows inline code
// with 'unsafe-inline' and no nonce or hash needs nothing: adding a nonce
// there would switch 'unsafe-inline' off and break the site's own scripts
// (CSP Level 2, section 7.15). Any other policy gets a fresh nonce of ours
// added to its script-src and style-src; the site's inline code was already
// blocked by it, so nothing of the site changes.
func applyCSP(header http.Header) string {
	policies := header["Content-Security-Policy"]
	if len(policies) == 0 {
		return ""
	}
	for _, p := range policies {
		if n := policyNonce(p); n != "" {
			return n
		}
	}
	var ours string
	for i, p := range policies {
		edited := p
		for _, name := range []string{"script-src", "style-src"} {
			src, found := effectiveDirective(edited, name)
			if !found || allowsInline(src) {
				continue
			}
			if ours == "" {
				ours = newNonce()
			}
			edited = addSource(edited, name, src, "'nonce-"+ours+"'")
		}
		policies[i] = edited
	}
	return ours
}

// directives splits a serialized policy into its directives (W3C CSP3, 2.2.1).
func directives(policy string) []string {
	return strings.Split(policy, ";")
}

// effectiveDirective returns the sources of a fetch directive, falling back
// to default-src as CSP does; found is false when neither is present.
func effectiveDirective(policy, name string) (string, bool) {
	var fallback string
	var haveFallback bool
	for _, d := range directives(policy) {
		d = strings.TrimSpace(d)
		dname, value, _ := strings.Cut(d, " ")
		switch strings.ToLower(dname) {
		case name:
			return value, true
		case "default-src":
			fallback, haveFallback = value, true
		}
	}
	return fallback, haveFallback
}

// allowsInline reports whether sources allow any inline code: 'unsafe-inline'
// with no nonce or hash beside it.
func allowsInline(sources string) bool {
	lower := strings.ToLower(sources)
	return strings.Contains(lower, "'unsafe-inline'") && !strings.Contains(lower, "'nonce-") && !strings.Contains(lower, "'sha")
}

// policyNonce returns the nonce of the script sources of a policy, if any.
func policyNonce(policy string) string {
	src, _ := effectiveDirective(policy, "script-src")
	for _, s := range strings.Fields(src) {
		if len(s) > len("'nonce-'") && strings.HasPrefix(strings.ToLower(s), "'nonce-") && strings.HasSuffix(s, "'") {
			return s[len("'nonce-") : len(s)-1]
		}
	}
	return ""
}

// addSource adds a source to directive name, creating it from the fallback
// sources when the policy only has default-src.
func addSource(policy, name, current, source string) string {
	parts := directives(policy)
	for i, d := range parts {
		dname, _, _ := strings.Cut(strings.TrimSpace(d), " ")
		if strings.EqualFold(dname, name) {
			parts[i] = strings.TrimRight(d, " ") + " " + source
			return strings.Join(parts, ";")
		}
	}
	if strings.Contains(current, "'none'") {
		current = ""
	}
	return strings.TrimRight(policy, "; ") + "; " + strings.TrimSpace(name+" "+current+" "+source)
}

func newNonce() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
