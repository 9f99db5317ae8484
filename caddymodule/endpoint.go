package caddymodule

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.uber.org/zap"
)

// maxFormBytes bounds a decision post: a few category names fit in far less.
const maxFormBytes = 4096

// isEndpointPath reports whether p is the endpoint base path or below it.
func isEndpointPath(p, base string) bool {
	return strings.HasPrefix(p, base) && (len(p) == len(base) || p[len(base)] == '/')
}

// serveEndpoint answers the consent endpoint: GET for the state, POST for a
// decision.
func (h *Handler) serveEndpoint(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Path != h.Endpoint {
		return h.serveAsset(w, r, r.URL.Path[len(h.Endpoint)+1:])
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return h.serveState(w, r, h.readConsent(r))
	case http.MethodPost:
		return h.serveDecision(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		return h.refuse(w, http.StatusMethodNotAllowed, "use GET for the state, POST for a decision")
	}
}

// refuse answers a request the endpoint will not take with its status and
// a one-line reason a person can act on, and logs the reason at debug
// level (nothing about the visitor).
func (h *Handler) refuse(w http.ResponseWriter, status int, reason string) error {
	h.logger.Debug("consent endpoint refused a request", zap.Int("status", status), zap.String("reason", reason))
	header := w.Header()
	header.Set("Content-Type", "text/plain; charset=utf-8")
	header.Set("Cache-Control", "no-store")
	header.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, err := io.WriteString(w, reason+"\n")
	return err
}

// stateJSON is the endpoint's answer, per DESIGN.md.
type stateJSON struct {
	Decided       bool     `json:"decided"`
	GPC           bool     `json:"gpc"`
	Categories    []string `json:"categories"`
	PolicyVersion string   `json:"policy_version"`
}

func (h *Handler) serveState(w http.ResponseWriter, r *http.Request, st consentState) error {
	body, err := json.Marshal(stateJSON{
		Decided:       st.Decided,
		GPC:           st.GPC,
		Categories:    h.acceptedNames(st.Accepted),
		PolicyVersion: h.PolicyVersion,
	})
	if err != nil {
		return err
	}
	header := w.Header()
	header.Set("Content-Type", "application/json")
	header.Set("Cache-Control", "no-store")
	h.addVary(header)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, err = w.Write(body)
	}
	return err
}

func (h *Handler) acceptedNames(m catMask) []string {
	names := make([]string, 0, len(h.categoryNames))
	for i, n := range h.categoryNames {
		if m.has(i) {
			names = append(names, n)
		}
	}
	return names
}

// errCrossSite refuses a decision posted from another site: nobody can
// consent on a visitor's behalf.
var errCrossSite = errors.New("cross-site consent post refused")

// serveDecision stores a decision in the consent cookie.
func (h *Handler) serveDecision(w http.ResponseWriter, r *http.Request) error {
	if !sameOrigin(r) {
		return h.refuse(w, http.StatusForbidden, errCrossSite.Error())
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		return h.refuse(w, http.StatusUnsupportedMediaType, "a decision must be posted form-encoded (application/x-www-form-urlencoded)")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return h.refuse(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a decision must fit in %d bytes", maxFormBytes))
		}
		return h.refuse(w, http.StatusBadRequest, "the form could not be read")
	}
	accepted, how, err := h.parseDecision(r.PostForm)
	if err != nil {
		return h.refuse(w, http.StatusBadRequest, err.Error())
	}
	before := h.readConsent(r)
	final := decisionOf(how, before, accepted)
	counts.decisions[final].Add(1)
	daily.count(time.Now(), final)
	// One consent id for a visitor's whole history, so that every record
	// of it can be found and a change linked to what it changes.
	id := before.ID
	if id == "" {
		id = newConsentID()
	}
	st := consentState{Decided: true, Accepted: accepted, Time: time.Now(), ID: id}
	value, err := h.codec.encode(h.PolicyVersion, st, h.categoryNames)
	if err != nil {
		return err
	}
	header := w.Header()
	refusal := accepted == 1
	cookie := consentCookie(h.CookieName, value, h.lifetime(refusal), r.TLS != nil)
	cookie.Domain = domainFor(requestHost(r), h.CookieDomain)
	http.SetCookie(w, cookie)
	// Withdrawal: the cookies of categories no longer accepted go now.
	expireCookies(header, h.trimRequestCookies(r, accepted), r, h.CookieDomain)
	h.recordConsent(r, st, before, how, final)
	if wantsJSON(r) {
		return h.serveState(w, r, st)
	}
	header.Set("Cache-Control", "no-store")
	http.Redirect(w, r, returnPath(r.PostForm.Get("return")), http.StatusSeeOther)
	return nil
}

// recordConsent writes the proof-of-consent record of a decision: who (the
// random consent id, nothing else about the visitor), when, under which
// policy and banner language and words, what was granted and refused, and how; a
// change of mind also carries what it changed (previous), so that a
// withdrawal is its own record, linked by the id to the consent it takes
// back.
func (h *Handler) recordConsent(r *http.Request, st, before consentState, how, final decision) {
	refused := h.allMask &^ st.Accepted
	lang := h.banner.Negotiate(r.Header.Get("Accept-Language"))
	fields := []zap.Field{
		zap.String("consent_id", st.ID),
		zap.String("time", st.Time.UTC().Format(time.RFC3339)),
		zap.String("policy_version", h.PolicyVersion),
		zap.String("lang", lang),
		zap.String("text_version", h.banner.TextVersion(lang)),
		zap.Strings("categories", h.acceptedNames(st.Accepted)),
		zap.Strings("refused", h.acceptedNames(refused)),
		zap.String("how", recordHows[final]),
	}
	if final == decisionWithdrawn {
		fields = append(fields, zap.String("button", recordHows[how]))
	}
	if before.Decided && !before.GPC {
		fields = append(fields,
			zap.Strings("previous", h.acceptedNames(before.Accepted)),
			zap.String("previous_time", before.Time.UTC().Format(time.RFC3339)))
	}
	h.consentLog.Info("consent", fields...)
}

// recordHows name each decision in the records (DESIGN.md's words).
var recordHows = [numDecisions]string{"accept_all", "reject_all", "custom", "withdrawal"}

// parseDecision reads consent=all|none|custom (+ category=NAME...).
func (h *Handler) parseDecision(form url.Values) (catMask, decision, error) {
	switch form.Get("consent") {
	case "all":
		return h.allMask, decisionAcceptAll, nil
	case "none":
		return 1, decisionRejectAll, nil
	case "custom":
		m := catMask(1)
		for _, name := range form["category"] {
			i := h.categoryIndex(name)
			if i < 0 {
				return 0, 0, fmt.Errorf("unknown category %q: the categories are %s", name, strings.Join(h.categoryNames, ", "))
			}
			m |= 1 << uint(i)
		}
		return m, decisionCustom, nil
	case "":
		return 0, 0, errors.New("missing consent field: post consent=all, none or custom")
	default:
		return 0, 0, errors.New("consent must be all, none or custom")
	}
}

// sameOrigin refuses what a browser marks as cross-site: Sec-Fetch-Site
// other than same-origin, or an Origin whose host is not this one (RFC 6454).
// Clients that send neither (old browsers, curl) are let through: without
// cookies of the victim's session, they can only decide for themselves.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// wantsJSON reports whether the client asked for JSON rather than a redirect.
func wantsJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(mt), "application/json") {
			return true
		}
	}
	return false
}

// returnPath keeps a redirect on this site: only a relative path that
// starts with a single "/" is followed; anything else goes to "/".
func returnPath(p string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n\t\\") {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return p
}
