package caddymodule

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sync"

	"github.com/caddyserver/caddy/v2"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
)

func init() {
	caddy.RegisterModule(AdminInventory{})
}

// AdminInventory serves, on Caddy's admin API, the cookie names the
// upstreams set and the tracker hosts their pages referenced, with the
// category we gave each and how often, so that an ops team can write its
// cookie policy from real traffic and spot unclassified names; and the
// rules in force, so that it can see why a name got its category:
//
//	GET    /cookie-consent/inventory   what was seen
//	DELETE /cookie-consent/inventory   forget it, to survey anew
//	GET    /cookie-consent/rules       the effective rules, by source
//	GET    /cookie-consent/rates       decisions by UTC day, and accept rates
//
// Admin modules live as long as the admin server, not a config: the data is
// the process-wide inventory, and the rules of the handlers provisioned now.
type AdminInventory struct{}

// CaddyModule returns the Caddy module information.
func (AdminInventory) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "admin.api.cookie_consent",
		New: func() caddy.Module { return new(AdminInventory) },
	}
}

// Routes returns the admin routes.
func (AdminInventory) Routes() []caddy.AdminRoute {
	return []caddy.AdminRoute{
		{Pattern: "/cookie-consent/inventory", Handler: caddy.AdminHandlerFunc(serveInventory)},
		{Pattern: "/cookie-consent/rules", Handler: caddy.AdminHandlerFunc(serveRules)},
		{Pattern: "/cookie-consent/rates", Handler: caddy.AdminHandlerFunc(serveRates)},
	}
}

type inventoryJSON struct {
	Cookies  []cookieJSON  `json:"cookies"`
	Trackers []trackerJSON `json:"trackers"`
	// Limit is the most names each list holds; Overflow counts sightings
	// of names that came after it was full.
	Limit    int            `json:"limit"`
	Overflow map[string]any `json:"overflow"`
}

type cookieJSON struct {
	Name       string `json:"name"`
	Category   string `json:"category"`
	Vendor     string `json:"vendor,omitempty"`
	Classified bool   `json:"classified"` // false: no rule names it; unknown_cookies decided
	Set        uint64 `json:"set"`
	Dropped    uint64 `json:"dropped"`
}

type trackerJSON struct {
	Host        string `json:"host"` // or "inline:VENDOR" for inline snippets
	Vendor      string `json:"vendor"`
	Category    string `json:"category"` // "unclassified" where no rule knows the host
	Classified  bool   `json:"classified"`
	Referenced  uint64 `json:"referenced"`
	Neutralised uint64 `json:"neutralised"`
}

func serveInventory(w http.ResponseWriter, r *http.Request) error {
	switch r.Method {
	case http.MethodGet:
	case http.MethodDelete:
		counts.cookies.reset()
		counts.trackers.reset()
		w.WriteHeader(http.StatusNoContent)
		return nil
	default:
		return caddy.APIError{HTTPStatus: http.StatusMethodNotAllowed, Err: errors.New("use GET, or DELETE to reset")}
	}
	out := inventoryJSON{Cookies: []cookieJSON{}, Trackers: []trackerJSON{}, Limit: maxInventory, Overflow: map[string]any{
		"cookies":  counts.cookies.overflow.Load(),
		"trackers": counts.trackers.overflow.Load(),
	}}
	counts.cookies.each(func(name string, e *inventoryEntry) {
		out.Cookies = append(out.Cookies, cookieJSON{Name: name, Category: e.Category, Vendor: e.Vendor,
			Classified: e.Vendor != "", Set: e.seen.Load(), Dropped: e.heldBack.Load()})
	})
	counts.trackers.each(func(host string, e *inventoryEntry) {
		out.Trackers = append(out.Trackers, trackerJSON{Host: host, Vendor: e.Vendor, Category: e.Category,
			Classified: e.Category != string(rules.Unclassified),
			Referenced: e.seen.Load(), Neutralised: e.heldBack.Load()})
	})
	slices.SortFunc(out.Cookies, func(a, b cookieJSON) int { return cmp.Or(cmp.Compare(b.Set, a.Set), cmp.Compare(a.Name, b.Name)) })
	slices.SortFunc(out.Trackers, func(a, b trackerJSON) int {
		return cmp.Or(cmp.Compare(b.Referenced, a.Referenced), cmp.Compare(a.Host, b.Host))
	})
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(out)
}

// rulesJSON is the answer of GET /cookie-consent/rules: the rules of each
// cookie_consent handler in the running config, then the built-in table
// they all share (the lowest tier, see "How a cookie is classified").
type rulesJSON struct {
	Handlers []handlerRulesJSON `json:"handlers"`
	Builtin  []ruleJSON         `json:"builtin"`
}

type handlerRulesJSON struct {
	Endpoint       string     `json:"endpoint"`
	CookieName     string     `json:"cookie_name"`
	PolicyVersion  string     `json:"policy_version"`
	Categories     []string   `json:"categories"`
	UnknownCookies string     `json:"unknown_cookies"`
	Rules          []ruleJSON `json:"rules"` // the config's own, highest tier first
}

// ruleJSON is one row of rules, and where it came from: "essential" (the
// option, and the consent cookie), "config" (a category block), or
// "builtin".
type ruleJSON struct {
	Source     string   `json:"source"`
	Vendor     string   `json:"vendor,omitempty"`
	Category   string   `json:"category"`
	Cookies    []string `json:"cookies,omitempty"`
	Hosts      []string `json:"hosts,omitempty"`
	Signatures []string `json:"signatures,omitempty"`
}

// liveHandlers are the provisioned handlers, for the rules route.
var liveHandlers sync.Map // *Handler -> struct{}

func serveRules(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet {
		return caddy.APIError{HTTPStatus: http.StatusMethodNotAllowed, Err: errors.New("use GET")}
	}
	out := rulesJSON{Handlers: []handlerRulesJSON{}, Builtin: make([]ruleJSON, 0, len(rules.Builtin))}
	liveHandlers.Range(func(k, _ any) bool {
		out.Handlers = append(out.Handlers, k.(*Handler).rulesJSON())
		return true
	})
	slices.SortFunc(out.Handlers, func(a, b handlerRulesJSON) int { return cmp.Compare(a.Endpoint, b.Endpoint) })
	for _, v := range rules.Builtin {
		out.Builtin = append(out.Builtin, ruleJSON{Source: "builtin", Vendor: v.Name, Category: string(v.Category),
			Cookies: v.Cookies, Hosts: v.Hosts, Signatures: v.Signatures})
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(out)
}

func (h *Handler) rulesJSON() handlerRulesJSON {
	out := handlerRulesJSON{Endpoint: h.Endpoint, CookieName: h.CookieName, PolicyVersion: h.PolicyVersion,
		Categories: h.categoryNames, UnknownCookies: h.UnknownCookies,
		Rules: []ruleJSON{{Source: "essential", Category: string(rules.Necessary), Cookies: append([]string{h.CookieName}, h.Essential...)}}}
	for _, c := range h.Categories {
		out.Rules = append(out.Rules, ruleJSON{Source: "config", Vendor: rules.SiteVendor, Category: c.Name, Cookies: c.Cookies, Hosts: c.Scripts})
	}
	return out
}

// Interface guard
var _ caddy.AdminRouter = AdminInventory{}
