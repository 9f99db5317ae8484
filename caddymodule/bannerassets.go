package caddymodule

import (
	"fmt"
	"net/http"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
)

// newBanner prepares the banner for the configured categories and rules.
func (h *Handler) newBanner() error {
	cats := make([]banner.Category, len(h.categoryNames))
	for i, name := range h.categoryNames {
		cats[i] = banner.Category{Name: name, Required: i == 0}
	}
	cookieGlobs, scriptGlobs := h.guardRules()
	var theme banner.Theme
	if h.Theme != nil {
		theme = *h.Theme
	}
	b, err := banner.New(banner.Config{
		Endpoint:            h.Endpoint,
		PolicyURL:           h.PolicyURL,
		Categories:          cats,
		TemplateDir:         h.TemplateDir,
		CookieRules:         cookieGlobs,
		ScriptRules:         scriptGlobs,
		BlockUnknownCookies: h.UnknownCookies == "block",
		// One cacheable file rather than the whole rule table inlined in every page.
		GuardExternal: true,
		Texts:         h.Texts,
		Lang:          h.Lang,
		Theme:         theme,
	})
	if err != nil {
		return err // names the option: template, text or lang
	}
	h.banner = b
	return nil
}

// guardRules lists, per category, the cookie and script globs of the site's
// rules and the built-in table, for the in-page guard.
func (h *Handler) guardRules() (cookies, scripts map[string][]string) {
	cookies = map[string][]string{"necessary": append([]string{h.CookieName}, h.Essential...)}
	scripts = map[string][]string{}
	add := func(cat string, cookieGlobs, scriptGlobs []string) {
		cookies[cat] = append(cookies[cat], cookieGlobs...)
		if len(scriptGlobs) > 0 {
			scripts[cat] = append(scripts[cat], scriptGlobs...)
		}
	}
	for _, c := range h.Categories {
		add(c.Name, c.Cookies, c.Scripts)
	}
	for _, v := range rules.Builtin {
		add(string(v.Category), v.Cookies, v.Hosts)
	}
	return cookies, scripts
}

// serveAsset answers the banner's script and style. Their names carry a
// hash of their content, so they may be cached for a year.
func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request, name string) error {
	asset, ok := h.banner.Asset(name)
	if !ok {
		return caddyhttp.Error(http.StatusNotFound, nil)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return caddyhttp.Error(http.StatusMethodNotAllowed, nil)
	}
	header := w.Header()
	header.Set("Content-Type", asset.ContentType)
	header.Set("Cache-Control", "public, max-age=31536000, immutable")
	header.Set("ETag", asset.ETag)
	header.Set("X-Content-Type-Options", "nosniff")
	if r.Header.Get("If-None-Match") == asset.ETag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	header.Set("Content-Length", fmt.Sprint(len(asset.Body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, err := w.Write(asset.Body)
		return err
	}
	return nil
}
