package integration

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// startInstance runs one Caddy of a fleet: cookie_consent on port, admin
// (with /metrics) on adminPort, in front of upstream.
func startInstance(t *testing.T, port, adminPort int, upstream string) {
	t.Helper()
	config := fmt.Sprintf(`{
	admin 127.0.0.1:%d
	auto_https off
	persist_config off
}
http://127.0.0.1:%d {
	bind 127.0.0.1
	cookie_consent {
		secret {env.COOKIE_CONSENT_SECRET}
	}
	reverse_proxy %s
}
`, adminPort, port, strings.TrimPrefix(upstream, "http://"))
	file := filepath.Join(t.TempDir(), "Caddyfile")
	if err := os.WriteFile(file, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	runCaddy(t, file, fmt.Sprintf("http://127.0.0.1:%d/.well-known/cookie-consent", port))
}

func pageViews(t *testing.T, adminPort int) float64 {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", adminPort))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	total := 0.0
	for _, m := range regexp.MustCompile(`(?m)^caddy_cookie_consent_page_views_total\{[^}]*\} (\S+)$`).FindAllStringSubmatch(string(body), -1) {
		v, _ := strconv.ParseFloat(m[1], 64)
		total += v
	}
	return total
}

// Two instances that share only the key: a decision made through one is
// honoured by the other, and their counts add up.
func TestFleetSharesOnlyTheKey(t *testing.T) {
	caddyBinary(t)
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "_ga=GA1.1.1; Path=/")
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><head></head><body>page</body></html>")
	}))
	defer upstream.Close()
	startInstance(t, 18101, 18111, upstream.URL)
	startInstance(t, 18102, 18112, upstream.URL)

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm("http://127.0.0.1:18101/.well-known/cookie-consent", url.Values{"consent": {"all"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The jar keys cookies by host, not port: the same cookie goes to both.
	views := 0
	for _, port := range []int{18101, 18102, 18102} {
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/", port), nil)
		req.Header.Set("Accept", "text/html")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		views++
		if !strings.Contains(resp.Header.Get("Set-Cookie"), "_ga=") {
			t.Errorf("instance %d did not honour the decision made through the other", port)
		}
	}
	if got := pageViews(t, 18111) + pageViews(t, 18112); got != float64(views) {
		t.Errorf("page views summed over the fleet: %v, want %d", got, views)
	}
	if pageViews(t, 18111) != 1 || pageViews(t, 18112) != 2 {
		t.Errorf("per instance: %v and %v, want 1 and 2", pageViews(t, 18111), pageViews(t, 18112))
	}
}
