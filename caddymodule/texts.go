package caddymodule

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
)

// langCodePattern is what banner accepts as a language code; checked here
// too so that a Caddyfile mistake names its line.
var langCodePattern = regexp.MustCompile(`^[a-z]{2,3}$`)

// parseText reads
//
//	text <lang> {
//	    <key> <text>                            # title, intro, accept_all, ...
//	    category <name> <label> [<description>]
//	}
func parseText(d *caddyfile.Dispenser, texts map[string]banner.Text) error {
	if !d.NextArg() {
		return d.Errf("text: expected a language code, such as fr")
	}
	code := d.Val()
	if !langCodePattern.MatchString(code) {
		return d.Errf("text %q: a language code is 2 or 3 lower-case letters, such as fr", code)
	}
	if _, dup := texts[code]; dup {
		return d.Errf("text %s: given twice; give each language once", code)
	}
	if d.NextArg() {
		return d.Errf("text %s: expected a block after the language code", code)
	}
	t := banner.Text{Category: map[string]banner.CategoryText{}}
	seen := map[string]bool{}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		key := d.Val()
		args := d.RemainingArgs()
		if key == "category" {
			if len(args) < 2 || len(args) > 3 {
				return d.Errf("text %s: category: expected a name, a label and optionally a description", code)
			}
			if err := rules.CheckCategoryName(args[0]); err != nil {
				return d.Errf("text %s: %v", code, err)
			}
			key += " " + args[0]
			ct := banner.CategoryText{Label: args[1]}
			if len(args) == 3 {
				ct.Description = args[2]
			}
			t.Category[args[0]] = ct
		} else {
			if !slices.Contains(banner.Keys(), key) {
				return d.Errf("text %s: unknown key %q (expected one of %s, or category)", code, key, strings.Join(banner.Keys(), ", "))
			}
			if len(args) != 1 {
				return d.Errf("text %s: %s: expected one text (quote it)", code, key)
			}
			t.Set(key, args[0])
		}
		if seen[key] {
			return d.Errf("text %s: %s given twice", code, key)
		}
		seen[key] = true
	}
	texts[code] = t
	return nil
}

// offerCategories keeps, of the categories the banner would ask about, the
// necessary one and those listed in Offer: a site with no marketing cookies
// need not ask about marketing. A category not offered can never be
// accepted, so its cookies and trackers stay held back.
func (h *Handler) offerCategories() error {
	if len(h.Offer) == 0 {
		return nil
	}
	for _, name := range h.Offer {
		if !slices.Contains(h.categoryNames, name) {
			return fmt.Errorf("offer %q: not a category; use some of %s", name, strings.Join(h.categoryNames[1:], ", "))
		}
	}
	h.categoryNames = slices.DeleteFunc(h.categoryNames, func(name string) bool {
		return name != string(rules.Necessary) && !slices.Contains(h.Offer, name)
	})
	return nil
}
