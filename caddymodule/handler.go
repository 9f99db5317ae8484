// Package caddymodule is the Caddy HTTP handler `cookie_consent`: it keeps
// non-essential cookies and trackers of a site it proxies away from visitors
// until they agree, and serves the consent endpoint.
package caddymodule

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"go.uber.org/zap"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
)

func init() {
	caddy.RegisterModule(Handler{})
}

// Defaults, per DESIGN.md.
const (
	defaultCookieName    = "cookie_consent"
	defaultMaxAge        = 182 * 24 * time.Hour
	defaultPolicyVersion = "1"
)

// Lower bounds of the durations: a shorter consent is no decision a
// visitor could rely on, and a shorter summary period keeps a CPU busy
// for nothing.
const (
	minConsentAge    = time.Hour
	minStatsInterval = time.Second
)

// Handler enforces cookie consent in front of a site that cannot be changed:
// it drops the Set-Cookie headers of categories the visitor has not
// accepted, removes such cookies from requests, and serves the consent
// endpoint where the visitor decides.
type Handler struct {
	// Keys that sign the consent cookie, at least 32 bytes each, in hex or
	// base64; usually a placeholder such as `{env.COOKIE_CONSENT_SECRET}`,
	// resolved at start-up so the key never shows in the config. The first
	// key signs; all verify, so a key can be rotated without asking every
	// visitor again. `caddy cookie-consent-key` prints a fresh one.
	Secrets []string `json:"secrets,omitempty"`

	// The version of the cookie policy. A decision made under another
	// version counts as no decision, so changing it asks everybody again.
	// Letters, digits and `._:-`, at most 64. Default: `1`.
	PolicyVersion string `json:"policy_version,omitempty"`

	// Where the cookie policy is published; linked from the banner.
	PolicyURL string `json:"policy_url,omitempty"`

	// Name of the consent cookie. Default: `cookie_consent`.
	CookieName string `json:"cookie_name,omitempty"`

	// Base path of the consent endpoint (decisions, state, banner assets).
	// Default: `/.well-known/cookie-consent`.
	Endpoint string `json:"endpoint,omitempty"`

	// How long an acceptance (of at least one optional category) lasts.
	// Default: 182 days.
	MaxAge caddy.Duration `json:"max_age,omitempty"`

	// How long a refusal of every optional category lasts. Default: MaxAge
	// (a refusal is remembered as long as an acceptance, as CNIL asks).
	RejectMaxAge caddy.Duration `json:"reject_max_age,omitempty"`

	// More cookie names (globs, `*` for any run of characters) that are
	// always allowed, on top of the built-in list of framework session and
	// CSRF cookies.
	Essential []string `json:"essential,omitempty"`

	// Categories to extend or define: their cookie name globs and the
	// script, image and iframe hosts (or host/path globs, or first-party
	// `/path*`) that belong to them. Checked before the built-in rules.
	Categories []CategoryRules `json:"categories,omitempty"`

	// What to do with a cookie no rule names: `necessary` lets it pass (the
	// default, so a legacy site keeps working on day one), `block` holds it
	// back until the visitor accepts every category.
	UnknownCookies string `json:"unknown_cookies,omitempty"`

	// What to do with a third-party host that no rule classifies, when a
	// page's element would fetch from it (script, frame, image, media,
	// hint...): `allow` lets it load (the default), `block` holds it back
	// until the visitor accepts every category. Either way it is listed in
	// the inventory with "classified": false.
	UnknownHosts string `json:"unknown_hosts,omitempty"`

	// Whether `Sec-GPC: 1` with no decision yet counts as a refusal of
	// every optional category. Default: true.
	GPC *bool `json:"gpc,omitempty"`

	// A folder with the site's own banner templates (head.html, body.html)
	// and style (banner.css); each file present replaces the built-in one.
	TemplateDir string `json:"template_dir,omitempty"`

	// The domain the consent cookie is set on (and refused cookies are
	// expired on), such as `example.com`, so that `www.` and `shop.` share
	// one decision. It must be the registrable domain or a parent the site
	// controls, not a public suffix; on a request for a host outside it,
	// the cookie stays host-only. Default: host-only.
	CookieDomain string `json:"cookie_domain,omitempty"`

	// The site's own banner words, by language code (2 or 3 lower-case
	// letters): keys as in the Caddyfile's text block (title, intro,
	// accept_all, reject_all, customize, categories, always_on, save,
	// manage, policy, gpc) and category labels and descriptions. They
	// replace the built-in words of a language one by one; a language that
	// is not built in is added, and must then have every key.
	Texts map[string]banner.Text `json:"texts,omitempty"`

	// The one language of the banner, whatever the visitor's
	// Accept-Language. Default: negotiated.
	Lang string `json:"lang,omitempty"`

	// The optional categories the banner asks about. A category left out
	// can never be accepted: its cookies and trackers stay held back.
	// Default: all of them.
	Offer []string `json:"offer,omitempty"`

	// The banner's look: position, manage control, colours, font, radius.
	Theme *banner.Theme `json:"theme,omitempty"`

	// Period of the summary log line with the counts since the last one.
	// Default: 1 minute.
	StatsInterval caddy.Duration `json:"stats_interval,omitempty"`

	// `enforce` (the default) applies consent. `report` changes nothing in
	// responses or requests (no cookie dropped, no element held back, no
	// banner) but counts, logs and inventories what `enforce` would have
	// done, so that a site can be surveyed before it is switched on.
	Mode string `json:"mode,omitempty"`

	rules         *rules.Set
	categoryNames []string // index = bit in catMask; 0 is necessary
	allMask       catMask
	codec         consentCodec
	logger        *zap.Logger
	consentLog    *zap.Logger
	banner        *banner.Banner
	configSum     uint32 // see configTag
	stopSummary   chan struct{}
}

