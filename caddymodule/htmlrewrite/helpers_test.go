package htmlrewrite

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testPolicy blocks a small list of tracker hosts, paths and inline
// signatures, written for these tests (the product's own table lives in the
// rules package).
type testPolicy struct{}

// trackerHosts maps a host (and its subdomains) to a category; an entry
// with a path blocks only URLs whose path starts with it.
var trackerHosts = []struct{ host, path, category string }{
	{"google-analytics.com", "", "analytics"},
	{"googletagmanager.com", "", "analytics"},
	{"static.hotjar.com", "", "analytics"},
	{"script.hotjar.com", "", "analytics"},
	{"clarity.ms", "", "analytics"},
	{"mc.yandex.ru", "", "analytics"},
	{"cdn.segment.com", "", "analytics"},
	{"plausible.io", "", "analytics"},
	{"connect.facebook.net", "", "marketing"},
	{"facebook.com", "/tr", "marketing"},
	{"snap.licdn.com", "", "marketing"},
	{"ads.linkedin.com", "", "marketing"},
	{"analytics.tiktok.com", "", "marketing"},
	{"doubleclick.net", "", "marketing"},
	{"googlesyndication.com", "", "marketing"},
	{"sc-static.net", "", "marketing"},
	{"scorecardresearch.com", "", "marketing"},
	{"quantserve.com", "", "marketing"},
	{"tr.snapchat.com", "", "marketing"},
	{"ct.pinterest.com", "", "marketing"},
}

// trackerPaths block first-party (self-hosted) analytics by file name.
var trackerPaths = []string{"piwik.js", "matomo.js", "piwik.php", "matomo.php"}

// inlineSignatures identify a vendor's loader snippet.
var inlineSignatures = []struct{ sig, vendor, category string }{
	{"googletagmanager.com/gtm.js", "gtm", "analytics"},
	{"google-analytics.com/analytics.js", "ga", "analytics"},
	{"google-analytics.com/ga.js", "ga", "analytics"},
	{"googletagmanager.com/gtag/js", "gtag", "analytics"},
	{"static.hotjar.com", "hotjar", "analytics"},
	{"clarity.ms/tag", "clarity", "analytics"},
	{"mc.yandex.ru/", "yandex", "analytics"},
	{"cdn.segment.com", "segment", "analytics"},
	{"_paq.push", "matomo", "analytics"},
	{"connect.facebook.net", "facebook", "marketing"},
	{"snap.licdn.com", "linkedin", "marketing"},
	{"analytics.tiktok.com", "tiktok", "marketing"},
}

func (testPolicy) URL(u []byte) (vendor, category string, block bool) {
	host, path := splitURL(string(u))
	for _, t := range trackerHosts {
		if host != "" && (host == t.host || strings.HasSuffix(host, "."+t.host)) &&
			(t.path == "" || path == t.path || strings.HasPrefix(path, t.path+"?") || strings.HasPrefix(path, t.path+"/")) {
			return t.host, t.category, true
		}
	}
	for _, p := range trackerPaths {
		if strings.HasSuffix(path, "/"+p) || path == p {
			return "matomo", "analytics", true
		}
	}
	return "", "", false
}

func (testPolicy) Inline(prefix []byte) (vendor, category string, block bool) {
	for _, s := range inlineSignatures {
		if bytes.Contains(prefix, []byte(s.sig)) {
			return s.vendor, s.category, true
		}
	}
	return "", "", false
}

