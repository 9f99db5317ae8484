package banner

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Theme is the banner's look, set by the site. Empty fields keep the
// built-in values of banner.css, which follow the visitor's
// prefers-color-scheme.
type Theme struct {
	// Where the first layer shows: "bar" (across the bottom, the default),
	// "box-left" (a box in the bottom left corner) or "center".
	Position string `json:"position,omitempty"`
	// Where the "Manage your cookies" control shows once the banner is
	// closed: "bottom-left" (the default), "bottom-right", or "hidden" for a
	// site that links to it itself (an element with
	// data-cookie-consent-manage). Hidden, the control is still on every
	// page, out of sight until it has keyboard focus, like a skip link.
	Manage string `json:"manage,omitempty"`
	// Colours, as #rgb or #rrggbb: the buttons' background (their text is
	// black or white, whichever reads better on it), and the banner's
	// background and text. Given background or text, the banner keeps them
	// in dark mode too, so the two must contrast (WCAG 2.2 SC 1.4.3).
	Accent     string `json:"accent,omitempty"`
	Background string `json:"background,omitempty"`
	Text       string `json:"text,omitempty"`
	// A CSS font-family list, such as `Georgia, serif`.
	Font string `json:"font,omitempty"`
	// Corner radius of the boxes and buttons: 0, or a length in px, em or rem.
	Radius string `json:"radius,omitempty"`
}

// The light palette of banner.css: what a colour the theme leaves out
// defaults to when it gives the other one of background and text.
const (
	defaultBackground = "#ffffff"
	defaultText       = "#1b1b1b"
)

// minContrast is WCAG 2.2 SC 1.4.3's ratio for normal-size text.
const minContrast = 4.5

var (
	reColour = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	reRadius = regexp.MustCompile(`^(?:0|[0-9]{1,3}(?:\.[0-9]{1,3})?(?:px|em|rem))$`)
	reFont   = regexp.MustCompile(`^[A-Za-z0-9 ,'"._-]{1,200}$`)
)

// withDefaults returns t with the positions filled in.
func (t Theme) withDefaults() Theme {
	if t.Position == "" {
		t.Position = "bar"
	}
	if t.Manage == "" {
		t.Manage = "bottom-left"
	}
	return t
}

// Validate checks every value, naming the option of the first bad one.
func (t Theme) Validate() error {
	t = t.withDefaults()
	switch t.Position {
	case "bar", "box-left", "center":
	default:
		return fmt.Errorf("theme position %q: use bar, box-left or center", t.Position)
	}
	switch t.Manage {
	case "bottom-left", "bottom-right", "hidden":
	default:
		return fmt.Errorf("theme manage %q: use bottom-left, bottom-right or hidden", t.Manage)
	}
	for _, c := range []struct{ option, value string }{{"accent", t.Accent}, {"background", t.Background}, {"text", t.Text}} {
		if c.value != "" && !reColour.MatchString(c.value) {
			return fmt.Errorf("theme %s %q: use a hex colour such as #0b3a6f", c.option, c.value)
		}
	}
	if t.Background != "" || t.Text != "" {
		bg, fg := t.colours()
		if r := contrast(bg, fg); r < minContrast {
			return fmt.Errorf("theme text %s on background %s: contrast %.2f:1, WCAG 2.2 SC 1.4.3 asks at least %.1f:1", fg, bg, r, minContrast)
		}
	}
	if t.Font != "" && (!reFont.MatchString(t.Font) || strings.Count(t.Font, `"`)%2 != 0 || strings.Count(t.Font, "'")%2 != 0) {
		return fmt.Errorf("theme font %q: use a CSS font-family list such as \"Georgia, serif\"", t.Font)
	}
	if t.Radius != "" && !reRadius.MatchString(t.Radius) {
		return fmt.Errorf("theme radius %q: use 0 or a length in px, em or rem, such as 6px", t.Radius)
	}
	return nil
}

// colours returns the background and text, each the theme's or the light
// default.
func (t Theme) colours() (bg, fg string) {
	return first(t.Background, defaultBackground), first(t.Text, defaultText)
}

// css returns the rule that sets the theme's custom properties of
// banner.css, appended to it; "" when the theme sets none. Coming last, it
// overrides the dark palette too.
func (t Theme) css() string {
	var decls []string
	add := func(prop, v string) { decls = append(decls, prop+":"+v) }
	if t.Accent != "" {
		add("--cc-accent", t.Accent)
		add("--cc-accent-text", readableOn(t.Accent))
	}
	if t.Background != "" || t.Text != "" {
		bg, fg := t.colours()
		add("--cc-bg", bg)
		add("--cc-text", fg)
	}
	if t.Font != "" {
		add("--cc-font", t.Font)
	}
	if t.Radius != "" {
		add("--cc-radius", t.Radius)
	}
	if len(decls) == 0 {
		return ""
	}
	return "\n/* theme */\n#cookie-consent{" + strings.Join(decls, ";") + "}\n"
}

// readableOn returns black or white, whichever contrasts more with c; one
// of them always reaches 4.5:1.
func readableOn(c string) string {
	if contrast(c, "#000000") >= contrast(c, "#ffffff") {
		return "#000000"
	}
	return "#ffffff"
}

// contrast is the WCAG contrast ratio of two valid hex colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is the WCAG relative luminance of a #rgb or #rrggbb colour.
func luminance(c string) float64 {
	hex := c[1:]
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var l float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			s /= 12.92
		} else {
			s = math.Pow((s+0.055)/1.055, 2.4)
		}
		l += weight * s
	}
	return l
}
