package banner

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/htmlrewrite"
	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
)

// DefaultEndpoint is the consent endpoint's base path when Config.Endpoint is empty.
const DefaultEndpoint = "/.well-known/cookie-consent"

// The markers that wrap each injected block, so that tools and tests can
// find and remove exactly what was added: the rewriter's, which recognises
// them in upstream pages.
const (
	MarkerOpen  = htmlrewrite.MarkerOpen
	MarkerClose = htmlrewrite.MarkerClose
)

// Template file names looked up in Config.TemplateDir.
const (
	HeadTemplate = "head.html"
	BodyTemplate = "body.html"
	StyleFile    = "banner.css"
)

// Category is one consent category, in banner order.
type Category struct {
	Name     string // [A-Za-z0-9_-]{1,64}: form value, cookie payload, data-cookie-consent value
	Required bool   // always on: shown checked and disabled ("necessary")
}

// DefaultCategories are the built-in categories, used when Config.Categories is empty.
func DefaultCategories() []Category {
	return []Category{
		{Name: "necessary", Required: true},
		{Name: "preferences"},
		{Name: "analytics"},
		{Name: "marketing"},
	}
}

// Config is fixed for the life of a Banner.
type Config struct {
	Endpoint   string     // consent endpoint, form action and base of the assets; default DefaultEndpoint
	PolicyURL  string     // linked from the banner; may be ""
	Categories []Category // in banner order, built-ins first; default DefaultCategories()
	// TemplateDir, if set, may hold head.html, body.html (html/template
	// files, data: TemplateData) and banner.css; each file present replaces
	// the built-in one. See the package documentation.
	TemplateDir string
	// CookieRules and ScriptRules feed the in-page guard: category -> cookie
	// name globs, and category -> URL globs of tracker scripts; "*" matches
	// any run of characters. A cookie name matched by a rule of an accepted
	// category (Required ones always are) passes, so list the essential
	// names under "necessary" to keep them working when a broader glob of
	// another category also matches them. Script globs, matched without
	// regard to case against http(s) URLs: "host" matches the host ("*.x.com"
	// also matches x.com), "host/path*" the host and path, "/path*" a path
	// on the page's own origin.
	CookieRules map[string][]string
	ScriptRules map[string][]string
	// BlockUnknownCookies makes the guard hold back document.cookie writes
	// of names no rule knows (the Caddyfile's "unknown_cookies block").
	BlockUnknownCookies bool
	// GuardExternal serves the guard as a blocking, long-cacheable asset
	// (GuardURL) instead of inline: every page is lighter by the guard's
	// size (about 4.3 KB of code plus the rules as JSON), for one more,
	// render-blocking, request on a visitor's first page. Default: inline.
	GuardExternal bool
	// Texts are the site's own words, by language code (2 or 3 lower-case
	// letters). For a built-in language each non-empty string or category
	// text replaces the built-in one; another language is added, and must
	// then have every key of Strings and the label and description of
	// every built-in category in Categories. A category of
	// the site's own shows, in a language with no label for it, its English
	// label, or else its name; likewise its English description, or none.
	Texts map[string]Text
	// Lang, if set, is the only language shown, whatever the visitor's
	// Accept-Language: a built-in code or one added by Texts.
	Lang string
	// Theme sets the banner's colours, font, corner radius and position.
	Theme Theme
}

// Page is the per-response input of AppendHead and AppendBody.
type Page struct {
	Lang     string   // a code from Negotiate; anything else means the default (English, or Config.Lang)
	Return   string   // the page's own path+query, already validated by the caller; HTML-escaped here
	Decided  bool     // a valid consent cookie was read
	Accepted []string // accepted categories (when Decided); unknown names are ignored
	Nonce    string   // CSP nonce of the upstream page, "" if none
	GPC      bool     // the decision is the browser's Sec-GPC: 1 signal, not a choice made in the banner
}

// Asset is a static file served under Endpoint+"/"+Name. Body must not be
// modified. Names carry a content hash, so they can be cached for long
// ("Cache-Control: public, max-age=31536000, immutable").
type Asset struct {
	Name        string
	ContentType string
	Body        []byte
	ETag        string // strong, quoted
}