// CategoryRules extends or defines one consent category.
type CategoryRules struct {
	// Category name: lower-case letters, digits, `_` and `-`.
	Name string `json:"name"`
	// Cookie name globs of this category.
	Cookies []string `json:"cookies,omitempty"`
	// Host or host/path globs of scripts, images and iframes of this
	// category, or first-party paths such as `/matomo/*`.
	Scripts []string `json:"scripts,omitempty"`
}

// CaddyModule returns the Caddy module information.
func (Handler) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.cookie_consent",
		New: func() caddy.Module { return new(Handler) },
	}
}

var (
	policyVersionPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)
)

// maxCategories is the number of bits in catMask.
const maxCategories = 64

// Provision resolves the keys and compiles the rules.
func (h *Handler) Provision(ctx caddy.Context) error {
	if err := h.provision(ctx.Logger()); err != nil {
		return err
	}
	if err := registerMetrics(ctx.GetMetricsRegistry()); err != nil {
		return fmt.Errorf("metrics: %v", err)
	}
	h.stopSummary = make(chan struct{})
	startSummary(h.logger.Named("stats"), time.Duration(h.StatsInterval), h.stopSummary)
	liveHandlers.Store(h, struct{}{})
	return nil
}

// Cleanup stops the summary log line of this handler, and takes its rules
// off the admin API.
func (h *Handler) Cleanup() error {
	if h.stopSummary != nil {
		close(h.stopSummary)
	}
	liveHandlers.Delete(h)
	return nil
}

// provision is Provision without a Caddy context, for unit tests.
func (h *Handler) provision(logger *zap.Logger) error {
	h.logger = logger
	h.consentLog = logger.Named("consent")
	h.setDefaults()
	if err := h.validateOptions(); err != nil {
		return err
	}
	secrets, skipped, err := resolveSecrets(h.Secrets)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		logger.Warn("secret: an older key is empty and was skipped; the first key signs and still verifies", zap.String("key", s))
	}
	if strings.HasPrefix(h.CookieName, "__Host-") || strings.HasPrefix(h.CookieName, "__Secure-") {
		logger.Warn("cookie_name: browsers store a __Host- or __Secure- cookie only over HTTPS; visitors on plain HTTP will be asked on every page",
			zap.String("cookie_name", h.CookieName))
	}
	if err := h.compileRules(); err != nil {
		return err
	}
	h.codec = newConsentCodec(h.CookieName, secrets, max(time.Duration(h.MaxAge), time.Duration(h.RejectMaxAge)))
	if err := h.newBanner(); err != nil {
		return err
	}
	h.configSum = h.configTag()
	return nil
}

func (h *Handler) setDefaults() {
	if h.CookieName == "" {
		h.CookieName = defaultCookieName
	}
	if h.Endpoint == "" {
		h.Endpoint = banner.DefaultEndpoint
	}
	h.Endpoint = strings.TrimSuffix(h.Endpoint, "/")
	if h.PolicyVersion == "" {
		h.PolicyVersion = defaultPolicyVersion
	}
	if h.MaxAge == 0 {
		h.MaxAge = caddy.Duration(defaultMaxAge)
	}
	if h.RejectMaxAge == 0 {
		h.RejectMaxAge = h.MaxAge
	}
	if h.StatsInterval == 0 {
		h.StatsInterval = caddy.Duration(time.Minute)
	}
	if h.UnknownCookies == "" {
		h.UnknownCookies = "necessary"
	}
	if h.Mode == "" {
		h.Mode = modeEnforce
	}
	if h.UnknownHosts == "" {
		h.UnknownHosts = "allow"
	}
}

