package caddymodule

import (
	"slices"
	"strings"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/banner"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
)

func init() {
	httpcaddyfile.RegisterHandlerDirective("cookie_consent", parseCaddyfile)
	// After encode, so we see plain bytes and encode compresses our output;
	// before the content handlers (reverse_proxy, file_server, ...).
	httpcaddyfile.RegisterDirectiveOrder("cookie_consent", httpcaddyfile.After, "encode")
}

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	cc := new(Handler)
	if err := cc.UnmarshalCaddyfile(h.Dispenser); err != nil {
		return nil, err
	}
	return cc, nil
}

// UnmarshalCaddyfile sets up the handler from Caddyfile tokens. Syntax:
//
//	cookie_consent [<matcher>] {
//	    secret         <key> [<older keys...>]
//	    policy_version <version>
//	    policy_url     <url>
//	    cookie_name    <name>
//	    cookie_domain  <domain>
//	    endpoint       <path>
//	    max_age        <duration>
//	    reject_max_age <duration>
//	    essential      <glob...>
//	    category <name> {
//	        cookies <glob...>
//	        scripts <host-or-path-glob...>
//	    }
//	    template_dir   <folder>
//	    lang           <code>
//	    text <code> {
//	        <key> <text>
//	        category <name> <label> [<description>]
//	    }
//	    offer          <category...>
//	    unknown_cookies necessary|block
//	    unknown_hosts  allow|block
//	    gpc            on|off
//	    stats_interval <duration>
//	    mode           enforce|report
//	    theme { position bar|box-left|center; manage bottom-left|bottom-right|hidden; accent|background|text <#hex>; font <families>; radius <length> }
//	}
func (h *Handler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // directive name
	if d.NextArg() {
		return d.ArgErr()
	}
	seen := map[string]int{} // option -> its line, for those given once
	for d.NextBlock(0) {
		option := d.Val()
		if !repeatable[option] {
			if line, dup := seen[option]; dup {
				return d.Errf("%s: given twice (first on line %d); give it once", option, line)
			}
			seen[option] = d.Line()
		}
		switch option {
		case "secret":
			h.Secrets = d.RemainingArgs()
			if len(h.Secrets) == 0 {
				return d.Errf("secret: expected one or more keys, such as {env.COOKIE_CONSENT_SECRET}")
			}
		case "policy_version":
			if err := oneArg(d, &h.PolicyVersion); err != nil {
				return err
			}
		case "policy_url":
			if err := oneArg(d, &h.PolicyURL); err != nil {
				return err
			}
		case "cookie_name":
			if err := oneArg(d, &h.CookieName); err != nil {
				return err
			}
		case "endpoint":
			if err := oneArg(d, &h.Endpoint); err != nil {
				return err
			}
		case "max_age":
			if err := durationArg(d, &h.MaxAge); err != nil {
				return err
			}
		case "reject_max_age":
			if err := durationArg(d, &h.RejectMaxAge); err != nil {
				return err
			}
		case "stats_interval":
			if err := durationArg(d, &h.StatsInterval); err != nil {
				return err
			}
		case "template_dir":
			if err := oneArg(d, &h.TemplateDir); err != nil {
				return err
			}
		case "lang":
			if err := oneArg(d, &h.Lang); err != nil {
				return err
			}
		case "text":
			if h.Texts == nil {
				h.Texts = map[string]banner.Text{}
			}
			if err := parseText(d, h.Texts); err != nil {
				return err
			}
		case "offer":
			if h.Offer = d.RemainingArgs(); len(h.Offer) == 0 {
				return d.Errf("offer: expected one or more categories, such as analytics")
			}
		case "essential":
			names := d.RemainingArgs()
			if len(names) == 0 {
				return d.Errf("essential: expected one or more cookie names or globs")
			}
			h.Essential = append(h.Essential, names...)
		case "category":
			c, err := parseCategory(d)
			if err != nil {
				return err
			}
			h.Categories = append(h.Categories, c)
		case "unknown_cookies":
			if err := choiceArg(d, &h.UnknownCookies, "necessary", "block"); err != nil {
				return err
			}
		case "cookie_domain":
			if err := oneArg(d, &h.CookieDomain); err != nil {
				return err
			}
		case "unknown_hosts":
			if err := choiceArg(d, &h.UnknownHosts, "allow", "block"); err != nil {
				return err
			}
		case "mode":
			if err := choiceArg(d, &h.Mode, modeEnforce, modeReport); err != nil {
				return err
			}
		case "theme":
			t, err := parseTheme(d)
			if err != nil {
				return err
			}
			h.Theme = t
		case "gpc":
			var v string
			if err := choiceArg(d, &v, "on", "off"); err != nil {
				return err
			}
			on := v == "on"
			h.GPC = &on
		default:
			if near := closestOption(option); near != "" {
				return d.Errf("unknown option %q (did you mean %s?)", option, near)
			}
			return d.Errf("unknown option %q", option)
		}
	}
	return nil
}