// TemplateData is what head.html and body.html are executed with.
//
// Return and Nonce are placeholders filled at request time: use them only
// as whole values in HTML text or attribute values (not in URLs, scripts or
// styles, nor as arguments to functions); New refuses a template that does
// otherwise. Everything else may be used freely.
type TemplateData struct {
	Lang       string         // "en", "fr", "de"...: put it in a lang attribute on the root
	Dir        string         // "ltr", or "rtl" for a language written right to left: the root's dir attribute
	T          *Strings       // the words, in Lang
	Endpoint   string         // form action
	PolicyURL  string         // may be ""
	ScriptURL  string         // banner.js, hashed name
	StyleURL   string         // banner.css, hashed name
	Categories []CategoryView // banner order
	Decided    bool
	GPC        bool
	Open       bool        // the banner should show open (= !Decided)
	Accepted   []string    // accepted categories, Required ones included (only those when !Decided)
	StateJSON  string      // {"decided":…,"categories":[…],"gpc":…}: data-cookie-consent-state, read by guard and banner.js
	Return     string      // placeholder: the hidden "return" field's value
	Nonce      string      // placeholder: the CSP nonce, "" when the page has none
	Guard      template.JS // the guard's code, for an inline <script>; "" when GuardURL is set
	GuardURL   string      // the guard as an asset, when Config.GuardExternal
	// Theme is Config.Theme with Position and Manage filled in: the
	// built-in body.html puts them in the root's classes cc-pos-POSITION
	// and cc-manage-MANAGE, which banner.css places.
	Theme Theme
}

// CategoryView is one category as the templates see it.
type CategoryView struct {
	Name        string
	Label       string
	Description string
	Required    bool
	Checked     bool // Required, or Decided and accepted
}

//go:embed static/banner.js static/banner.css static/guard.js
var staticFS embed.FS

//go:embed templates/head.html templates/body.html
var templateFS embed.FS

// Banner renders the injected blocks and serves the assets. It is safe for
// concurrent use.
type Banner struct {
	endpoint   string
	policyURL  string
	cats       []Category
	optional   []string // names of the non-required categories: bit i of a state mask
	required   []string
	guard      template.JS
	guardURL   string
	scriptURL  string
	styleURL   string
	assets     map[string]Asset
	hashes     []string
	theme      Theme
	tmpl       [2]*template.Template // blockHead, blockBody: the site's or the built-in
	fallback   [2]*template.Template // built-in, used if a site template fails at run time
	cacheLimit int
	langs      []language // built-in, then added by Config.Texts
	dflt       int        // index in langs of the language when nothing else fits
	forced     bool       // Config.Lang: dflt always
	versions   []string   // TextVersion by index in langs

	mu    sync.Mutex                           // serialises cache writers
	cache atomic.Pointer[map[uint64]*rendered] // copy on write: readers take no lock
}

const (
	blockHead = 0
	blockBody = 1
)

var blockNames = [2]string{HeadTemplate, BodyTemplate}

const maxOptional = 32

