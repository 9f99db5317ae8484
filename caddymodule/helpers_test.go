package caddymodule

import (
	"io"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// testSecret is a 32-byte key in base64, for tests only.
const testSecret = "dGVzdC1rZXktZm9yLXVuaXQtdGVzdHMtb25seS0xMjM0NQ=="

// newTestHandler provisions a handler without Caddy; edit adjusts the config
// first. The returned logs hold what the handler logged.
func newTestHandler(t testing.TB, edit func(*Handler)) (*Handler, *observer.ObservedLogs) {
	t.Helper()
	h := &Handler{Secrets: []string{testSecret}}
	if edit != nil {
		edit(h)
	}
	core, logs := observer.New(zap.DebugLevel)
	if err := h.provision(zap.New(core)); err != nil {
		t.Fatalf("provision: %v", err)
	}
	return h, logs
}

func caddyDays(n int) caddy.Duration { return caddy.Duration(time.Duration(n) * 24 * time.Hour) }

func ioNopCloser(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }
