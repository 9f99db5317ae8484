// Package integration drives the Caddy binary that ./xcaddy.sh build makes,
// with Caddyfile.example, as a user would.
package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cookieconsent/caddy-cookie-consent/internal/testport"
)

// demoSecret is the demo key of xcaddy.sh run; tests only.
const demoSecret = "ZGVtby1rZXktZG8tbm90LXVzZS1pbi1wcm9kdWN0aW9uISE="

const demoURL = "http://localhost:8080"

// repoRoot is the checkout's top folder (Caddyfile.example's paths are relative to it).
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// caddyBinary returns the binary built by ./xcaddy.sh build, or skips.
func caddyBinary(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("COOKIE_CONSENT_CADDY")
	if bin == "" {
		bin = filepath.Join(repoRoot(t), "caddy")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("no Caddy binary at %s: run ./xcaddy.sh build (./xcaddy.sh test does)", bin)
	}
	return bin
}

// caddyCommand prepares the binary with XDG folders of the test's own; it
// is killed if it still runs two minutes later.
func caddyCommand(t testing.TB, env []string, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, caddyBinary(t), args...)
	cmd.Dir = repoRoot(t)
	tmp := t.TempDir()
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+tmp, "XDG_DATA_HOME="+tmp, "HOME="+tmp)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// startDemo runs Caddyfile.example and waits until it answers.
func startDemo(t testing.TB) {
	t.Helper()
	runCaddy(t, "Caddyfile.example", demoURL+"/.well-known/cookie-consent")
}

// runCaddy runs the built binary with a Caddyfile until the test ends, and
// waits until ready answers 200.
func runCaddy(t testing.TB, caddyfile, ready string) {
	t.Helper()
	if u, err := url.Parse(ready); err != nil {
		t.Fatal(err)
	} else if err := testport.Taken(u.Host); err != nil {
		t.Fatal(err)
	}
	cmd := caddyCommand(t, []string{"COOKIE_CONSENT_SECRET=" + demoSecret}, "run", "--config", caddyfile, "--adapter", "caddyfile")
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("caddy output:\n%s", logs.String())
		}
	})
	client := &http.Client{Timeout: 2 * time.Second}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("caddy exited: %v\n%s", err, logs.String())
		default:
		}
		if resp, err := client.Get(ready); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	t.Fatalf("caddy did not answer on %s\n%s", ready, logs.String())
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newBrowserlessClient(t testing.TB) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

func cookieNames(jar http.CookieJar) []string {
	u, _ := url.Parse(demoURL)
	var names []string
	for _, c := range jar.Cookies(u) {
		names = append(names, c.Name)
	}
	return names
}

func hasAll(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, l := range list {
			found = found || l == w
		}
		if !found {
			return false
		}
	}
	return true
}

func TestDemoWithCookieJar(t *testing.T) {
	startDemo(t)
	client := newBrowserlessClient(t)

	resp, err := client.Get(demoURL + "/about.html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := cookieNames(client.Jar); len(got) != 1 || got[0] != "PHPSESSID" {
		t.Fatalf("before a decision the browser holds %v; want only PHPSESSID", got)
	}

	// Accept all with the banner's plain form; follow the 303 back.
	resp, err = client.PostForm(demoURL+"/.well-known/cookie-consent", url.Values{"consent": {"all"}, "return": {"/about.html"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/about.html" || resp.StatusCode != 200 {
		t.Fatalf("after the decision the browser is at %s (%d)", resp.Request.URL, resp.StatusCode)
	}
	if got := cookieNames(client.Jar); !hasAll(got, "cookie_consent", "PHPSESSID", "lang", "_ga", "_gid", "_fbp", "mystats_visitor") {
		t.Fatalf("after accepting all the browser holds %v", got)
	}

	// Withdraw: every optional cookie the browser holds is expired.
	resp, err = client.PostForm(demoURL+"/.well-known/cookie-consent", url.Values{"consent": {"none"}, "return": {"/api.json"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := cookieNames(client.Jar); len(got) != 2 || !hasAll(got, "cookie_consent", "PHPSESSID") {
		t.Fatalf("after withdrawing the browser holds %v; want only cookie_consent and PHPSESSID", got)
	}

	// Custom: preferences only.
	resp, err = client.PostForm(demoURL+"/.well-known/cookie-consent", url.Values{"consent": {"custom"}, "category": {"preferences"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := cookieNames(client.Jar); len(got) != 3 || !hasAll(got, "cookie_consent", "PHPSESSID", "lang") {
		t.Fatalf("after accepting preferences the browser holds %v", got)
	}
}

func TestDemoNonHTMLUntouched(t *testing.T) {
	startDemo(t)
	for _, path := range []string{"/widget.svg", "/stats/pixel.gif", "/api.json", "/style.css"} {
		want, err := os.ReadFile(filepath.Join(repoRoot(t), "integration/legacysite", path))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(demoURL + path)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		_, _ = got.ReadFrom(resp.Body)
		resp.Body.Close()
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: body changed (%d bytes, want %d)", path, got.Len(), len(want))
		}
	}
}

func TestKeyCommand(t *testing.T) {
	out, err := caddyCommand(t, nil, "cookie-consent-key").Output()
	if err != nil {
		t.Fatal(err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(out)))
	if err != nil || len(key) != 32 {
		t.Fatalf("cookie-consent-key printed %q: %d bytes, %v", out, len(key), err)
	}
}

func TestAdaptKeepsSecretOut(t *testing.T) {
	out, err := caddyCommand(t, []string{"COOKIE_CONSENT_SECRET=" + demoSecret}, "adapt", "--config", "Caddyfile.example").CombinedOutput()
	if err != nil {
		t.Fatalf("caddy adapt: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte(demoSecret)) || !bytes.Contains(out, []byte(`"{env.COOKIE_CONSENT_SECRET}"`)) {
		t.Errorf("the adapted JSON must hold the placeholder, not the key:\n%s", out)
	}
	if !bytes.Contains(out, []byte(`"handler":"cookie_consent"`)) {
		t.Errorf("no cookie_consent handler in the adapted JSON")
	}
}

func TestStartWithoutSecretFails(t *testing.T) {
	cmd := caddyCommand(t, []string{"COOKIE_CONSENT_SECRET="}, "run", "--config", "Caddyfile.example", "--adapter", "caddyfile")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("caddy started without a key (err %v):\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("secret")) || !bytes.Contains(out, []byte("cookie-consent-key")) {
		t.Errorf("the start-up error does not name the option and how to make a key:\n%s", out)
	}
}