// New validates the configuration, parses the templates (the site's where
// given), runs them once for every language and builds the assets.
func New(c Config) (*Banner, error) {
	b := &Banner{endpoint: c.Endpoint, policyURL: c.PolicyURL, theme: c.Theme.withDefaults(), cacheLimit: 4096}
	if err := c.Theme.Validate(); err != nil {
		return nil, fmt.Errorf("banner: %w", err)
	}
	if b.endpoint == "" {
		b.endpoint = DefaultEndpoint
	}
	if !strings.HasPrefix(b.endpoint, "/") || strings.HasPrefix(b.endpoint, "//") ||
		strings.ContainsAny(b.endpoint, " \t\r\n\"'<>?#\\") {
		return nil, fmt.Errorf("banner: endpoint %q must be an absolute path such as %s", c.Endpoint, DefaultEndpoint)
	}
	b.endpoint = strings.TrimRight(b.endpoint, "/")
	if b.endpoint == "" {
		return nil, fmt.Errorf("banner: endpoint %q must not be the root", c.Endpoint)
	}
	b.cats = c.Categories
	if len(b.cats) == 0 {
		b.cats = DefaultCategories()
	}
	seen := map[string]bool{}
	for _, cat := range b.cats {
		if err := rules.CheckCategoryName(cat.Name); err != nil {
			return nil, fmt.Errorf("banner: %v", err)
		}
		if seen[cat.Name] {
			return nil, fmt.Errorf("banner: category %q listed twice", cat.Name)
		}
		seen[cat.Name] = true
		if cat.Required {
			b.required = append(b.required, cat.Name)
		} else {
			b.optional = append(b.optional, cat.Name)
		}
	}
	if len(b.optional) > maxOptional {
		return nil, fmt.Errorf("banner: %d optional categories, at most %d", len(b.optional), maxOptional)
	}
	langs, err := buildLanguages(c.Texts, b.cats)
	if err != nil {
		return nil, err
	}
	b.langs = langs
	if c.Lang != "" {
		b.dflt = slices.IndexFunc(langs, func(l language) bool { return l.Code == c.Lang })
		if b.dflt < 0 {
			return nil, fmt.Errorf("banner: lang %q: no such language; available: %s", c.Lang, strings.Join(b.Languages(), ", "))
		}
		b.forced = true
	}

	// Assets.
	b.assets = map[string]Asset{}
	js, _ := staticFS.ReadFile("static/banner.js")
	css, _ := staticFS.ReadFile("static/banner.css")
	if c.TemplateDir != "" {
		if own, err := readOptional(c.TemplateDir, StyleFile); err != nil {
			return nil, err
		} else if own != nil {
			css = own
		}
	}
	css = append(css, c.Theme.css()...)
	jsAsset := newAsset("banner", "js", "text/javascript; charset=utf-8", js)
	cssAsset := newAsset("banner", "css", "text/css; charset=utf-8", css)
	b.assets[jsAsset.Name] = jsAsset
	b.assets[cssAsset.Name] = cssAsset
	b.scriptURL = b.endpoint + "/" + jsAsset.Name
	b.styleURL = b.endpoint + "/" + cssAsset.Name

	// Guard.
	g, err := buildGuard(c, b.required)
	if err != nil {
		return nil, err
	}
	if c.GuardExternal {
		a := newAsset("guard", "js", "text/javascript; charset=utf-8", []byte(g))
		b.assets[a.Name] = a
		b.guardURL = b.endpoint + "/" + a.Name
	} else {
		b.guard = template.JS(g)
	}

	// Templates. The site's body template goes into the text versions: it
	// may hold words of its own.
	var siteBody []byte
	if c.TemplateDir != "" {
		if err := checkTemplateDir(c.TemplateDir); err != nil {
			return nil, err
		}
	}
	for i, name := range blockNames {
		src, _ := templateFS.ReadFile("templates/" + name)
		builtin, err := template.New(name).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("banner: built-in %s: %w", name, err)
		}
		b.fallback[i], b.tmpl[i] = builtin, builtin
		if c.TemplateDir == "" {
			continue
		}
		own, err := readOptional(c.TemplateDir, name)
		if err != nil {
			return nil, err
		}
		if own == nil {
			continue
		}
		if i == blockBody {
			siteBody = own
		}
		path := filepath.Join(c.TemplateDir, name)
		t, err := template.New(name).Parse(string(own))
		if err != nil {
			return nil, fmt.Errorf("banner: template %s: %w", path, err)
		}
		b.tmpl[i] = t
		// Execute it in every language with every flag set, then with none:
		// run-time errors (unknown fields, escaping contexts) and misplaced
		// placeholders show up now, naming the file.
		for lang := range b.langs {
			for _, st := range []state{
				{decided: true, gpc: true, nonce: true, ret: true, mask: 1<<len(b.optional) - 1},
				{},
			} {
				r, err := b.render(t, lang, st)
				if err == nil {
					err = b.checkContract(i, r.text)
				}
				if err != nil {
					return nil, fmt.Errorf("banner: template %s: %w", path, err)
				}
			}
		}
	}

	empty := map[uint64]*rendered{}
	b.cache.Store(&empty)
	// Warm the cache with the undecided states in the default language, the
	// first most visitors see (the other languages fill in on first use).
	for kind := range blockNames {
		for _, st := range []state{{}, {nonce: true}, {ret: true}, {nonce: true, ret: true}} {
			k := st.key(kind, b.dflt)
			r, err := b.render(b.tmpl[kind], b.dflt, st)
			if err != nil {
				return nil, fmt.Errorf("banner: template %s: %w", blockNames[kind], err)
			}
			b.store(k, r)
		}
	}
	b.hashes = b.inlineScriptHashes()
	for lang := range b.langs {
		b.versions = append(b.versions, b.textVersion(lang, siteBody))
	}
	return b, nil
}

