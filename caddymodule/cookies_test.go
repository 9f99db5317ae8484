package caddymodule

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/caddymodule/rules"
	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

func TestSetCookieName(t *testing.T) {
	for line, want := range map[string]string{
		"_ga=GA1.1; Path=/":           "_ga",
		" PHPSESSID = abc ; HttpOnly": "PHPSESSID",
		"novalue":                     "novalue",
		" _gid ; Path=/":              "_gid",
		"=v; Path=/":                  "",
		"a=b=c":                       "a",
		"name;with=equals-after-semi": "name",
		"":                            "",
		"__Host-id=1; Secure; Path=/": "__Host-id",
	} {
		if got := setCookieName(line); got != want {
			t.Errorf("setCookieName(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestFilterSetCookies(t *testing.T) {
	h, _ := newTestHandler(t, func(h *Handler) {
		h.Essential = []string{"legacy_*"}
		h.Categories = []CategoryRules{{Name: "preferences", Cookies: []string{"lang"}}, {Name: "videos", Cookies: []string{"yt_*"}}}
	})
	upstream := []string{
		"PHPSESSID=1; Path=/; HttpOnly",
		"legacy_cart=2",
		"lang=fr; Max-Age=100",
		"_ga=GA1.1.1; Path=/",
		"_fbp=fb.1; Path=/",
		"yt_pref=1",
		"never_heard_of_it=1",
	}
	analytics := catMask(1 << uint(h.categoryIndex("analytics")))
	for _, tc := range []struct {
		name     string
		accepted catMask
		want     []string
	}{
		{"undecided", 1, []string{"PHPSESSID", "legacy_cart", "never_heard_of_it"}},
		{"analytics only", 1 | analytics, []string{"PHPSESSID", "legacy_cart", "_ga", "never_heard_of_it"}},
		{"all", h.allMask, []string{"PHPSESSID", "legacy_cart", "lang", "_ga", "_fbp", "yt_pref", "never_heard_of_it"}},
	} {
		header := http.Header{"Set-Cookie": slices.Clone(upstream)}
		h.filterSetCookies(header, "Set-Cookie", tc.accepted)
		var got []string
		for _, line := range header["Set-Cookie"] {
			got = append(got, setCookieName(line))
			if !slices.Contains(upstream, line) {
				t.Errorf("%s: line %q was changed", tc.name, line)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: kept %v, want %v", tc.name, got, tc.want)
		}
	}
	header := http.Header{"Set-Cookie": {"_ga=1"}}
	h.filterSetCookies(header, "Set-Cookie", 1)
	if _, present := header["Set-Cookie"]; present {
		t.Error("an empty Set-Cookie list was left in the header")
	}
}

func TestUnknownCookiesBlock(t *testing.T) {
	h, _ := newTestHandler(t, func(h *Handler) { h.UnknownCookies = "block" })
	if cat, _, _ := h.rules.CookieCategory("never_heard_of_it"); h.allows(h.allMask&^(1<<3), cat) || !h.allows(h.allMask, cat) {
		t.Error("with unknown_cookies block, an unknown cookie must need every category")
	}
	if cat, _, _ := h.rules.CookieCategory("PHPSESSID"); !h.allows(1, cat) {
		t.Error("PHPSESSID is held back with unknown_cookies block")
	}
	if cat, _, _ := h.rules.CookieCategory(h.CookieName); !h.allows(1, cat) {
		t.Error("the consent cookie itself is not necessary")
	}
}

func TestTrimRequestCookies(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Add("Cookie", "PHPSESSID=1; _ga=GA1.1; _gid=x")
	r.Header.Add("Cookie", "_ga=again; other=2")
	refused := h.trimRequestCookies(r, 1)
	if got := r.Header["Cookie"]; len(got) != 1 || got[0] != "PHPSESSID=1; other=2" {
		t.Errorf("Cookie header = %q", got)
	}
	if !slices.Equal(refused, []string{"_ga", "_gid"}) {
		t.Errorf("refused = %v, want [_ga _gid] (each name once)", refused)
	}

	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", "PHPSESSID=1;_ga=2")
	before := r.Header.Get("Cookie")
	if refused := h.trimRequestCookies(r, h.allMask); refused != nil || r.Header.Get("Cookie") != before {
		t.Errorf("with every category accepted the Cookie header changed: %q, %v", r.Header.Get("Cookie"), refused)
	}

	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", strings.Repeat("_ga_X=1; ", 100)+"_pk_id.1=2")
	h.trimRequestCookies(r, 1)
	if _, present := r.Header["Cookie"]; present {
		t.Errorf("all cookies refused but a Cookie header is left: %q", r.Header["Cookie"])
	}
}

func TestExpireCookies(t *testing.T) {
	r := httptest.NewRequest("GET", "http://www.shop.example.co.uk:8080/blog/post.html", nil)
	header := http.Header{}
	expireCookies(header, []string{"_ga", "__Host-track"}, r, "")
	lines := header["Set-Cookie"]
	want := []string{
		"_ga=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0",
		"_ga=; Path=/; Domain=www.shop.example.co.uk; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0",
		"_ga=; Path=/; Domain=example.co.uk; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0",
		"_ga=; Path=/blog; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0",
		"_ga=; Path=/blog; Domain=www.shop.example.co.uk; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0",
		"_ga=; Path=/blog; Domain=example.co.uk; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0",
		"__Host-track=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; Secure",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("expiries:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	header = http.Header{}
	expireCookies(header, []string{"_ga"}, httptest.NewRequest("GET", "http://127.0.0.1/", nil), "")
	if len(header["Set-Cookie"]) != 1 || strings.Contains(header.Get("Set-Cookie"), "Domain") {
		t.Errorf("an IP host must get no Domain variant: %q", header["Set-Cookie"])
	}
}

func FuzzCookieClassification(f *testing.F) {
	h, _ := newTestHandler(f, func(h *Handler) { h.Essential = []string{"wp-*"} })
	for _, s := range []string{"_ga=1; Path=/", "PHPSESSID=x", "", "=", ";;;", "a\x00b=c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		name := setCookieName(line)
		cat, _, _ := h.rules.CookieCategory(name)
		if cat == "" {
			t.Fatalf("%q classified into no category", name)
		}
		header := http.Header{"Set-Cookie": {line}}
		h.filterSetCookies(header, "Set-Cookie", 1)
		if got := header["Set-Cookie"]; len(got) == 1 && got[0] != line {
			t.Fatalf("line changed: %q -> %q", line, got[0])
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", line)
		for _, n := range h.trimRequestCookies(r, 1) {
			if !validCookieName(n) {
				t.Fatalf("refused name %q is not a cookie name", n)
			}
		}
	})
}

// For every cookie a conforming browser stores from the http-state vectors,
// setCookieName finds that same name in one of the Set-Cookie lines, so the
// filter classifies what the browser will really store.
func TestSetCookieNameAgainstHTTPState(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(t, "set-cookie"), "http-state/tests/data/parser.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Test     string   `json:"test"`
		Received []string `json:"received"`
		Sent     []struct {
			Name string `json:"name"`
		} `json:"sent"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	h, _ := newTestHandler(t, func(h *Handler) { h.UnknownCookies = "block" })
	stored := 0
	for _, c := range cases {
		names := map[string]bool{}
		for _, line := range c.Received {
			names[setCookieName(line)] = true
		}
		for _, s := range c.Sent {
			stored++
			if !names[s.Name] {
				t.Errorf("case %s: the browser stores %q, but we read the names %v from %q", c.Test, s.Name, names, c.Received)
			}
		}
		// Nothing accepted and unknown names blocked: no line may pass
		// unless a rule calls its name necessary.
		header := http.Header{"Set-Cookie": slices.Clone(c.Received)}
		h.filterSetCookies(header, "Set-Cookie", 1)
		for _, line := range header["Set-Cookie"] {
			if cat, _, _ := h.rules.CookieCategory(setCookieName(line)); cat != rules.Necessary {
				t.Errorf("case %s: %q passed with nothing accepted", c.Test, line)
			}
		}
	}
	t.Logf("http-state: %d cases, %d stored cookies, all named as the browser names them", len(cases), stored)
}

func TestCookieDomain(t *testing.T) {
	for _, tc := range []struct{ domain, name, want string }{
		{"example.com", "cookie_consent", ""},
		{"shop.test", "cookie_consent", ""},
		{"com", "cookie_consent", "public suffix"},
		{"co.uk", "cookie_consent", "public suffix"},
		{"Example.com", "cookie_consent", "lower-case"},
		{".example.com", "cookie_consent", "without scheme, port or dots"},
		{"https://example.com", "cookie_consent", "without scheme"},
		{"example.com", "__Host-consent", "__Host-"},
	} {
		err := checkCookieDomain(tc.domain, tc.name)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("checkCookieDomain(%q, %q) = %v, want %q", tc.domain, tc.name, err, tc.want)
		}
	}
	for host, want := range map[string]string{"example.com": "example.com", "www.example.com": "example.com", "badexample.com": "", "example.org": ""} {
		if got := domainFor(host, "example.com"); got != want {
			t.Errorf("domainFor(%q) = %q, want %q", host, got, want)
		}
	}
	// Refused cookies are expired on the shared domain too.
	header := http.Header{}
	expireCookies(header, []string{"_ga"}, httptest.NewRequest("GET", "http://www.shop.app.example.com/", nil), "app.example.com")
	if got := strings.Join(header["Set-Cookie"], "\n"); !strings.Contains(got, "Domain=app.example.com") {
		t.Errorf("no expiry on the cookie_domain:\n%s", got)
	}
}
