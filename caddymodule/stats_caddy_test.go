package caddymodule

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/caddytest"
	"go.uber.org/zap"
)

// startCountingCaddy runs the HTML upstream behind cookie_consent with the
// logs going to a file, and a short summary interval.
func startCountingCaddy(t *testing.T) (*caddytest.Tester, string) {
	t.Helper()
	logFile := filepath.Join(t.TempDir(), "caddy.log")
	return startCaddy(t, htmlUpstream(t), "policy_version 2026-11\n\t\tstats_interval 1s", logFile), logFile
}

// scrape reads the cookie_consent series from the admin metrics endpoint.
func scrape(t *testing.T) map[string]float64 {
	t.Helper()
	resp, err := http.Get("http://localhost:2999/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	series := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "caddy_cookie_consent_") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		series[line[:i]] = v
	}
	return series
}

// logLines returns the JSON log lines of the file, decoded.
func logLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for _, raw := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(raw), &m); err == nil {
			lines = append(lines, m)
		}
	}
	return lines
}

// waitForLog waits until a line of the log file holds text.
func waitForLog(t *testing.T, path, text string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if data, _ := os.ReadFile(path); strings.Contains(string(data), text) {
			return
		}
	}
	t.Fatalf("no log line with %q", text)
}

// visit requests a page as a browser would, with extra headers.
func visit(t *testing.T, client *http.Client, path string, header map[string]string) {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://localhost:9080"+path, nil)
	req.Header.Set("Accept", "text/html")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func decide(t *testing.T, client *http.Client, form url.Values) {
	t.Helper()
	resp, err := client.PostForm("http://localhost:9080/.well-known/cookie-consent", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("decision %v: status %d", form, resp.StatusCode)
	}
}

func newJarClient(tester *caddytest.Tester) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Transport: tester.Client.Transport, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestCountsMetricsSummaryAndRecords(t *testing.T) {
	tester, logFile := startCountingCaddy(t)
	logSummary(zap.NewNop()) // what earlier tests counted is not ours
	before := scrape(t)

	visitor := newJarClient(tester)
	for range 3 {
		visit(t, visitor, "/page", nil)
	}
	decide(t, visitor, url.Values{"consent": {"all"}})
	visit(t, visitor, "/page", nil)
	visit(t, visitor, "/page", nil)
	decide(t, visitor, url.Values{"consent": {"custom"}, "category": {"analytics"}})
	visit(t, visitor, "/page", nil)
	decide(t, newJarClient(tester), url.Values{"consent": {"none"}})
	visit(t, newJarClient(tester), "/page", map[string]string{"Sec-GPC": "1"})
	visit(t, newJarClient(tester), "/brotli", map[string]string{"Accept-Encoding": "br"})

	after := scrape(t)
	delta := func(series string) float64 { return after[series] - before[series] }
	for series, want := range map[string]float64{
		`caddy_cookie_consent_page_views_total{state="undecided"}`:                                  3,
		`caddy_cookie_consent_page_views_total{state="accepted"}`:                                   2,
		`caddy_cookie_consent_page_views_total{state="partial"}`:                                    1,
		`caddy_cookie_consent_page_views_total{state="gpc"}`:                                        1,
		`caddy_cookie_consent_page_views_total{state="refused"}`:                                    0,
		`caddy_cookie_consent_decisions_total{decision="accept_all"}`:                               1,
		`caddy_cookie_consent_decisions_total{decision="withdrawn"}`:                                1,
		`caddy_cookie_consent_decisions_total{decision="reject_all"}`:                               1,
		`caddy_cookie_consent_decisions_total{decision="custom"}`:                                   0,
		`caddy_cookie_consent_cookies_dropped_total{category="analytics",cookie="_ga"}`:             5, // 3 undecided, gpc, brotli
		`caddy_cookie_consent_unenforced_total{reason="encoding"}`:                                  1,
		`caddy_cookie_consent_trackers_neutralised_total{category="marketing",vendor="meta-pixel"}`: 5, // the pixel, wherever marketing is not accepted
	} {
		if got := delta(series); got != want {
			t.Errorf("%s went up by %v, want %v", series, got, want)
		}
	}

	// The summary lines: together they hold exactly what happened. The
	// ticker runs every 200ms; a busy machine may take longer.
	want := map[string]float64{"page_views.undecided": 3, "page_views.accepted": 2, "page_views.partial": 1,
		"page_views.gpc": 1, "decisions.accept_all": 1, "decisions.withdrawn": 1, "decisions.reject_all": 1, "unenforced.encoding": 1}
	var summed map[string]float64
	var records []map[string]any
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		summed, records = map[string]float64{}, nil
		for _, line := range logLines(t, logFile) {
			switch line["logger"] {
			case "http.handlers.cookie_consent.stats":
				for _, key := range []string{"page_views", "decisions", "unenforced"} {
					if m, ok := line[key].(map[string]any); ok {
						for name, v := range m {
							summed[key+"."+name] += v.(float64)
						}
					}
				}
			case "http.handlers.cookie_consent.consent":
				records = append(records, line)
			}
		}
		if maps.Equal(summed, want) || time.Now().After(deadline) {
			break
		}
	}
	if !maps.Equal(summed, want) {
		t.Errorf("summary lines add up to %v, want %v", summed, want)
	}

	if len(records) != 3 {
		t.Fatalf("%d proof-of-consent records, want 3", len(records))
	}
	for _, rec := range records {
		for key := range rec {
			switch key {
			case "level", "ts", "logger", "msg", "consent_id", "time", "policy_version", "lang", "text_version", "categories", "refused", "how", "button", "previous", "previous_time":
			default:
				t.Errorf("proof-of-consent record has field %q: %v", key, rec)
			}
		}
		if rec["policy_version"] != "2026-11" || len(rec["consent_id"].(string)) < 20 {
			t.Errorf("record %v", rec)
		}
	}
	// One visitor accepted all, then narrowed to analytics: one id, and the
	// second record is a withdrawal that names what it took back.
	first, second := records[0], records[1]
	if first["how"] != "accept_all" || first["previous"] != nil || fmt.Sprint(first["refused"]) != "[]" {
		t.Errorf("first record: %v", first)
	}
	if second["how"] != "withdrawal" || second["button"] != "custom" || second["consent_id"] != first["consent_id"] ||
		fmt.Sprint(second["categories"]) != "[necessary analytics]" || fmt.Sprint(second["refused"]) != "[preferences marketing]" ||
		fmt.Sprint(second["previous"]) != "[necessary preferences analytics marketing]" || second["previous_time"] != first["time"] {
		t.Errorf("a narrowing is a withdrawal linked to the consent it takes back: %v after %v", second, first)
	}
	if records[2]["consent_id"] == first["consent_id"] || records[2]["how"] != "reject_all" {
		t.Errorf("another visitor's record: %v", records[2])
	}
	for _, rec := range records {
		if _, err := time.Parse(time.RFC3339, fmt.Sprint(rec["time"])); err != nil || !strings.HasSuffix(fmt.Sprint(rec["time"]), "Z") {
			t.Errorf("time %v is not ISO 8601 UTC", rec["time"])
		}
	}
}