// textVersion digests the words a visitor reads in a language: the strings,
// the categories' labels and descriptions, and the site's body template.
func (b *Banner) textVersion(lang int, siteBody []byte) string {
	h := sha256.New()
	put := func(s string) { // texts hold no NUL: a separator
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	l := &b.langs[lang]
	for k := range stringKeys {
		put(l.get(k))
	}
	for _, c := range b.cats {
		label, desc := b.catTexts(c, lang)
		put(c.Name)
		put(label)
		put(desc)
	}
	h.Write(siteBody)
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// TextVersion names the words shown in a language (a code from Negotiate):
// a short hash of its texts, the site's overrides included, that changes
// whenever they do. Proof-of-consent records carry it.
func (b *Banner) TextVersion(lang string) string { return b.versions[b.langIndex(lang)] }

// Languages lists the codes of the languages this banner speaks: the
// built-in ones, then those added by Config.Texts.
func (b *Banner) Languages() []string {
	out := make([]string, len(b.langs))
	for i, l := range b.langs {
		out[i] = l.Code
	}
	return out
}

// Negotiate picks the banner's language for an Accept-Language header value
// (RFC 9110 12.5.4) and returns its code: the language with the highest
// q-value wins, ties go to the one listed first; only the primary subtag
// counts ("de-AT" is German, "pt-BR" Portuguese; "no" and "nn" are
// Norwegian Bokmål unless the site adds them); "*" stands for any language
// the header does not name; q=0 rules a language out. Anything unparsable,
// or nothing this banner speaks, gives English. With Config.Lang, it is
// always that language. It does not allocate.
func (b *Banner) Negotiate(acceptLanguage string) string {
	if b.forced {
		return b.langs[b.dflt].Code
	}
	return b.langs[negotiate(b.langs, acceptLanguage, b.dflt)].Code
}

// langIndex maps a language tag (normally a code from Negotiate) to its
// index in langs; anything else gives the default.
func (b *Banner) langIndex(tag string) int {
	if i := match(b.langs, tag); i >= 0 && !b.forced {
		return i
	}
	return b.dflt
}

// checkTemplateDir refuses a TemplateDir that is not a directory, or that
// holds none of the files looked up there (a typo would otherwise silently
// give the built-in banner).
func checkTemplateDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("banner: template directory: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("banner: template directory %s is not a directory", dir)
	}
	for _, name := range []string{HeadTemplate, BodyTemplate, StyleFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("banner: template directory %s holds none of %s, %s, %s", dir, HeadTemplate, BodyTemplate, StyleFile)
}

var (
	reForm   = regexp.MustCompile(`(?i)<form[\s>]`)
	reManage = regexp.MustCompile(`(?i)\sdata-cookie-consent-manage[\s=>]`)
	reAll    = regexp.MustCompile(`(?i)\svalue=["']?all["'\s>]`)
	reNone   = regexp.MustCompile(`(?i)\svalue=["']?none["'\s>]`)
)

// checkContract makes sure a site template keeps what users and the rest of
// the product rely on: the guard in the head; the form with its two
// first-layer choices and the manage control in the body.
func (b *Banner) checkContract(kind int, out []byte) error {
	if kind == blockHead {
		if (b.guardURL == "" && !bytes.Contains(out, []byte(b.guard))) || (b.guardURL != "" && !bytes.Contains(out, []byte(b.guardURL))) {
			return errors.New("the head must load the guard: {{.Guard}} inside a <script>, or {{.GuardURL}} as its src")
		}
		return nil
	}
	for _, need := range []struct {
		re   *regexp.Regexp
		what string
	}{
		{reForm, "a <form>"},
		{reAll, `a value="all" button`},
		{reNone, `a value="none" button`},
		{reManage, "the data-cookie-consent-manage control"},
	} {
		if !need.re.Match(out) {
			return fmt.Errorf("the body must keep %s (see the built-in body.html)", need.what)
		}
	}
	if name, value := implicitSubmitter(out); name != "consent" || value != "custom" {
		return fmt.Errorf(`Enter in a checkbox submits the form with its first enabled submit button, here name=%q value=%q: `+
			`put a hidden <button name="consent" value="custom"> first in the form (see the built-in body.html)`, name, value)
	}
	return nil
}

// implicitSubmitter returns the name and value of the button that implicit
// submission (HTML §4.10.21.2) uses in the first form of body: its first
// submit button that is not disabled. Chromium skips a disabled one, so a
// disabled "default" button does not stop Enter from choosing the next.
func implicitSubmitter(body []byte) (name, value string) {
	z := html.NewTokenizer(bytes.NewReader(body))
	inForm := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return "", ""
		case html.EndTagToken:
			if tag, _ := z.TagName(); string(tag) == "form" && inForm {
				return "", ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch {
			case tok.Data == "form":
				inForm = true
			case !inForm || tok.Data != "button" && tok.Data != "input":
			default:
				attrs := map[string]string{}
				for _, a := range tok.Attr {
					if _, dup := attrs[a.Key]; !dup {
						attrs[a.Key] = a.Val
					}
				}
				kind := strings.ToLower(strings.TrimSpace(attrs["type"]))
				submits := tok.Data == "button" && (kind == "" || kind == "submit") ||
					tok.Data == "input" && (kind == "submit" || kind == "image")
				if _, disabled := attrs["disabled"]; submits && !disabled {
					return attrs["name"], attrs["value"]
				}
			}
		}
	}
}

// readOptional returns the file's content, or nil if it does not exist.
func readOptional(dir, name string) ([]byte, error) {
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("banner: %w", err)
	}
	return b, nil
}

