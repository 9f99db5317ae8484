package caddymodule

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// post sends a decision to the endpoint through ServeHTTP, as Caddy would.
func post(t *testing.T, h *Handler, form url.Values, edit func(*http.Request)) (*httptest.ResponseRecorder, error) {
	t.Helper()
	r := httptest.NewRequest("POST", "http://shop.example"+h.Endpoint, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if edit != nil {
		edit(r)
	}
	w := httptest.NewRecorder()
	err := h.ServeHTTP(w, r, caddyhttp.HandlerFunc(func(http.ResponseWriter, *http.Request) error {
		t.Fatal("the endpoint passed a request on to the upstream")
		return nil
	}))
	return w, err
}

// statusOf is the status Caddy would answer: the handler's error status, or
// what it wrote.
func statusOf(w *httptest.ResponseRecorder, err error) int {
	if herr, ok := err.(caddyhttp.HandlerError); ok {
		return herr.StatusCode
	}
	if err != nil {
		return 500
	}
	return w.Code
}

func TestDecisionFormPost(t *testing.T) {
	h, logs := newTestHandler(t, func(h *Handler) { h.PolicyVersion = "2026-11" })
	w, err := post(t, h, url.Values{"consent": {"all"}, "return": {"/shop/basket?x=1"}}, nil)
	if statusOf(w, err) != http.StatusSeeOther || w.Header().Get("Location") != "/shop/basket?x=1" {
		t.Fatalf("status %d, Location %q, err %v", statusOf(w, err), w.Header().Get("Location"), err)
	}
	cookie := w.Result().Cookies()[0]
	if cookie.Name != "cookie_consent" || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.Secure {
		t.Errorf("consent cookie attributes: %+v", cookie)
	}
	if cookie.MaxAge != int(defaultMaxAge.Seconds()) {
		t.Errorf("Max-Age = %d", cookie.MaxAge)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(cookie)
	if st := h.readConsent(r); !st.Decided || st.Accepted != h.allMask {
		t.Errorf("the cookie reads back as %+v", st)
	}
	entries := logs.FilterLoggerName("consent").All()
	if len(entries) != 1 {
		t.Fatalf("%d proof-of-consent records, want 1", len(entries))
	}
	fields := entries[0].ContextMap()
	if fields["policy_version"] != "2026-11" || fields["how"] != "accept_all" || fields["consent_id"] == "" {
		t.Errorf("proof-of-consent record: %v", fields)
	}
	for key := range fields {
		if !slices.Contains([]string{"consent_id", "time", "policy_version", "lang", "text_version", "categories", "refused", "how"}, key) {
			t.Errorf("the proof-of-consent record of a first decision has field %q: %v", key, fields)
		}
	}
}

func TestDecisionJSONAndCustom(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	w, err := post(t, h, url.Values{"consent": {"custom"}, "category": {"analytics", "necessary"}}, func(r *http.Request) {
		r.Header.Set("Accept", "application/json")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.Header.Set("Origin", "http://shop.example")
	})
	if statusOf(w, err) != http.StatusOK {
		t.Fatalf("status %d, err %v", statusOf(w, err), err)
	}
	var got stateJSON
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !got.Decided || strings.Join(got.Categories, ",") != "necessary,analytics" || got.PolicyVersion != "1" {
		t.Errorf("state = %+v", got)
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Error("the state is cacheable")
	}
}

func TestRefusalExpiresCookiesAndUsesRejectMaxAge(t *testing.T) {
	h, _ := newTestHandler(t, func(h *Handler) { h.RejectMaxAge = caddyDays(30) })
	w, err := post(t, h, url.Values{"consent": {"none"}}, func(r *http.Request) {
		r.Header.Set("Cookie", "_ga=GA1.2; PHPSESSID=s")
	})
	if statusOf(w, err) != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Fatalf("status %d, Location %q", statusOf(w, err), w.Header().Get("Location"))
	}
	lines := strings.Join(w.Header()["Set-Cookie"], "\n")
	if !strings.Contains(lines, "Max-Age=2592000") {
		t.Errorf("refusal lifetime not 30 days:\n%s", lines)
	}
	if !strings.Contains(lines, "_ga=; Path=/;") || strings.Contains(lines, "PHPSESSID=") {
		t.Errorf("withdrawal must expire _ga and only it:\n%s", lines)
	}
}

func TestDecisionRefusals(t *testing.T) {
	h, logs := newTestHandler(t, nil)
	for _, tc := range []struct {
		name string
		form url.Values
		edit func(*http.Request)
		want int
	}{
		{"cross-site fetch", url.Values{"consent": {"all"}}, func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403},
		{"same-site fetch", url.Values{"consent": {"all"}}, func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-site") }, 403},
		{"foreign origin", url.Values{"consent": {"all"}}, func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") }, 403},
		{"null origin", url.Values{"consent": {"all"}}, func(r *http.Request) { r.Header.Set("Origin", "null") }, 403},
		{"missing consent", url.Values{"return": {"/"}}, nil, 400},
		{"bad consent", url.Values{"consent": {"maybe"}}, nil, 400},
		{"unknown category", url.Values{"consent": {"custom"}, "category": {"spying"}}, nil, 400},
		{"json body", nil, func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }, 415},
		{"huge body", url.Values{"consent": {"all"}, "pad": {strings.Repeat("x", 10000)}}, nil, 413},
		{"bad encoding", nil, func(r *http.Request) {
			r.Body = http.NoBody
			r.Body = ioNopCloser("consent=%zz")
		}, 400},
	} {
		w, err := post(t, h, tc.form, tc.edit)
		if got := statusOf(w, err); got != tc.want {
			t.Errorf("%s: status %d, want %d (err %v)", tc.name, got, tc.want, err)
		}
		if len(w.Header()["Set-Cookie"]) != 0 {
			t.Errorf("%s: a refused post set a cookie", tc.name)
		}
	}
	if n := logs.FilterLoggerName("consent").Len(); n != 0 {
		t.Errorf("%d proof-of-consent records for refused posts", n)
	}
}

func TestEndpointStateAndMethods(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	serve := func(method, path string, edit func(*http.Request)) (*httptest.ResponseRecorder, error) {
		r := httptest.NewRequest(method, path, nil)
		if edit != nil {
			edit(r)
		}
		w := httptest.NewRecorder()
		return w, h.ServeHTTP(w, r, caddyhttp.HandlerFunc(func(http.ResponseWriter, *http.Request) error { return nil }))
	}
	w, err := serve("GET", h.Endpoint, nil)
	if err != nil || w.Code != 200 || w.Body.String() != `{"decided":false,"gpc":false,"categories":["necessary"],"policy_version":"1"}` {
		t.Errorf("GET state: %d %s %v", w.Code, w.Body, err)
	}
	w, _ = serve("GET", h.Endpoint, func(r *http.Request) { r.Header.Set("Sec-GPC", "1") })
	if !strings.Contains(w.Body.String(), `"decided":true,"gpc":true`) {
		t.Errorf("GPC state: %s", w.Body)
	}
	w, _ = serve("GET", h.Endpoint, func(r *http.Request) { r.Header.Set("Cookie", "cookie_consent=forged|value") })
	if !strings.Contains(w.Body.String(), `"decided":false`) {
		t.Errorf("forged cookie state: %s", w.Body)
	}
	if w, err := serve("DELETE", h.Endpoint, nil); statusOf(w, err) != 405 || !strings.Contains(w.Body.String(), "use GET for the state, POST for a decision") {
		t.Errorf("DELETE: %d %q %v", w.Code, w.Body, err)
	}
	if _, err := serve("GET", h.Endpoint+"/nothing-here", nil); statusOf(nil, err) != 404 {
		t.Errorf("unknown asset: %v", err)
	}
}

func TestGPCOff(t *testing.T) {
	off := false
	h, _ := newTestHandler(t, func(h *Handler) { h.GPC = &off })
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Sec-GPC", "1")
	if st := h.readConsent(r); st.Decided || st.GPC {
		t.Errorf("gpc off but Sec-GPC counted: %+v", st)
	}
}

func TestReturnPath(t *testing.T) {
	for in, want := range map[string]string{
		"/a/b?c=d#e":             "/a/b?c=d#e",
		"":                       "/",
		"https://evil.example/":  "/",
		"//evil.example/":        "/",
		"/\\evil.example":        "/",
		"relative":               "/",
		"/ok\r\nSet-Cookie: x=1": "/",
		"javascript:alert(1)":    "/",
		"/%2F%2Fevil.example":    "/%2F%2Fevil.example",
	} {
		if got := returnPath(in); got != want {
			t.Errorf("returnPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadConsentSkipsAStaleCopy(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	value, _ := h.codec.encode(h.PolicyVersion, consentState{Accepted: h.allMask, Time: time.Now(), ID: "x"}, h.categoryNames)
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", "cookie_consent=stale; cookie_consent="+value)
	if st := h.readConsent(r); !st.Decided || st.Accepted != h.allMask {
		t.Errorf("a valid consent cookie after a stale one was not read: %+v", st)
	}
}

// Whatever a client posts or asks, the endpoint answers 2xx, 3xx or 4xx,
// and a decision it accepts reads back as that decision.
func FuzzConsentEndpoint(f *testing.F) {
	h, _ := newTestHandler(f, nil)
	f.Add("POST", "application/x-www-form-urlencoded", "consent=custom&category=analytics&return=/x", "", "same-origin")
	f.Add("POST", "application/x-www-form-urlencoded", "consent=all&return=//evil", "https://evil.example", "")
	f.Add("GET", "", "", "", "")
	f.Add("POST", "multipart/form-data; boundary=x", "--x--", "null", "cross-site")
	f.Fuzz(func(t *testing.T, method, contentType, body, origin, fetchSite string) {
		r, err := http.NewRequest(method, "http://shop.example"+h.Endpoint, strings.NewReader(body))
		if err != nil {
			return // not a request a server could receive
		}
		r.Header.Set("Content-Type", contentType)
		r.Header.Set("Origin", origin)
		r.Header.Set("Sec-Fetch-Site", fetchSite)
		w := httptest.NewRecorder()
		err = h.ServeHTTP(w, r, caddyhttp.HandlerFunc(func(http.ResponseWriter, *http.Request) error {
			t.Fatal("the endpoint passed a request on")
			return nil
		}))
		status := statusOf(w, err)
		if status >= 500 || status < 200 {
			t.Fatalf("%s %q %q: status %d (%v)", method, contentType, body, status, err)
		}
		if status == http.StatusSeeOther {
			if loc := w.Header().Get("Location"); loc != returnPath(loc) {
				t.Fatalf("redirect off the site: %q", loc)
			}
		}
		for _, c := range w.Result().Cookies() {
			if c.Name != h.CookieName {
				continue
			}
			if _, ok := h.codec.decode(c.Value, h.PolicyVersion, h.categoryNames, h.lifetime, time.Now()); !ok {
				t.Fatalf("the consent cookie set for %q does not read back", body)
			}
		}
	})
}

// Two valid copies (an acceptance kept on another path, a later refusal):
// the newest decision counts, whatever the order the browser sends them in.
func TestReadConsentNewestCopyWins(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	now := time.Now()
	accepted, _ := h.codec.encode(h.PolicyVersion, consentState{Accepted: h.allMask, Time: now.Add(-time.Hour), ID: "x"}, h.categoryNames)
	refused, _ := h.codec.encode(h.PolicyVersion, consentState{Accepted: 1, Time: now, ID: "x"}, h.categoryNames)
	for _, order := range [][2]string{{accepted, refused}, {refused, accepted}} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", "cookie_consent="+order[0]+"; cookie_consent="+order[1])
		if st := h.readConsent(r); !st.Decided || st.Accepted != 1 {
			t.Errorf("an older acceptance beat a later refusal: %+v", st)
		}
	}
}

// A refused post says why, in one line a person can act on.
func TestDecisionRefusalsSayWhy(t *testing.T) {
	h, logs := newTestHandler(t, nil)
	for _, tc := range []struct {
		form   url.Values
		edit   func(*http.Request)
		status int
		reason string
	}{
		{url.Values{"consent": {"all"}}, func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403, "cross-site consent post refused"},
		{url.Values{"consent": {"all"}}, func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }, 415, "form-encoded"},
		{url.Values{}, nil, 400, "missing consent field: post consent=all, none or custom"},
		{url.Values{"consent": {"maybe"}}, nil, 400, "consent must be all, none or custom"},
		{url.Values{"consent": {"custom"}, "category": {"ads"}}, nil, 400, `unknown category "ads": the categories are necessary, preferences, analytics, marketing`},
	} {
		w, err := post(t, h, tc.form, tc.edit)
		if got := statusOf(w, err); got != tc.status || strings.TrimSpace(w.Body.String()) == "" || !strings.Contains(w.Body.String(), tc.reason) {
			t.Errorf("%v: %d %q, want %d with %q", tc.form, got, w.Body, tc.status, tc.reason)
		}
	}
	if n := len(logs.FilterMessage("consent endpoint refused a request").All()); n != 5 {
		t.Errorf("%d debug lines for 5 refusals", n)
	}
}
