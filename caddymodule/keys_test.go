package caddymodule

import (
	"strings"
	"testing"
)

func TestDecodeSecret(t *testing.T) {
	for _, tc := range []struct {
		in      string
		wantLen int
		wantErr string
	}{
		{in: testSecret, wantLen: 34},
		{in: strings.Repeat("ab", 32), wantLen: 32},
		{in: strings.Repeat("ab", 31), wantErr: "decodes to 31 bytes"},
		{in: "c2hvcnQ=", wantErr: "decodes to 5 bytes"},
		{in: "", wantErr: "is empty"},
		{in: "not a key at all!", wantErr: "neither hex nor base64"},
		{in: "  " + strings.Repeat("0f", 40) + "\n", wantLen: 40},
	} {
		key, err := decodeSecret(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("decodeSecret(%q) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || len(key) != tc.wantLen {
			t.Errorf("decodeSecret(%q) = %d bytes, %v; want %d bytes", tc.in, len(key), err, tc.wantLen)
		}
	}
}

func TestNewSecretDecodes(t *testing.T) {
	a, err := newSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newSecret()
	if a == b {
		t.Fatal("two fresh keys are equal")
	}
	if key, err := decodeSecret(a); err != nil || len(key) != minSecretBytes {
		t.Fatalf("fresh key %q does not decode to %d bytes: %v", a, minSecretBytes, err)
	}
}

func TestResolveSecrets(t *testing.T) {
	t.Setenv("CC_TEST_KEY", testSecret)
	t.Setenv("CC_TEST_SHORT", "c2hvcnQ=")
	if keys, _, err := resolveSecrets([]string{"{env.CC_TEST_KEY}", strings.Repeat("cd", 32)}); err != nil || len(keys) != 2 {
		t.Fatalf("resolveSecrets = %d keys, %v", len(keys), err)
	}
	// An unset older key is skipped, not fatal; an unset first key is.
	if keys, skipped, err := resolveSecrets([]string{"{env.CC_TEST_KEY}", "{env.CC_TEST_UNSET_OLD}"}); err != nil || len(keys) != 1 || len(skipped) != 1 {
		t.Errorf("an empty older key: %d keys, skipped %q, %v", len(keys), skipped, err)
	}
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, "no key configured"},
		{[]string{"{env.CC_TEST_UNSET_VARIABLE}"}, "{env.CC_TEST_UNSET_VARIABLE}"},
		{[]string{"{env.CC_TEST_SHORT}"}, "decodes to 5 bytes"},
		{[]string{"c2hvcnQ="}, "given literally"},
	} {
		_, _, err := resolveSecrets(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "cookie-consent-key") {
			t.Errorf("resolveSecrets(%q) error = %v, want it to mention %q and how to make a key", tc.in, err, tc.want)
		}
	}
	if _, _, err := resolveSecrets([]string{"c2hvcnQ="}); strings.Contains(err.Error(), "c2hvcnQ=") {
		t.Errorf("error echoes a literal key: %v", err)
	}
}