func newAsset(base, ext, ctype string, body []byte) Asset {
	sum := sha256.Sum256(body)
	h := hex.EncodeToString(sum[:])
	return Asset{
		Name:        base + "." + h[:8] + "." + ext,
		ContentType: ctype,
		Body:        body,
		ETag:        `"` + h[:32] + `"`,
	}
}

// Asset returns the static file with this name (as in ScriptURL and
// StyleURL, without the endpoint).
func (b *Banner) Asset(name string) (Asset, bool) {
	a, ok := b.assets[name]
	return a, ok
}

// ScriptURL is the path of banner.js.
func (b *Banner) ScriptURL() string { return b.scriptURL }

// GuardURL is the path of the guard script when Config.GuardExternal, else "".
func (b *Banner) GuardURL() string { return b.guardURL }

// StyleURL is the path of banner.css.
func (b *Banner) StyleURL() string { return b.styleURL }

// Endpoint is the normalised endpoint (no trailing slash).
func (b *Banner) Endpoint() string { return b.endpoint }

// ScriptHashes lists CSP source expressions ('sha256-…', quotes included)
// for the inline scripts of the head block (none with GuardExternal). Their
// text is the same for every visitor and state (the state travels in an
// attribute), so a caller facing an upstream Content-Security-Policy without
// a nonce can add these to script-src instead. The head block carries no
// inline style.
func (b *Banner) ScriptHashes() []string { return append([]string(nil), b.hashes...) }