// splitURL returns the lower-case host of an absolute or scheme-relative
// URL (empty for a relative one) and its path without query.
func splitURL(u string) (host, path string) {
	u = strings.ToLower(strings.TrimSpace(u))
	for _, s := range []string{"https:", "http:"} {
		u = strings.TrimPrefix(u, s)
	}
	if rest, ok := strings.CutPrefix(u, "//"); ok {
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		host, u = rest[:end], rest[end:]
		if i := strings.LastIndexByte(host, ':'); i >= 0 {
			host = host[:i]
		}
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return host, u
}

// nopPolicy is asked about everything and blocks nothing.
type nopPolicy struct{}

func (nopPolicy) URL([]byte) (string, string, bool)    { return "", "", false }
func (nopPolicy) Inline([]byte) (string, string, bool) { return "", "", false }
func (nopPolicy) Unread(string) bool                   { return false }

// unreadPolicy is an UnreadPolicy that notes the reasons it is given and
// answers with block.
type unreadPolicy struct {
	Policy
	block   bool
	reasons *[]string
}

func (p unreadPolicy) Unread(reason string) bool {
	*p.reasons = append(*p.reasons, reason)
	return p.block
}

const (
	testHead = "<!--cookie-consent--><script>HEAD</script><!--/cookie-consent-->"
	testBody = "<!--cookie-consent--><div>BODY</div><!--/cookie-consent-->"
)

func testOptions(p Policy) Options {
	return Options{Policy: p, HeadInject: []byte(testHead), BodyInject: []byte(testBody)}
}

// result is what one run of the rewriter produced.
type result struct {
	out         []byte
	ins         []logged
	neutralised []string
	maxBuffered int
	endsInData  bool // the input ends outside any tag, comment or raw text
}

type logged struct {
	at   int64
	text string
}

// rewrite runs in through a Rewriter in chunks of size chunk (0: whole),
// recording its insertions.
func rewrite(t testing.TB, in []byte, o Options, chunk int) result {
	var res result
	var out bytes.Buffer
	o.OnNeutralise = func(vendor, category string) {
		res.neutralised = append(res.neutralised, vendor+"/"+category)
	}
	r := New(&out, o)
	r.onInsert = func(at int64, b []byte) { res.ins = append(res.ins, logged{at, string(b)}) }
	if chunk <= 0 {
		chunk = len(in) + 1
	}
	for p := in; len(p) > 0; {
		n := min(chunk, len(p))
		if _, err := r.Write(p[:n]); err != nil {
			t.Fatal(err)
		}
		res.maxBuffered = max(res.maxBuffered, r.buffered())
		p = p[n:]
	}
	res.endsInData = r.st == stData || r.st == stBOM
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	res.out = out.Bytes()
	return res
}

// buffered is how many bytes r holds.
func (r *Rewriter) buffered() int { return len(r.held) + len(r.tail) }

// checkInsertions checks that out is in with the logged insertions, in
// order, and that each is one of the texts the rewriter may insert.
func checkInsertions(in []byte, res result, o Options) error {
	var want bytes.Buffer
	pos := int64(0)
	// The body block, written at the end, goes before the tail held after
	// </body>: the log is in the order of writing, not of offsets.
	ins := slices.Clone(res.ins)
	slices.SortStableFunc(ins, func(a, b logged) int { return cmp.Compare(a.at, b.at) })
	for _, l := range ins {
		if l.at < pos || l.at > int64(len(in)) {
			return fmt.Errorf("insertion at %d out of order (after %d)", l.at, pos)
		}
		if !allowedInsertion(l.text, o) {
			return fmt.Errorf("unexpected insertion %q at %d", l.text, l.at)
		}
		want.Write(in[pos:l.at])
		want.WriteString(l.text)
		pos = l.at
	}
	want.Write(in[pos:])
	if !bytes.Equal(want.Bytes(), res.out) {
		return fmt.Errorf("output is not the input plus the logged insertions:\n got %q\nwant %q", clip(res.out), clip(want.Bytes()))
	}
	return nil
}

// unreadInsertion is what goes right after the name of a start tag too
// long to read (outgrown): attributes that fetch nothing, a script's type,
// the category, and for some the end of the tag (unreadEnd).
var unreadInsertion = regexp.MustCompile(`^` + unreadPattern + `$`)

const unreadPattern = `(?: [a-z:]+="(?:about:blank)?")*(?: type="text/plain")? data-cookie-consent="\(never\)"(?:` + unreadEnd + `)?`

func allowedInsertion(s string, o Options) bool {
	switch {
	case s == string(prefix), s == string(o.HeadInject), s == string(o.BodyInject):
		return true
	case unreadInsertion.MatchString(s):
		return true
	case strings.HasPrefix(s, ` type="text/plain" data-cookie-consent="`) && strings.HasSuffix(s, `"`):
		return true
	case strings.HasPrefix(s, ` data-cookie-consent="`) && strings.HasSuffix(s, `"`):
		return true
	}
	return false
}

// unreadAfterName finds an unreadInsertion after the tag name it follows.
var unreadAfterName = regexp.MustCompile(`(<[^\t\n\f\r />]+)` + unreadPattern)

// stripInsertions removes, by pattern, what the rewriter may have inserted:
// the inverse of the rewrite for inputs that do not contain these patterns.
func stripInsertions(out []byte, o Options) []byte {
	s := unreadAfterName.ReplaceAllString(string(out), "$1")
	for _, b := range [][]byte{o.HeadInject, o.BodyInject} {
		if len(b) > 0 {
			s = strings.Replace(s, string(b), "", 1)
		}
	}
	for _, p := range []string{` type="text/plain" data-cookie-consent="`, ` data-cookie-consent="`} {
		for {
			i := strings.Index(s, p)
			if i < 0 {
				break
			}
			j := strings.IndexByte(s[i+len(p):], '"')
			s = s[:i] + s[i+len(p)+j+1:]
		}
	}
	return []byte(strings.ReplaceAll(s, string(prefix), ""))
}

func clip(b []byte) []byte {
	if len(b) > 600 {
		return append(append([]byte{}, b[:600]...), "..."...)
	}
	return b
}