// The modes of the mode option.
const (
	modeEnforce = "enforce"
	modeReport  = "report"
)

func (h *Handler) validateOptions() error {
	if !policyVersionPattern.MatchString(h.PolicyVersion) {
		return fmt.Errorf("policy_version %q: use 1 to 64 letters, digits or ._:-", h.PolicyVersion)
	}
	if !validCookieName(h.CookieName) {
		return fmt.Errorf("cookie_name %q is not a valid cookie name", h.CookieName)
	}
	if !strings.HasPrefix(h.Endpoint, "/") || strings.ContainsAny(h.Endpoint, "?#* \t") || h.Endpoint == "/" || strings.Contains(h.Endpoint, "//") {
		return fmt.Errorf("endpoint %q: must be an absolute path below the root, such as %s", h.Endpoint, banner.DefaultEndpoint)
	}
	if h.PolicyURL != "" && strings.ContainsAny(h.PolicyURL, "\"<>\r\n") {
		return fmt.Errorf("policy_url %q contains characters that do not belong in a URL", h.PolicyURL)
	}
	for _, d := range []struct {
		option string
		value  caddy.Duration
		min    time.Duration
	}{
		{"max_age", h.MaxAge, minConsentAge},
		{"reject_max_age", h.RejectMaxAge, minConsentAge},
		{"stats_interval", h.StatsInterval, minStatsInterval},
	} {
		if time.Duration(d.value) < d.min {
			return fmt.Errorf("%s %v: must be at least %v", d.option, time.Duration(d.value), d.min)
		}
	}
	if h.UnknownCookies != "necessary" && h.UnknownCookies != "block" {
		return fmt.Errorf("unknown_cookies %q: use necessary or block", h.UnknownCookies)
	}
	if err := checkCookieDomain(h.CookieDomain, h.CookieName); err != nil {
		return err
	}
	if h.UnknownHosts != "allow" && h.UnknownHosts != "block" {
		return fmt.Errorf("unknown_hosts %q: use allow or block", h.UnknownHosts)
	}
	if h.Mode != modeEnforce && h.Mode != modeReport {
		return fmt.Errorf("mode %q: use enforce or report", h.Mode)
	}
	if h.Theme != nil {
		return h.Theme.Validate()
	}
	return nil
}

// resolveSecrets expands placeholders such as {env.COOKIE_CONSENT_SECRET}
// here rather than in the Caddyfile adapter, so the key never lands in the
// adapted JSON or the admin API. An older key (not the first) that expands
// to nothing is skipped, and returned in skipped, so that an unset rotation
// placeholder does not stop the site.
func resolveSecrets(raw []string) (keys [][]byte, skipped []string, err error) {
	const howTo = "generate one with `caddy cookie-consent-key` and pass it as {env.COOKIE_CONSENT_SECRET}"
	if len(raw) == 0 {
		return nil, nil, fmt.Errorf("secret: no key configured; %s", howTo)
	}
	repl := caddy.NewReplacer()
	keys = make([][]byte, 0, len(raw))
	for i, r := range raw {
		val, err := repl.ReplaceOrErr(r, true, true)
		if err != nil && i > 0 && strings.TrimSpace(repl.ReplaceAll(r, "")) == "" {
			skipped = append(skipped, r)
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("secret #%d (%s): %v; %s", i+1, r, err, howTo)
		}
		key, err := decodeSecret(val)
		if err != nil {
			shown := r
			if !strings.Contains(r, "{") {
				shown = "given literally" // never echo a literal key into logs
			}
			return nil, nil, fmt.Errorf("secret #%d (%s) %v; %s", i+1, shown, err, howTo)
		}
		keys = append(keys, key)
	}
	return keys, skipped, nil
}

func (h *Handler) compileRules() error {
	h.categoryNames = nil
	for _, c := range rules.BuiltinCategories {
		h.categoryNames = append(h.categoryNames, string(c))
	}
	site := make([]rules.Vendor, 0, len(h.Categories))
	for _, c := range h.Categories {
		if err := rules.CheckCategoryName(c.Name); err != nil {
			return err
		}
		if h.categoryIndex(c.Name) < 0 {
			h.categoryNames = append(h.categoryNames, c.Name)
		}
		site = append(site, rules.Vendor{Name: "site", Category: rules.Category(c.Name), Cookies: c.Cookies, Hosts: c.Scripts})
	}
	if err := h.offerCategories(); err != nil {
		return err
	}
	if len(h.categoryNames) > maxCategories {
		return fmt.Errorf("category: at most %d categories", maxCategories)
	}
	h.allMask = catMask(1)<<uint(len(h.categoryNames)) - 1
	set, err := rules.Compile(rules.Options{
		Essential:    append([]string{h.CookieName}, h.Essential...),
		Site:         site,
		BlockUnknown: h.UnknownCookies == "block",
	})
	if err != nil {
		return fmt.Errorf("essential or category rules: %v", err)
	}
	h.rules = set
	return nil
}