// AppendHead appends the head block: the inline guard (Consent Mode
// defaults, cookie and script guard), the stylesheet and the deferred
// banner.js, wrapped in the markers. Insert it first in <head>.
func (b *Banner) AppendHead(dst []byte, p Page) []byte {
	return b.appendBlock(dst, blockHead, &p)
}

// AppendBody appends the body block: the banner form and the "Manage your
// cookies" control, wrapped in the markers. Insert it before </body>.
func (b *Banner) AppendBody(dst []byte, p Page) []byte {
	return b.appendBlock(dst, blockBody, &p)
}

// state is what a rendering depends on, apart from the slot values and the
// language.
type state struct {
	decided, gpc, nonce, ret bool
	mask                     uint64 // bit i: optional[i] accepted (only when decided)
}

// key packs a state, block and language (below maxLanguages, 6 bits) into
// the cache's key.
func (s state) key(kind, lang int) uint64 {
	k := uint64(kind) | uint64(lang)<<1
	if s.decided {
		k |= 1 << 7
	}
	if s.gpc {
		k |= 1 << 8
	}
	if s.nonce {
		k |= 1 << 9
	}
	if s.ret {
		k |= 1 << 10
	}
	return k | s.mask<<11
}

func (b *Banner) pageState(p *Page) state {
	st := state{decided: p.Decided, gpc: p.GPC, nonce: p.Nonce != "", ret: p.Return != ""}
	if p.Decided {
		for _, a := range p.Accepted {
			for i, name := range b.optional {
				if a == name {
					st.mask |= 1 << i
					break
				}
			}
		}
	}
	return st
}

func (b *Banner) appendBlock(dst []byte, kind int, p *Page) []byte {
	lang := b.langIndex(p.Lang)
	st := b.pageState(p)
	k := st.key(kind, lang)
	r := (*b.cache.Load())[k]
	if r == nil {
		r = b.fill(k, kind, lang, st)
	}
	dst = append(dst, MarkerOpen...)
	prev := 0
	for _, s := range r.slots {
		dst = append(dst, r.text[prev:s.at]...)
		v := p.Return
		if s.nonce {
			v = p.Nonce
		}
		dst = appendEscaped(dst, v, s.strict)
		prev = s.at
	}
	dst = append(dst, r.text[prev:]...)
	return append(dst, MarkerClose...)
}

// fill renders a state not yet in the cache and keeps it, up to cacheLimit
// entries (beyond, it renders every time: correct, slower).
func (b *Banner) fill(k uint64, kind, lang int, st state) *rendered {
	r, err := b.render(b.tmpl[kind], lang, st)
	if err != nil {
		// A site template that failed on a state New did not try: show
		// the built-in banner rather than nothing.
		if r, err = b.render(b.fallback[kind], lang, st); err != nil {
			panic("banner: built-in template: " + err.Error())
		}
	}
	b.store(k, r)
	return r
}

func (b *Banner) store(k uint64, r *rendered) {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := *b.cache.Load()
	if _, ok := old[k]; ok || len(old) >= b.cacheLimit {
		return
	}
	m := make(map[uint64]*rendered, len(old)+1)
	for kk, v := range old {
		m[kk] = v
	}
	m[k] = r
	b.cache.Store(&m)
}

// rendered is a template's output for one state, with the places where the
// per-request values go.
type rendered struct {
	text  []byte
	slots []slot
}

type slot struct {
	at     int  // offset in text
	nonce  bool // Nonce, else Return
	strict bool // unquoted attribute: escape spaces and '=' too
}

// Placeholders: letters and digits only, so every escaper of html/template
// leaves them alone, followed by a probe that tells which escaper ran.
const (
	phReturn = "QzcCslotRETURNx7w"
	phNonce  = "QzcCslotNONCEx7w"
	probe    = "<= "
	// what html/template made of probe: in text and quoted attribute
	// values, and in unquoted attribute values.
	probeHTML     = "&lt;= "
	probeUnquoted = "&lt;&#61;&#32;"
)

