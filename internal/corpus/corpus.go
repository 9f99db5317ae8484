// Package corpus finds the shared external test data (../shared/corpus beside
// the checkout). Tests that use it skip, with a message, where it is absent;
// none of it is copied into the project.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the path of corpus sub-folder sub (for example "pages"), or
// skips the test when it cannot be found. COOKIE_CONSENT_CORPUS overrides the
// search.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	if root := os.Getenv("COOKIE_CONSENT_CORPUS"); root != "" {
		return existing(t, filepath.Join(root, sub))
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		candidate := filepath.Join(dir, "shared", "corpus", sub)
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("corpus folder shared/corpus/%s not found above the checkout; set COOKIE_CONSENT_CORPUS to run this test", sub)
		}
		dir = parent
	}
}

func existing(t testing.TB, path string) string {
	t.Helper()
	if st, err := os.Stat(path); err != nil || !st.IsDir() {
		t.Skipf("corpus folder %s not found", path)
	}
	return path
}