// categoryIndex returns the bit of a category name, or -1.
func (h *Handler) categoryIndex(name string) int {
	for i, n := range h.categoryNames {
		if n == name {
			return i
		}
	}
	return -1
}

// allows reports whether a cookie or element of category cat may reach a
// visitor whose accepted set is m. Unclassified things (unknown_cookies
// block) need every category.
func (h *Handler) allows(m catMask, cat rules.Category) bool {
	if cat == rules.Necessary {
		return true
	}
	if cat == rules.Unclassified {
		return m == h.allMask
	}
	i := h.categoryIndex(string(cat))
	return i >= 0 && m.has(i)
}

// gpcEnabled reports whether Sec-GPC is honoured (the default).
func (h *Handler) gpcEnabled() bool { return h.GPC == nil || *h.GPC }

// ServeHTTP enforces consent on one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	if isEndpointPath(r.URL.Path, h.Endpoint) {
		return h.serveEndpoint(w, r)
	}
	st := h.readConsent(r)
	if h.Mode == modeReport {
		return h.serveReport(w, r, next, st)
	}
	refused := h.trimRequestCookies(r, st.Accepted)
	if navigation(r) {
		// Plain bytes are cheaper to rewrite than to decode first; Caddy's
		// own proxy transport decodes gzip anyway (NOTES).
		r.Header.Set("Accept-Encoding", "identity")
	}
	lang := h.banner.Negotiate(r.Header.Get("Accept-Language"))
	var tag string // most responses never need it: computed on demand
	if _, conditional := r.Header["If-None-Match"]; conditional {
		tag = h.stateTag(st, lang)
	}
	validated := editConditionals(r, tag)
	// Range is defined for GET only (RFC 9110 §14.2); a page's slice is
	// fetched again whole, which only a GET (or HEAD) can be without
	// losing a request body.
	var before http.Header
	if _, ranged := r.Header["Range"]; ranged {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			before = w.Header().Clone()
		} else {
			r.Header.Del("Range")
			r.Header.Del("If-Range")
		}
	}
	page := pageRequest{state: st, lang: lang, tag: tag, validated: validated}
	rw := newResponseWriter(w, h, r, page, refused, before != nil)
	// Close on every path: an error, or the http.ErrAbortHandler panic of
	// a proxy whose client or upstream went away, must not leave the
	// decoder's goroutine or the pooled rewriter behind (encode does the
	// same with defer w.Close()).
	complete := false
	defer func() { rw.Close(complete) }()
	if err := next.ServeHTTP(rw, r); err != nil {
		return err // Caddy's error handling writes that response
	}
	if rw.refetch {
		// A slice of a page cannot be enforced: fetch it whole, as 200.
		header := w.Header()
		clear(header)
		maps.Copy(header, before)
		r.Header.Del("Range")
		r.Header.Del("If-Range")
		rw = newResponseWriter(w, h, r, page, refused, false)
		if err := next.ServeHTTP(rw, r); err != nil {
			return err
		}
	}
	complete = true
	return nil
}

// readConsent returns the visitor's decision: the consent cookie if it is
// valid, else Sec-GPC if honoured, else undecided.
func (h *Handler) readConsent(r *http.Request) consentState {
	// A browser may send the name twice (a stale copy on another path or
	// domain, in no order we can rely on): the newest decision that
	// verifies counts, so that an old acceptance cannot outlive a refusal.
	var newest consentState
	now := time.Now()
	for _, c := range r.CookiesNamed(h.CookieName) {
		if st, ok := h.codec.decode(c.Value, h.PolicyVersion, h.categoryNames, h.lifetime, now); ok && (!newest.Decided || st.Time.After(newest.Time)) {
			newest = st
		}
	}
	if newest.Decided {
		return newest
	}
	if h.gpcEnabled() && r.Header.Get("Sec-GPC") == "1" {
		return consentState{Decided: true, GPC: true, Accepted: 1}
	}
	return consentState{Accepted: 1}
}

// lifetime is how long a decision stays valid.
func (h *Handler) lifetime(refusal bool) time.Duration {
	if refusal {
		return time.Duration(h.RejectMaxAge)
	}
	return time.Duration(h.MaxAge)
}

// Interface guards
var (
	_ caddy.Provisioner           = (*Handler)(nil)
	_ caddy.CleanerUpper          = (*Handler)(nil)
	_ caddyhttp.MiddlewareHandler = (*Handler)(nil)
)
