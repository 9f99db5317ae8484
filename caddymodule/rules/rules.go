// Package rules classifies cookies, tracker URLs and inline tracker snippets
// into consent categories. It knows nothing of Caddy or HTML parsing: the
// caller compiles the built-in vendor table with the site's own rules into a
// Set once, at provision time, and asks it questions on the hot path.
package rules

// Category names a consent category. The four built-in ones come from the
// cookie policy the product implements; a site may define more.
type Category string

const (
	Necessary   Category = "necessary"
	Preferences Category = "preferences"
	Analytics   Category = "analytics"
	Marketing   Category = "marketing"
)

// BuiltinCategories lists the built-in categories in banner order.
var BuiltinCategories = []Category{Necessary, Preferences, Analytics, Marketing}

// Vendor is one row of the rule table: who sets a cookie or serves a
// script, and which category that falls in.
type Vendor struct {
	Name     string
	Category Category
	// Cookies are cookie name globs: "*" matches any run of characters.
	Cookies []string
	// Hosts are host or host/path globs for script, img and iframe URLs:
	// "stats.example.com/js/*", "*.hotjar.com", "/matomo/*" (first party).
	Hosts []string
	// Signatures are byte strings that identify a vendor's inline snippet
	// (loader URLs, init calls), never a mere call such as "gtag(".
	Signatures []string
}
