package integration

// The README's Caddyfile and JSON examples run as printed.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

var (
	readmeCaddyfile = regexp.MustCompile("(?s)```caddyfile\n(example\\.com \\{.*?\n\\})\n```")
	readmeJSON      = regexp.MustCompile("(?s)```json\n(\\{\n  \"handler\": \"cookie_consent\".*?\n\\})\n```")
)

func TestReadmeExamplesRunAsPrinted(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	caddyfile, handler := readmeCaddyfile.FindSubmatch(readme), readmeJSON.FindSubmatch(readme)
	if caddyfile == nil || handler == nil {
		t.Fatalf("the README lost its Caddyfile or JSON example")
	}
	var h map[string]any
	if err := json.Unmarshal(handler[1], &h); err != nil {
		t.Fatalf("the README's JSON example: %v", err)
	}
	config, _ := json.Marshal(map[string]any{"apps": map[string]any{"http": map[string]any{"servers": map[string]any{"example": map[string]any{
		"listen": []string{"127.0.0.1:0"},
		"routes": []any{map[string]any{"handle": []any{h, map[string]any{"handler": "static_response", "body": "ok"}}}},
	}}}}})
	dir := t.TempDir()
	files := map[string][]byte{"Caddyfile": append(caddyfile[1], '\n'), "caddy.json": config}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The older key's placeholder is left unset, as a copier would: it is
	// skipped with a warning.
	env := []string{"COOKIE_CONSENT_SECRET=" + demoSecret, "COOKIE_CONSENT_OLD_SECRET="}
	for _, args := range [][]string{
		{"validate", "--config", filepath.Join(dir, "Caddyfile"), "--adapter", "caddyfile"},
		{"validate", "--config", filepath.Join(dir, "caddy.json")},
	} {
		if out, err := caddyCommand(t, env, args...).CombinedOutput(); err != nil {
			t.Errorf("caddy %v: %v\n%s", args, err, out)
		}
	}
	formatted, err := caddyCommand(t, nil, "fmt", filepath.Join(dir, "Caddyfile")).Output()
	if err != nil || string(formatted) != string(files["Caddyfile"]) {
		t.Errorf("the README's Caddyfile is not caddy fmt clean (%v):\n%s", err, formatted)
	}
}