func TestInventoryOnAdminAPI(t *testing.T) {
	tester, _ := startCountingCaddy(t)
	visit(t, newJarClient(tester), "/page", nil)
	resp, err := http.Get("http://localhost:2999/cookie-consent/inventory")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var inv inventoryJSON
	if err := json.NewDecoder(resp.Body).Decode(&inv); err != nil {
		t.Fatal(err)
	}
	var ga *cookieJSON
	for i := range inv.Cookies {
		if inv.Cookies[i].Name == "_ga" {
			ga = &inv.Cookies[i]
		}
	}
	if ga == nil || ga.Category != "analytics" || !ga.Classified || ga.Dropped == 0 || ga.Set < ga.Dropped {
		t.Errorf("_ga in the inventory: %+v", ga)
	}
	hosts := map[string]trackerJSON{}
	for _, tr := range inv.Trackers {
		hosts[tr.Host] = tr
	}
	if tr, ok := hosts["www.googletagmanager.com"]; !ok || tr.Neutralised == 0 {
		t.Errorf("googletagmanager.com not in the tracker inventory: %+v", inv.Trackers)
	}
	if inv.Limit != maxInventory {
		t.Errorf("limit %d", inv.Limit)
	}

	// DELETE forgets what was seen.
	req, _ := http.NewRequest(http.MethodDelete, "http://localhost:2999/cookie-consent/inventory", nil)
	req.Header.Set("Origin", "http://localhost:2999")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE the inventory: %v %v", resp, err)
	}
	if got := getAdminJSON[inventoryJSON](t, "/cookie-consent/inventory"); len(got.Cookies)+len(got.Trackers) != 0 {
		t.Errorf("after DELETE the inventory still holds %+v", got)
	}
}

// getAdminJSON decodes the answer of a GET on the admin API.
func getAdminJSON[T any](t *testing.T, path string) T {
	t.Helper()
	var out T
	resp, err := http.Get("http://localhost:2999" + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
	}
	return out
}

func TestRulesOnAdminAPI(t *testing.T) {
	startCaddy(t, htmlUpstream(t), "essential legacy_*\n\t\tcategory analytics {\n\t\t\tscripts stats.example.com/js/*\n\t\t}", "")
	got := getAdminJSON[rulesJSON](t, "/cookie-consent/rules")
	if len(got.Handlers) != 1 {
		t.Fatalf("%d handlers, want the one of the config", len(got.Handlers))
	}
	h := got.Handlers[0]
	want := []ruleJSON{
		{Source: "essential", Category: "necessary", Cookies: []string{"cookie_consent", "legacy_*"}},
		{Source: "config", Vendor: "site", Category: "analytics", Hosts: []string{"stats.example.com/js/*"}},
	}
	if fmt.Sprint(h.Rules) != fmt.Sprint(want) || h.Endpoint != "/.well-known/cookie-consent" {
		t.Errorf("the handler's rules: %+v, want %+v", h, want)
	}
	builtin := map[string]string{}
	for _, r := range got.Builtin {
		if r.Source != "builtin" {
			t.Errorf("a built-in rule with source %q", r.Source)
		}
		builtin[r.Vendor] = r.Category
	}
	if builtin["google-analytics"] != "analytics" || builtin["meta-pixel"] != "marketing" {
		t.Errorf("built-in rules lack the common vendors: %d rows", len(got.Builtin))
	}
}

