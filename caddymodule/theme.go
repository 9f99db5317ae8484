package caddymodule

import (
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
)

// parseTheme reads `theme { position ...; manage ...; accent ...; ... }`.
// Provisioning checks the values again, for JSON configs.
func parseTheme(d *caddyfile.Dispenser) (*banner.Theme, error) {
	if d.NextArg() {
		return nil, d.Errf("theme: expected a block, such as theme { position box-left }")
	}
	t := new(banner.Theme)
	fields := map[string]*string{
		"position": &t.Position, "manage": &t.Manage, "accent": &t.Accent,
		"background": &t.Background, "text": &t.Text, "font": &t.Font, "radius": &t.Radius,
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		option := d.Val()
		dst, ok := fields[option]
		if !ok {
			return nil, d.Errf("theme: unknown option %q (expected position, manage, accent, background, text, font or radius)", option)
		}
		args := d.RemainingArgs()
		if len(args) != 1 {
			// A bare #0b3a6f is a Caddyfile comment.
			return nil, d.Errf(`theme %s: expected one value (quote a colour: "#0b3a6f")`, option)
		}
		*dst = args[0]
	}
	if err := t.Validate(); err != nil {
		return nil, d.Err(err.Error())
	}
	return t, nil
}
