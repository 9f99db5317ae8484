package caddymodule

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/caddytest"
	_ "github.com/caddyserver/caddy/v2/modules/standard"
	"github.com/cookieconsent/caddy-cookie-consent/internal/testport"
)

// These tests run a real Caddy in this process (fixed ports 9080 and admin
// 2999), with the module in front of an httptest upstream.

const caddyGlobals = `{
	admin localhost:2999
	http_port 9080
	https_port 9443
	skip_install_trust
	grace_period 1ns
	auto_https off
}
`

// TestMain refuses to run beside anything that holds the fixed ports of
// caddyGlobals (caddytest keeps one Caddy on them for the whole package).
func TestMain(m *testing.M) {
	if err := testport.Taken("localhost:2999", "localhost:9080", "localhost:9443"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// legacyUpstream behaves like an old site: it sets its cookies on every
// response and reports which cookies it received.
func legacyUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Set-Cookie", "PHPSESSID=s1; Path=/; HttpOnly")
		h.Add("Set-Cookie", "_ga=GA1.1.42; Path=/; Max-Age=63072000")
		h.Add("Set-Cookie", "lang=fr; Path=/")
		h.Set("X-Seen-Cookie", r.Header.Get("Cookie"))
		switch r.URL.Path {
		case "/early-hints":
			h.Set("Link", "</style.css>; rel=preload; as=style")
			w.WriteHeader(http.StatusEarlyHints)
			h.Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, "after hints")
		case "/flush":
			h.Set("Content-Type", "text/event-stream")
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, "data: one\n\n")
			http.NewResponseController(w).Flush()
		case "/nothing":
		default:
			h.Set("Content-Type", "text/plain")
			io.WriteString(w, "hello from the legacy site")
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// startCaddy runs a Caddy with cookie_consent (and the given options) in
// front of upstream; logFile, if not "", receives Caddy's logs as JSON.
func startCaddy(t *testing.T, upstream *httptest.Server, options, logFile string) *caddytest.Tester {
	t.Helper()
	t.Setenv("CC_TEST_SECRET", testSecret)
	globals := caddyGlobals
	if logFile != "" {
		globals = strings.Replace(globals, "{\n", "{\n\tlog {\n\t\toutput file "+logFile+"\n\t\tformat json\n\t}\n", 1)
	}
	tester := caddytest.NewTester(t)
	tester.InitServer(globals+fmt.Sprintf(`
http://localhost:9080 {
	cookie_consent {
		secret {env.CC_TEST_SECRET}
		%s
	}
	reverse_proxy %s
}
`, options, strings.TrimPrefix(upstream.URL, "http://")), "caddyfile")
	return tester
}

// startLegacyCaddy is startCaddy in front of legacyUpstream, with lang as a
// preference cookie.
func startLegacyCaddy(t *testing.T) *caddytest.Tester {
	t.Helper()
	return startCaddy(t, legacyUpstream(t), "category preferences {\n\t\t\tcookies lang\n\t\t}", "")
}

func noRedirects(c *http.Client) *http.Client {
	copied := *c
	copied.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &copied
}

func setCookieNames(resp *http.Response) []string {
	var names []string
	for _, line := range resp.Header.Values("Set-Cookie") {
		names = append(names, setCookieName(line))
	}
	return names
}

func TestCaddyConsentFlow(t *testing.T) {
	tester := startLegacyCaddy(t)
	client := noRedirects(tester.Client)

	// Before a decision: only the session cookie gets through.
	resp, err := client.Get("http://localhost:9080/page")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := strings.Join(setCookieNames(resp), ","); got != "PHPSESSID" {
		t.Errorf("undecided: Set-Cookie names %q, want PHPSESSID", got)
	}
	if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Cookie") {
		t.Errorf("no Vary: Cookie on a response whose cookies depend on consent")
	}

	// Accept analytics only, with a plain form post.
	form := url.Values{"consent": {"custom"}, "category": {"analytics"}, "return": {"/page?x=1"}}
	resp, err = client.PostForm("http://localhost:9080/.well-known/cookie-consent", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/page?x=1" {
		t.Fatalf("decision: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	resp, err = client.Get("http://localhost:9080/page")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := strings.Join(setCookieNames(resp), ","); got != "PHPSESSID,_ga" {
		t.Errorf("analytics accepted: Set-Cookie names %q, want PHPSESSID,_ga", got)
	}

	// Withdraw: the browser still sends _ga; the upstream must not see it,
	// and the response expires it.
	resp, err = client.PostForm("http://localhost:9080/.well-known/cookie-consent", url.Values{"consent": {"none"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", "http://localhost:9080/page", nil)
	req.Header.Set("Cookie", "_ga=GA1.1.42; PHPSESSID=s1")
	for _, c := range tester.Client.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen := resp.Header.Get("X-Seen-Cookie"); strings.Contains(seen, "_ga") || !strings.Contains(seen, "PHPSESSID=s1") {
		t.Errorf("upstream saw Cookie %q after refusal", seen)
	}
	expired := false
	for _, c := range resp.Cookies() {
		if c.Name == "_ga" && c.MaxAge < 0 {
			expired = true
		}
	}
	if !expired {
		t.Errorf("refused _ga not expired: %q", resp.Header.Values("Set-Cookie"))
	}
}

func TestCaddyPassThrough(t *testing.T) {
	tester := startLegacyCaddy(t)
	resp, body := tester.AssertGetResponse("http://localhost:9080/early-hints", 200, "after hints")
	if got := strings.Join(setCookieNames(resp), ","); got != "PHPSESSID" {
		t.Errorf("Set-Cookie names %q", got)
	}
	_ = body
	resp, _ = tester.AssertGetResponse("http://localhost:9080/flush", 200, "data: one\n\n")
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("SSE content type lost")
	}
	resp, _ = tester.AssertGetResponse("http://localhost:9080/nothing", 200, "")
	if got := strings.Join(setCookieNames(resp), ","); got != "PHPSESSID" {
		t.Errorf("empty response: Set-Cookie names %q", got)
	}
}

func TestCaddyCrossSitePostRefused(t *testing.T) {
	tester := startLegacyCaddy(t)
	req, _ := http.NewRequest("POST", "http://localhost:9080/.well-known/cookie-consent", strings.NewReader("consent=all"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp := tester.AssertResponseCode(req, http.StatusForbidden)
	if len(resp.Cookies()) != 0 {
		t.Error("a refused cross-site post set a cookie")
	}
}

func TestCaddyHostileCookies(t *testing.T) {
	tester := startLegacyCaddy(t)
	for _, cookie := range []string{
		"cookie_consent=" + strings.Repeat("A", 4000),
		"cookie_consent=||||",
		"cookie_consent=\xff\xfe%00",
		"cookie_consent=MTcwMDAwMDAwMHx8fA==",
		strings.Repeat("x=1; ", 2000),
		"=; ;=;;",
	} {
		req, _ := http.NewRequest("GET", "http://localhost:9080/page", nil)
		req.Header.Set("Cookie", cookie)
		resp, err := noRedirects(&http.Client{Transport: tester.Client.Transport}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("cookie %.40q: status %d", cookie, resp.StatusCode)
		}
		if got := strings.Join(setCookieNames(resp), ","); got != "PHPSESSID" {
			t.Errorf("cookie %.40q counted as a decision: %q", cookie, got)
		}
	}
}

func TestCaddyBadConfig(t *testing.T) {
	os.Setenv("CC_TEST_SHORT_SECRET", "c2hvcnQ=")
	for _, tc := range []struct{ options, want string }{
		{"secret {env.CC_TEST_SHORT_SECRET}", "decodes to 5 bytes"},
		{"secret {env.CC_TEST_NOT_SET_ANYWHERE}", "secret #1"},
		{"secret {env.CC_TEST_SECRET}\n\tpolicy_version \"bad version\"", "policy_version"},
		{"secret {env.CC_TEST_SECRET}\n\tmax_age forever", "max_age"},
		{"secret {env.CC_TEST_SECRET}\n\tflavour vanilla", `unknown option \"flavour\", at Caddyfile:`},
		{"secret {env.CC_TEST_SECRET}\n\tunknown_cookies maybe", "unknown_cookies"},
		{"secret {env.CC_TEST_SECRET}\n\tgpc sometimes", "gpc"},
		{"secret {env.CC_TEST_SECRET}\n\tcategory Bad! {\n\t\tcookies x\n\t}", "category"},
		{"secret {env.CC_TEST_SECRET}\n\tendpoint consent", "endpoint"},
		{"secret {env.CC_TEST_SECRET}\n\tendpoint //", "must be an absolute path below the root"},
		{"secret {env.CC_TEST_SECRET}\n\tstats_interval 1ns", "stats_interval 1ns: must be at least 1s"},
		{"secret {env.CC_TEST_SECRET}\n\tmax_age 1ns", "max_age 1ns: must be at least 1h0m0s"},
		{"secret {env.CC_TEST_SECRET}\n\treject_max_age 10m", "reject_max_age 10m0s: must be at least 1h0m0s"},
		{"secret {env.CC_TEST_SECRET}\n\tpolicy_version 1\n\tpolicy_version 2", "policy_version: given twice (first on line"},
		{"secret {env.CC_TEST_SECRET}\n\tpolicy_verison 2", `unknown option \"policy_verison\" (did you mean policy_version?)`},
		{"secret {env.CC_TEST_SECRET}\n\tunknown_cookie block", `(did you mean unknown_cookies?)`},
		{"secret {env.CC_TEST_SECRET}\n\tmode survey", `mode: expected enforce or report`},
	} {
		os.Setenv("CC_TEST_SECRET", testSecret)
		caddytest.AssertLoadError(t, caddyGlobals+`
http://localhost:9080 {
	cookie_consent {
		`+tc.options+`
	}
	respond "ok"
}`, "caddyfile", tc.want)
	}
}

func TestCaddyfileAdaptsToJSON(t *testing.T) {
	caddytest.AssertAdapt(t, `
:8080 {
	cookie_consent {
		secret {env.KEY} {env.OLD_KEY}
		policy_version 2026-11
		policy_url /cookie-policy
		cookie_name consent
		endpoint /consent
		max_age 30d
		reject_max_age 7d
		essential PHPSESSID "wp-*"
		essential extra
		category analytics {
			cookies _ga* mystats_*
			scripts stats.example.com/js/* /matomo/*
		}
		category videos {
			cookies yt_*
		}
		unknown_cookies block
		gpc off
		stats_interval 5m
	}
}`, "caddyfile", `{
	"apps": {
		"http": {
			"servers": {
				"srv0": {
					"listen": [
						":8080"
					],
					"routes": [
						{
							"handle": [
								{
									"categories": [
										{
											"cookies": [
												"_ga*",
												"mystats_*"
											],
											"name": "analytics",
											"scripts": [
												"stats.example.com/js/*",
												"/matomo/*"
											]
										},
										{
											"cookies": [
												"yt_*"
											],
											"name": "videos"
										}
									],
									"cookie_name": "consent",
									"endpoint": "/consent",
									"essential": [
										"PHPSESSID",
										"wp-*",
										"extra"
									],
									"gpc": false,
									"handler": "cookie_consent",
									"max_age": 2592000000000000,
									"policy_url": "/cookie-policy",
									"policy_version": "2026-11",
									"reject_max_age": 604800000000000,
									"secrets": [
										"{env.KEY}",
										"{env.OLD_KEY}"
									],
									"stats_interval": 300000000000,
									"unknown_cookies": "block"
								}
							]
						}
					]
				}
			}
		}
	}
}`)
}

func TestCaddyJSONConfig(t *testing.T) {
	t.Setenv("CC_TEST_SECRET", testSecret)
	upstream := legacyUpstream(t)
	tester := caddytest.NewTester(t)
	tester.InitServer(fmt.Sprintf(`{
	"admin": {"listen": "localhost:2999"},
	"apps": {"http": {"http_port": 9080, "grace_period": 1, "servers": {"srv0": {
		"listen": [":9080"],
		"automatic_https": {"disable": true},
		"routes": [{"handle": [
			{"handler": "cookie_consent", "secrets": ["{env.CC_TEST_SECRET}"], "max_age": "30d",
			 "categories": [{"name": "preferences", "cookies": ["lang"]}], "gpc": false},
			{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}
		]}]
	}}}}
}`, strings.TrimPrefix(upstream.URL, "http://")), "json")
	req, _ := http.NewRequest("GET", "http://localhost:9080/page", nil)
	req.Header.Set("Sec-GPC", "1")
	resp := tester.AssertResponseCode(req, 200)
	if got := strings.Join(setCookieNames(resp), ","); got != "PHPSESSID" {
		t.Errorf("Set-Cookie names %q", got)
	}
	if strings.Contains(resp.Header.Get("Vary"), "Sec-GPC") {
		t.Error("gpc false but Vary names Sec-GPC")
	}
}

// A WebSocket upgrade passes at once and the connection is the upstream's.
func TestCaddyWebSocketUpgrade(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "websocket" {
			http.Error(w, "want an upgrade", http.StatusBadRequest)
			return
		}
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSet-Cookie: _ga=1\r\n\r\n")
		rw.Flush()
		line, _ := rw.ReadString('\n')
		rw.WriteString("echo: " + line)
		rw.Flush()
	}))
	t.Cleanup(upstream.Close)
	startCaddy(t, upstream, "", "")

	conn, err := net.DialTimeout("tcp", "localhost:9080", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "GET /socket HTTP/1.1\r\nHost: localhost:9080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if len(resp.Header.Values("Set-Cookie")) != 0 {
		t.Errorf("the upgrade response passed a refused cookie: %q", resp.Header.Values("Set-Cookie"))
	}
	io.WriteString(conn, "ping\n")
	if line, err := br.ReadString('\n'); err != nil || line != "echo: ping\n" {
		t.Errorf("after the upgrade: %q, %v", line, err)
	}
}
