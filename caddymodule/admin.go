package caddymodule

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/caddyserver/caddy/v2"
)

func init() {
	caddy.RegisterModule(AdminInventory{})
}

// AdminInventory serves, on Caddy's admin API, the cookie names the
// upstreams set and the tracker hosts their pages referenced, with the
// category we gave each and how often, so that an ops team can write its
// cookie policy from real traffic and spot unclassified names:
//
//	GET /cookie-consent/inventory
//
// Admin modules live as long as the admin server, not a config: the data is
// the process-wide inventory.
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
	return []caddy.AdminRoute{{Pattern: "/cookie-consent/inventory", Handler: caddy.AdminHandlerFunc(serveInventory)}}
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
	Category    string `json:"category"`
	Referenced  uint64 `json:"referenced"`
	Neutralised uint64 `json:"neutralised"`
}

func serveInventory(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet {
		return caddy.APIError{HTTPStatus: http.StatusMethodNotAllowed}
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
			Referenced: e.seen.Load(), Neutralised: e.heldBack.Load()})
	})
	slices.SortFunc(out.Cookies, func(a, b cookieJSON) int { return cmp.Or(cmp.Compare(b.Set, a.Set), cmp.Compare(a.Name, b.Name)) })
	slices.SortFunc(out.Trackers, func(a, b trackerJSON) int {
		return cmp.Or(cmp.Compare(b.Referenced, a.Referenced), cmp.Compare(a.Host, b.Host))
	})
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(out)
}

// Interface guard
var _ caddy.AdminRouter = AdminInventory{}
