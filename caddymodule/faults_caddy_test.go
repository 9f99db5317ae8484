package caddymodule

// Faults under a real Caddy: an upstream that cuts off, lies about its
// length, never ends, or a client that leaves. Each must leave no
// goroutine or rewriter behind, never panic out of Caddy, and give the
// client what it should.

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// faultArticle is a page long enough to take several writes.
var faultArticle = strings.Replace(trackerPage, "<h1>", strings.Repeat("<p>Some long article text, paragraph after paragraph.</p>\n", 2000)+"<h1>", 1)

// afterBody is a page with 9,000 bytes after its </body>.
var afterBody = "<html><head></head><body><p>page</p></body>" + strings.Repeat("<p>late</p>\n", 750) + "<p>the end of what arrived</p>"

func faultUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/short-gzip":
			// A gzip body shorter than its Content-Length: the proxy
			// aborts the response (http.ErrAbortHandler).
			var zb bytes.Buffer
			zw := gzip.NewWriter(&zb)
			io.WriteString(zw, faultArticle)
			zw.Close()
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(zb.Len()))
			w.Write(zb.Bytes()[:zb.Len()/2])
		case "/cut":
			// A page cut off by the upstream after its first 9,000 bytes.
			h.Set("Content-Length", strconv.Itoa(len(faultArticle)))
			io.WriteString(w, faultArticle[:9000])
		case "/cut-after-body":
			// Cut in what follows a </body>, which the rewriter holds in
			// case a later </body> comes.
			h.Set("Content-Length", strconv.Itoa(len(afterBody)+1000))
			io.WriteString(w, afterBody)
		case "/endless":
			for i := 0; r.Context().Err() == nil && i < 1e6; i++ {
				if _, err := io.WriteString(w, "<p>more and more</p>\n"); err != nil {
					return
				}
			}
		case "/trailers":
			h.Set("Content-Type", "application/octet-stream")
			h.Set("Trailer", "Set-Cookie")
			io.WriteString(w, "data")
			h.Add("Set-Cookie", "_ga=GA1.1.1; Path=/")
			h.Add("Set-Cookie", "PHPSESSID=1; Path=/")
			h.Set(http.TrailerPrefix+"Set-Cookie", "_gid=GA1.1.2; Path=/")
		case "/echo":
			// A POST's body, echoed; answers 206 to any Range it gets.
			body, _ := io.ReadAll(r.Body)
			if r.Header.Get("Range") != "" {
				h.Set("Content-Range", "bytes 0-"+strconv.Itoa(len(body)-1)+"/"+strconv.Itoa(len(body)))
				w.WriteHeader(http.StatusPartialContent)
			}
			w.Write(body)
		default:
			io.WriteString(w, faultArticle)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// settledGoroutines waits until the goroutine count is at most limit, and
// returns the last count seen.
func settledGoroutines(limit int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); n > limit && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(20 * time.Millisecond)
	}
	return n
}

func TestCaddyFaultsLeaveNothingBehind(t *testing.T) {
	tester := startCaddy(t, faultUpstream(t), "", "")
	client := tester.Client
	get := func(path string) (int, []byte, error) {
		req, _ := http.NewRequest(http.MethodGet, "http://localhost:9080"+path, nil)
		req.Header.Set("Accept", "text/html")
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	}
	if code, body, err := get("/whole"); err != nil || code != 200 || !strings.Contains(string(body), "cookie-consent") {
		t.Fatalf("a whole page: %d %v", code, err)
	}
	client.CloseIdleConnections()
	baseline := settledGoroutines(0)
	const rounds = 50
	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"upstream gzip shorter than its length", func() error { _, _, err := get("/short-gzip"); return ignoreCut(err) }},
		{"upstream cut mid-body", func() error { _, _, err := get("/cut"); return ignoreCut(err) }},
		{"client leaves an endless page", func() error { return leaveEarly(client, "/endless") }},
		{"client leaves a whole page", func() error { return leaveEarly(client, "/whole") }},
	} {
		for range rounds {
			if err := tc.do(); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
		client.CloseIdleConnections()
		// A little slack for Caddy's own background work; a leak costs one
		// goroutine or more per round.
		n := settledGoroutines(baseline + 5)
		if n > baseline+5 {
			t.Errorf("%s, %d times: %d goroutines, %d before", tc.name, rounds, n, baseline)
		}
		t.Logf("%s, %d times: %d goroutines after, %d before", tc.name, rounds, n, baseline)
	}
}

// ignoreCut accepts the error a client sees when the response was cut.
func ignoreCut(err error) error {
	if err == nil || strings.HasSuffix(err.Error(), "EOF") {
		return nil
	}
	return err
}

// leaveEarly reads the first bytes of a page, then hangs up.
func leaveEarly(client *http.Client, path string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://localhost:9080"+path, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadFull(resp.Body, make([]byte, 1024))
	return err
}

// What arrived before the upstream failed is passed on, as far as it is
// safe: a cut page loses at most the tag it was cut in.
func TestCaddyFaultCutPagePassesWhatArrived(t *testing.T) {
	tester := startCaddy(t, faultUpstream(t), "", "")
	for path, last := range map[string]string{
		"/cut":            faultArticle[8900:8990],
		"/cut-after-body": "<p>the end of what arrived</p>",
	} {
		req, _ := http.NewRequest(http.MethodGet, "http://localhost:9080"+path, nil)
		req.Header.Set("Accept", "text/html")
		resp, err := tester.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := markedBlock.ReplaceAllString(string(body), "")
		if !strings.Contains(page, last) {
			t.Errorf("%s: the client got %d bytes, without the last ones that arrived (%q)", path, len(page), last)
		}
		if strings.Contains(page, ` src="https://www.googletagmanager.com`) {
			t.Errorf("%s: a tracker passed in the cut page", path)
		}
	}
}

// A POST with Range is sent upstream with its body, and without Range
// (RFC 9110 §14.2 defines it for GET only).
func TestCaddyFaultPostWithRange(t *testing.T) {
	tester := startCaddy(t, faultUpstream(t), "", "")
	const form = "<p>posted body</p>"
	req, _ := http.NewRequest(http.MethodPost, "http://localhost:9080/echo", strings.NewReader(form))
	req.Header.Set("Range", "bytes=0-4")
	resp, err := tester.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(markedBlock.ReplaceAllString(string(body), ""), form) {
		t.Errorf("POST with Range: %d %q", resp.StatusCode, body)
	}
}

// Set-Cookie in a trailer is filtered like one in the header.
func TestCaddyFaultTrailerCookies(t *testing.T) {
	tester := startCaddy(t, faultUpstream(t), "", "")
	resp, err := tester.Client.Get("http://localhost:9080/trailers")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	got := strings.Join(resp.Trailer.Values("Set-Cookie"), " | ")
	if string(body) != "data" || strings.Contains(got, "_ga") || !strings.Contains(got, "PHPSESSID") {
		t.Errorf("body %q, trailer Set-Cookie %q: want the analytics cookies dropped, the session kept", body, got)
	}
}