func TestInventoryIsBounded(t *testing.T) {
	inv := inventory{limit: 10}
	for i := range 1000 {
		inv.count(fmt.Sprintf("random_%d", i), "necessary", "", false)
	}
	n := 0
	inv.each(func(string, *inventoryEntry) { n++ })
	if n != 10 || inv.overflow.Load() != 990 {
		t.Errorf("inventory holds %d names with overflow %d; want 10 and 990", n, inv.overflow.Load())
	}
}

// Nothing about a visitor but cookie names reaches a count, a metric label,
// the inventory or a log line other than the proof-of-consent record.
func TestNothingPersonalIsCounted(t *testing.T) {
	tester, logFile := startCountingCaddy(t)
	canaries := []string{"203.0.113.77", "2001:db8::beef", "CanaryAgent/9.9", "canary-cookie-value-31337", "canary-ga-value-4242"}
	client := newJarClient(tester)
	header := map[string]string{
		"X-Forwarded-For": "203.0.113.77, 2001:db8::beef",
		"X-Real-IP":       "203.0.113.77",
		"User-Agent":      "CanaryAgent/9.9",
		"Cookie":          "PHPSESSID=canary-cookie-value-31337; _ga=canary-ga-value-4242",
	}
	visit(t, client, "/page", header)
	req, _ := http.NewRequest("POST", "http://localhost:9080/.well-known/cookie-consent", strings.NewReader("consent=all"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	visit(t, client, "/page", header)
	waitForLog(t, logFile, "cookie consent summary")

	var consentIDs []string
	var others strings.Builder
	for _, line := range logLines(t, logFile) {
		raw, _ := json.Marshal(line)
		if line["logger"] == "http.handlers.cookie_consent.consent" {
			consentIDs = append(consentIDs, line["consent_id"].(string))
			for _, c := range canaries {
				if strings.Contains(string(raw), c) {
					t.Errorf("the proof-of-consent record holds %q: %s", c, raw)
				}
			}
			continue
		}
		others.Write(raw)
		others.WriteByte('\n')
	}
	if len(consentIDs) != 1 {
		t.Fatalf("%d consent records", len(consentIDs))
	}
	metrics, _ := http.Get("http://localhost:2999/metrics")
	metricsText, _ := io.ReadAll(metrics.Body)
	metrics.Body.Close()
	inv, _ := http.Get("http://localhost:2999/cookie-consent/inventory")
	invText, _ := io.ReadAll(inv.Body)
	inv.Body.Close()
	for name, text := range map[string]string{"log lines": others.String(), "metrics": string(metricsText), "inventory": string(invText)} {
		for _, c := range append(canaries, consentIDs...) {
			if strings.Contains(text, c) {
				t.Errorf("%s contain %q", name, c)
			}
		}
	}
	if !strings.Contains(others.String(), "cookie consent summary") {
		t.Error("no summary line was written: the check above saw nothing")
	}
}

// The collector is registered once per config, whatever the number of
// handlers, and again after a reload; the counts go on.
func TestMetricsWithTwoHandlersAndAReload(t *testing.T) {
	t.Setenv("CC_TEST_SECRET", testSecret)
	upstream := htmlUpstream(t)
	config := caddyGlobals + fmt.Sprintf(`
http://localhost:9080 {
	route /a/* {
		cookie_consent {
			secret {env.CC_TEST_SECRET}
		}
	}
	route {
		cookie_consent {
			secret {env.CC_TEST_SECRET}
			cookie_name other_consent
		}
	}
	reverse_proxy %s
}
`, strings.TrimPrefix(upstream.URL, "http://"))
	tester := caddytest.NewTester(t)
	tester.InitServer(config, "caddyfile")
	visit(t, newJarClient(tester), "/page", nil)
	first := scrape(t)[`caddy_cookie_consent_page_views_total{state="undecided"}`]
	if first == 0 {
		t.Fatalf("no page views after a visit: %v", scrape(t))
	}
	tester.InitServer(strings.Replace(config, "other_consent", "third_consent", 1), "caddyfile")
	visit(t, newJarClient(tester), "/page", nil)
	if again := scrape(t)[`caddy_cookie_consent_page_views_total{state="undecided"}`]; again != first+1 {
		t.Errorf("after a reload page views are %v, want %v", again, first+1)
	}
}