func (b *Banner) render(t *template.Template, lang int, st state) (*rendered, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, b.data(lang, st)); err != nil {
		return nil, err
	}
	out := asciiHTML(bytes.Trim(buf.Bytes(), "\r\n"))
	r := &rendered{text: make([]byte, 0, len(out))}
	for {
		i, nonce := nextPlaceholder(out)
		if i < 0 {
			r.text = append(r.text, out...)
			break
		}
		r.text = append(r.text, out[:i]...)
		ph, field := phReturn, "Return"
		if nonce {
			ph, field = phNonce, "Nonce"
		}
		rest := out[i+len(ph):]
		s := slot{at: len(r.text), nonce: nonce}
		switch {
		case bytes.HasPrefix(rest, []byte(probeHTML)):
			rest = rest[len(probeHTML):]
		case bytes.HasPrefix(rest, []byte(probeUnquoted)):
			rest = rest[len(probeUnquoted):]
			s.strict = true
		default:
			return nil, fmt.Errorf(".%s may only be used as a whole value in HTML text or an attribute value, not in a URL, script, style or function call", field)
		}
		r.slots = append(r.slots, s)
		out = rest
	}
	return r, nil
}

func nextPlaceholder(b []byte) (int, bool) {
	i := bytes.Index(b, []byte(phReturn))
	j := bytes.Index(b, []byte(phNonce))
	if j >= 0 && (i < 0 || j < i) {
		return j, true
	}
	return i, false
}

func (b *Banner) data(lang int, st state) *TemplateData {
	l := &b.langs[lang]
	d := &TemplateData{
		Lang:      l.Code,
		Dir:       "ltr",
		T:         &l.Strings,
		Endpoint:  b.endpoint,
		PolicyURL: b.policyURL,
		ScriptURL: b.scriptURL,
		StyleURL:  b.styleURL,
		Decided:   st.decided,
		GPC:       st.gpc,
		Open:      !st.decided,
		Guard:     b.guard,
		GuardURL:  b.guardURL,
		Theme:     b.theme,
	}
	if slices.Contains(rtl, l.Code) {
		d.Dir = "rtl"
	}
	if st.ret {
		d.Return = phReturn + probe
	}
	if st.nonce {
		d.Nonce = phNonce + probe
	}
	opt := 0
	for _, c := range b.cats {
		v := CategoryView{Name: c.Name, Required: c.Required, Checked: c.Required}
		if !c.Required {
			v.Checked = st.decided && st.mask&(1<<opt) != 0
			opt++
		}
		v.Label, v.Description = b.catTexts(c, lang)
		d.Categories = append(d.Categories, v)
		if v.Checked {
			d.Accepted = append(d.Accepted, c.Name)
		}
	}
	js, _ := json.Marshal(struct {
		Decided    bool     `json:"decided"`
		Categories []string `json:"categories"`
		GPC        bool     `json:"gpc"`
	}{st.decided, append([]string{}, d.Accepted...), st.gpc})
	d.StateJSON = string(js)
	return d
}

// catTexts gives a category's label and description in a language, falling
// back to English (the site's own categories may have words in a few
// languages only), and to the name for the label.
func (b *Banner) catTexts(c Category, lang int) (label, desc string) {
	own, en := b.langs[lang].Category[c.Name], b.langs[0].Category[c.Name]
	return first(own.Label, en.Label, c.Name), first(own.Description, en.Description)
}

func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// asciiHTML writes every non-ASCII character outside <script> and <style>
// as a numeric character reference: the upstream page may be in any
// ASCII-compatible charset (legacy sites still serve ISO-8859-1), and the
// banner must read right in all of them.
func asciiHTML(in []byte) []byte {
	ascii := true
	for _, c := range in {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return in
	}
	out := make([]byte, 0, len(in)+len(in)/8)
	lower := bytes.ToLower(in)
	raw := "" // closing tag of the raw text element we are in
	for i := 0; i < len(in); {
		c := in[i]
		if raw != "" {
			if c == '<' && bytes.HasPrefix(lower[i:], []byte(raw)) {
				raw = ""
			}
			out = append(out, c)
			i++
			continue
		}
		if c == '<' {
			if bytes.HasPrefix(lower[i:], []byte("<script")) {
				raw = "</script"
			} else if bytes.HasPrefix(lower[i:], []byte("<style")) {
				raw = "</style"
			}
		}
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		out = append(out, "&#"...)
		out = strconv.AppendInt(out, int64(r), 10)
		out = append(out, ';')
		i += n
	}
	return out
}

