package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var vendorName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

func TestBuiltinTableShape(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range Builtin {
		if !vendorName.MatchString(v.Name) {
			t.Errorf("vendor name %q: use lower-case letters, digits, '.' and '-'", v.Name)
		}
		if seen[v.Name] {
			t.Errorf("vendor %q appears twice", v.Name)
		}
		seen[v.Name] = true
		if !slices.Contains(BuiltinCategories, v.Category) {
			t.Errorf("vendor %q: category %q is not a built-in one", v.Name, v.Category)
		}
		if len(v.Cookies)+len(v.Hosts)+len(v.Signatures) == 0 {
			t.Errorf("vendor %q names nothing", v.Name)
		}
		// Necessary rows say which cookies and third-party hosts always
		// pass (hosts matter under unknown_hosts block, and in the
		// inventory); inline code is never held back as necessary, so a
		// signature there would mean nothing.
		if v.Category == Necessary && len(v.Signatures) > 0 {
			t.Errorf("necessary vendor %q has signatures", v.Name)
		}
	}
	mustCompile(t, Options{})
}

// TestBuiltinRowsWin checks that no other row of the table shadows a row:
// each glob, host and signature, tried alone, lands in its own vendor's
// category.
func TestBuiltinRowsWin(t *testing.T) {
	s := mustCompile(t, Options{})
	for _, v := range Builtin {
		for _, g := range v.Cookies {
			name := strings.ReplaceAll(g, "*", "x1")
			if cat, vendor, _ := s.CookieCategory(name); cat != v.Category {
				t.Errorf("cookie %q (from %s glob %q) is %s by %q", name, v.Name, g, cat, vendor)
			}
		}
		for _, h := range v.Hosts {
			url := strings.ReplaceAll(h, "*", "x1")
			if !strings.HasPrefix(url, "x1/") && !strings.HasPrefix(url, "/") {
				url = "https://" + url
			}
			if vendor, cat, _ := s.URLVendor([]byte(url), ""); cat != v.Category {
				t.Errorf("URL %q (from %s host glob %q) is %q by %q", url, v.Name, h, cat, vendor)
			}
		}
		for _, sig := range v.Signatures {
			if vendor, cat, _ := s.InlineVendor([]byte(sig)); cat != v.Category {
				t.Errorf("signature %q of %s is %q by %q", sig, v.Name, cat, vendor)
			}
		}
	}
}

// The common embeds and widgets of legacy sites each have a rule, in the
// category Builtin's comment gives reasons for.
func TestBuiltinEmbeds(t *testing.T) {
	s := mustCompile(t, Options{})
	for url, want := range map[string]string{
		"https://www.youtube.com/embed/abc":                      "youtube marketing",
		"https://player.vimeo.com/video/1":                       "vimeo analytics",
		"https://www.dailymotion.com/embed/video/x1":             "dailymotion marketing",
		"https://www.google.com/maps/embed?pb=1":                 "google-maps marketing",
		"https://maps.googleapis.com/maps/api/js?key=k":          "google-maps marketing",
		"https://www.bing.com/maps/embed?h=400":                  "bing-maps marketing",
		"https://tile.openstreetmap.org/1/2/3.png":               "openstreetmap necessary",
		"https://fonts.googleapis.com/css2?family=Roboto":        "google-fonts preferences",
		"https://fonts.gstatic.com/s/roboto/v1/a.woff2":          "google-fonts preferences",
		"https://use.typekit.net/abc.css":                        "adobe-fonts preferences",
		"https://widget.intercom.io/widget/abc":                  "intercom preferences",
		"https://js.driftt.com/include/1/x.js":                   "drift marketing",
		"https://embed.tawk.to/abc/default":                      "tawk.to preferences",
		"https://static.zdassets.com/ekr/snippet.js?key=k":       "zendesk-chat preferences",
		"https://client.crisp.chat/l.js":                         "crisp preferences",
		"https://js.usemessages.com/conversations-embed.js":      "hubspot analytics",
		"https://calendly.com/acme/30min":                        "calendly preferences",
		"https://platform.twitter.com/widgets.js":                "twitter marketing",
		"https://www.instagram.com/embed.js":                     "instagram marketing",
		"https://www.tiktok.com/embed.js":                        "tiktok marketing",
		"https://www.facebook.com/plugins/page.php?href=x":       "facebook marketing",
		"https://assets.pinterest.com/js/pinit.js":               "pinterest marketing",
		"https://platform.linkedin.com/in.js":                    "linkedin marketing",
		"https://acme.disqus.com/embed.js":                       "disqus marketing",
		"https://open.spotify.com/embed/track/1":                 "spotify marketing",
		"https://w.soundcloud.com/player/?url=x":                 "soundcloud marketing",
		"https://www.google.com/recaptcha/api.js":                "recaptcha necessary",
		"https://www.gstatic.com/recaptcha/releases/x/recaptcha": "recaptcha necessary",
		"https://js.hcaptcha.com/1/api.js":                       "hcaptcha necessary",
	} {
		vendor, cat, ok := s.URLVendor([]byte(url), "shop.example")
		if got := vendor + " " + string(cat); !ok || got != want {
			t.Errorf("URLVendor(%q) = %q, want %q", url, got, want)
		}
	}
}
