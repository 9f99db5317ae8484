package caddymodule

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

// TestSwitchingProtocolsIsNoPage checks that a 101 goes out at once and
// gets no banner, even with an HTML Content-Type: the connection after it
// belongs to another protocol.
func TestSwitchingProtocolsIsNoPage(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	rec := httptest.NewRecorder()
	upstream := caddyhttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Upgrade", "websocket")
		w.WriteHeader(http.StatusSwitchingProtocols)
		if rec.Code != http.StatusSwitchingProtocols {
			t.Errorf("101 held back: the writer beneath has %d", rec.Code)
		}
		return nil
	})
	r := httptest.NewRequest("GET", "http://shop.example/ws", nil)
	r.Header.Set("Accept", "text/html")
	if err := h.ServeHTTP(rec, r, upstream); err != nil {
		t.Fatal(err)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("bytes written after a 101: %.80q", rec.Body.String())
	}
}