// appendEscaped escapes s for HTML text and attribute values, non-ASCII
// characters included; strict also covers unquoted attribute values.
func appendEscaped(dst []byte, s string, strict bool) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch c := s[i]; c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case 0:
			esc = "&#65533;"
		case ' ', '\t', '\n', '\v', '\f', '\r', '=', '`':
			if !strict {
				continue
			}
			esc = "&#" + string(rune('0'+c/10)) + string(rune('0'+c%10)) + ";"
		default:
			if c < utf8.RuneSelf {
				continue
			}
			// Non-ASCII: a character reference, as in asciiHTML.
			r, n := utf8.DecodeRuneInString(s[i:])
			dst = append(dst, s[last:i]...)
			dst = append(dst, "&#"...)
			dst = strconv.AppendInt(dst, int64(r), 10)
			dst = append(dst, ';')
			i += n - 1
			last = i + 1
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// inlineScriptHashes hashes the text of every inline <script> of the head
// block, as rendered for a few states; texts that hold a placeholder vary per
// request and are left out.
func (b *Banner) inlineScriptHashes() []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range []state{{}, {nonce: true, ret: true}, {decided: true, mask: 1<<len(b.optional) - 1}} {
		r := b.fill(st.key(blockHead, 0), blockHead, 0, st)
		for _, body := range inlineScripts(r.text, r.slots) {
			sum := sha256.Sum256(body)
			h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}

func inlineScripts(text []byte, slots []slot) [][]byte {
	var out [][]byte
	lower := bytes.ToLower(text)
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("<script"))
		if i < 0 {
			return out
		}
		i += off
		gt := bytes.IndexByte(lower[i:], '>')
		if gt < 0 {
			return out
		}
		gt += i
		end := bytes.Index(lower[gt:], []byte("</script"))
		if end < 0 {
			return out
		}
		end += gt
		off = end
		if bytes.Contains(lower[i:gt], []byte(" src=")) || gt+1 == end {
			continue
		}
		varies := false
		for _, s := range slots {
			if s.at > gt && s.at < end {
				varies = true
			}
		}
		if !varies {
			out = append(out, text[gt+1:end])
		}
	}
}

// buildGuard returns the inline guard script: static/guard.js without its
// comments and indentation, with the rules in place of __RULES__.
func buildGuard(c Config, required []string) (string, error) {
	type rules struct {
		C map[string][]string `json:"c"`
		S map[string][]string `json:"s"`
		R []string            `json:"r"`
		U bool                `json:"u"`
	}
	// The rules come from the rules package, which has checked them; here
	// they only need to be safe to embed, which JSON encoding sees to
	// (json.Marshal escapes <, > and &, and U+2028/2029, and sorts the
	// categories: the same rules always give the same text, and hash).
	r := rules{C: cleanRules(c.CookieRules), S: cleanRules(c.ScriptRules), R: append([]string{}, required...), U: c.BlockUnknownCookies}
	js, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	src, _ := staticFS.ReadFile("static/guard.js")
	g := minifyJS(string(src))
	if !strings.Contains(g, "__RULES__") {
		return "", errors.New("banner: guard.js lost its __RULES__ placeholder")
	}
	return strings.Replace(g, "__RULES__", string(js), 1), nil
}

// cleanRules copies rules without empty categories or globs, which would
// match nothing sensible.
func cleanRules(m map[string][]string) map[string][]string {
	out := map[string][]string{}
	for cat, globs := range m {
		for _, g := range globs {
			if cat != "" && g != "" {
				out[cat] = append(out[cat], g)
			}
		}
	}
	return out
}

// minifyJS drops full-line // comments, indentation and blank lines. The
// sources it is used on keep every comment on its own line.
func minifyJS(src string) string {
	var sb strings.Builder
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(line)
	}
	return sb.String()
}