// options are the Caddyfile's options; repeatable ones add to the config
// each time, the others may be given once.
var (
	options = []string{"secret", "policy_version", "policy_url", "cookie_name", "endpoint", "max_age",
		"reject_max_age", "essential", "category", "template_dir", "unknown_cookies", "gpc", "stats_interval", "mode",
		"unknown_hosts", "cookie_domain", "lang", "text", "offer", "theme"}
	repeatable = map[string]bool{"essential": true, "category": true, "text": true}
)

// closestOption returns the option a misspelling most likely meant: one at
// most two edits away, or one the word is a prefix of.
func closestOption(word string) string {
	best, bestDist := "", 3
	for _, o := range options {
		if d := editDistance(word, o); d < bestDist || strings.HasPrefix(o, word) && len(word) >= 3 && bestDist > 2 {
			best, bestDist = o, min(d, 2)
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// choiceArg reads one argument that must be one of choices.
func choiceArg(d *caddyfile.Dispenser, dst *string, choices ...string) error {
	option := d.Val()
	if err := oneArg(d, dst); err != nil {
		return err
	}
	if !slices.Contains(choices, *dst) {
		return d.Errf("%s: expected %s, got %q", option, strings.Join(choices, " or "), *dst)
	}
	return nil
}

// oneArg reads exactly one argument for the current option.
func oneArg(d *caddyfile.Dispenser, dst *string) error {
	option := d.Val()
	if !d.NextArg() {
		return d.Errf("%s: expected one value", option)
	}
	*dst = d.Val()
	if d.NextArg() {
		return d.Errf("%s: expected one value, got more", option)
	}
	return nil
}

func durationArg(d *caddyfile.Dispenser, dst *caddy.Duration) error {
	option := d.Val()
	var s string
	if err := oneArg(d, &s); err != nil {
		return err
	}
	dur, err := caddy.ParseDuration(s)
	if err != nil || dur <= 0 {
		return d.Errf("%s: %q is not a positive duration such as 182d or 12h", option, s)
	}
	*dst = caddy.Duration(dur)
	return nil
}

// parseCategory reads `category <name> { cookies ...; scripts ... }`.
func parseCategory(d *caddyfile.Dispenser) (CategoryRules, error) {
	var c CategoryRules
	if !d.NextArg() {
		return c, d.Errf("category: expected a name, such as analytics")
	}
	c.Name = d.Val()
	if err := rules.CheckCategoryName(c.Name); err != nil {
		return c, d.Err(err.Error())
	}
	if d.NextArg() {
		return c, d.Errf("category %s: expected a block after the name", c.Name)
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		option := d.Val()
		args := d.RemainingArgs()
		if len(args) == 0 {
			return c, d.Errf("category %s: %s: expected one or more globs", c.Name, option)
		}
		switch option {
		case "cookies":
			c.Cookies = append(c.Cookies, args...)
		case "scripts":
			c.Scripts = append(c.Scripts, args...)
		default:
			return c, d.Errf("category %s: unknown option %q (expected cookies or scripts)", c.Name, option)
		}
	}
	return c, nil
}

// Interface guard
var _ caddyfile.Unmarshaler = (*Handler)(nil)
