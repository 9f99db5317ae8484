// Package rules classifies cookies, tracker URLs and inline tracker snippets
// into consent categories. It knows nothing of Caddy or HTML parsing: the
// caller compiles the built-in vendor table with the site's own rules into a
// Set once, at provision time, and asks it questions on the hot path.
//
// Precedence, highest first: Options.Essential (always Necessary), then
// Options.Site, then Builtin, then the fallback (Necessary, or Unclassified
// when Options.BlockUnknown is set). Within one of these tiers the most
// specific rule wins: an exact cookie name before a glob, a longer literal
// before a shorter one, a longer host before its parent domain; ties go to
// the earlier row.
package rules

// Category names a consent category. The four built-in ones come from the
// cookie policy the product implements; a site may define more. Names are
// lower-case letters, digits, '-' and '_' so that they can travel in form
// fields, JSON and HTML attributes unchanged.
type Category string

const (
	Necessary   Category = "necessary"
	Preferences Category = "preferences"
	Analytics   Category = "analytics"
	Marketing   Category = "marketing"
)

// BuiltinCategories lists the built-in categories in banner order.
var BuiltinCategories = []Category{Necessary, Preferences, Analytics, Marketing}

// Unclassified is the category of a cookie no rule names when the site
// asks for unknown cookies to be held back, and of a URL that URLVendor
// cannot read. No rule can have it.
const Unclassified Category = "unclassified"

// UnparsedVendor is the vendor URLVendor reports, with Unclassified, for a
// URL that a browser would fetch but that cannot be read with certainty.
const UnparsedVendor = "unparsed"

// EssentialVendor is the vendor name CookieCategory reports for a cookie
// named by Options.Essential.
const EssentialVendor = "essential"

// SiteVendor is the name given to a site vendor that has none.
const SiteVendor = "site"

// Vendor is one row of the rule table: who sets a cookie or serves a
// script, and which category that falls in.
type Vendor struct {
	Name     string
	Category Category

	// Cookies are cookie name globs, case-sensitive (RFC 6265): "*" matches
	// any run of characters, so "_ga_*" names every GA4 property cookie.
	Cookies []string

	// Hosts are URL globs for script, img, iframe and link URLs:
	//
	//	"example.com"           the host and every subdomain, any path
	//	"*.example.com"         the same, spelled out
	//	"example.com/js/*"      the host and subdomains, path matching the glob
	//	"/matomo/*"             first party: a relative URL or one on the page's host
	//	"*/piwik.js"            any host, first or third party, path matching "*/piwik.js"
	//
	// A host glob names a site or below it, never a public suffix ("com",
	// "github.io"); a glob without a host names a folder or a file ("/*"
	// and "*/*" would match everything). Others are refused at compile
	// time, saying what to write instead.
	//
	// A URL is matched as a browser requests it (the URL Standard's
	// parser): its host percent-decoded and mapped by IDNA to lower-case
	// ASCII (so write an IDN host in its "xn--" form), an IPv4 or IPv6
	// address in its usual form, no trailing dot; its path with "\" read as
	// "/", "." and ".." segments resolved and escaped letters, digits and
	// "-._~" decoded ("/st%61ts/" is "/stats/"). Hosts are case-insensitive;
	// paths are not. Port, scheme, userinfo, query and fragment are ignored
	// when matching, so a glob must not contain them. A path-relative URL
	// ("js/piwik.js") only meets "*/" globs, as the page's directory is not
	// known.
	Hosts []string

	// Signatures are byte strings that identify a vendor's inline snippet:
	// its loader URL or its init call ("fbq('init'"), never a call that the
	// site's own code makes when the vendor happens to be present
	// ("gtag('event'"). They match case-insensitively, ignoring whitespace
	// and backslashes, with ' " and ` interchangeable, and a signature that
	// starts with an identifier character only matches at the start of an
	// identifier ("ga('create'" does not match "omega('create'").
	//
	// A match counts where the script's code runs it, as a light lexical
	// reading from the start of the script tells: in code, or in a string
	// of a script that loads something (assigns a src, creates, inserts or
	// writes elements, fetches, calls a function named like a loader), as
	// the vendor's loader URL does. A match in a comment or a regular
	// expression, or in a string of a script that loads nothing (a list
	// of vendors, a log line, a quoted snippet), does not.
	//
	// A site vendor's host globs (those naming a host) also serve as
	// signatures, without a leading "*." and up to their next "*", so that
	// a site rule for a loader URL catches the inline snippet that loads it
	// too.
	Signatures []string
}

// Options are the site's own rules, which take precedence over the built-in table.
type Options struct {
	// Essential cookie name globs, always allowed.
	Essential []string
	// Site vendors (from the Caddyfile's category blocks), checked before
	// Builtin. A vendor with no Name is reported as SiteVendor.
	Site []Vendor
	// BlockUnknown puts cookies that no rule names in Unclassified instead of Necessary.
	BlockUnknown bool
}
