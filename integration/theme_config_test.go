package integration

// The theme block: adapted to JSON under the same names, and a bad value
// stops start-up with an error that names the option.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestThemeConfig(t *testing.T) {
	const site = "http://localhost:18099 {\n\tcookie_consent {\n\t\tsecret {env.COOKIE_CONSENT_SECRET}\n\t\ttheme {\n%s\t\t}\n\t}\n\trespond ok\n}\n"
	env := []string{"COOKIE_CONSENT_SECRET=" + demoSecret}
	write := func(theme string) string {
		path := filepath.Join(t.TempDir(), "Caddyfile")
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(site, "%s", theme)), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("\t\t\tposition box-left\n\t\t\tmanage hidden\n\t\t\taccent \"#7a1f5c\"\n\t\t\tbackground \"#fdfaf3\"\n\t\t\ttext \"#222\"\n\t\t\tfont \"Georgia, serif\"\n\t\t\tradius 6px\n")
	out, err := caddyCommand(t, env, "adapt", "--config", good, "--adapter", "caddyfile").Output()
	want := `"theme":{"accent":"#7a1f5c","background":"#fdfaf3","font":"Georgia, serif","manage":"hidden","position":"box-left","radius":"6px","text":"#222"}`
	if err != nil || !strings.Contains(string(out), want) {
		t.Errorf("caddy adapt: %v\n%s\nwant it to hold %s", err, out, want)
	}
	if out, err := caddyCommand(t, env, "validate", "--config", good, "--adapter", "caddyfile").CombinedOutput(); err != nil {
		t.Errorf("caddy validate: %v\n%s", err, out)
	}
	for theme, want := range map[string]string{
		"\t\t\taccent blue\n":                              `theme accent "blue": use a hex colour`,
		"\t\t\tposition top\n":                             `theme position "top"`,
		"\t\t\tbackground \"#fff\"\n\t\t\ttext \"#aaa\"\n": "theme text #aaa on background #fff: contrast 2.32:1",
		"\t\t\taccent #0b3a6f\n":                           `theme accent: expected one value (quote a colour: "#0b3a6f")`,
		"\t\t\tradius 1in\n":                               `theme radius "1in"`,
		"\t\t\tcolour #000\n":                              `theme: unknown option "colour"`,
	} {
		out, err := caddyCommand(t, env, "validate", "--config", write(theme), "--adapter", "caddyfile").CombinedOutput()
		// Caddy logs the error as JSON: its quotes come escaped.
		if err == nil || !strings.Contains(strings.ReplaceAll(string(out), `\"`, `"`), want) {
			t.Errorf("theme {%s}: %v, want an error saying %q:\n%s", theme, err, want, out)
		}
	}
}
