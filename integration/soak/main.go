// Command soak runs the built Caddy with cookie_consent in front of an
// upstream of its own for a bounded time, on loopback only, under mixed
// traffic (pages, decisions, aborted pages, short gzip bodies, cut
// upstreams) with a config reload every minute, and samples the Caddy
// process's goroutines and RSS every 10 s: flat lines mean nothing leaks.
// Run it by hand, never in CI:
//
//	./xcaddy.sh build && go run ./integration/soak -duration 10m
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	duration := flag.Duration("duration", 10*time.Minute, "how long to run (at most 30m)")
	caddyBin := flag.String("caddy", "./caddy", "the Caddy binary built by ./xcaddy.sh build")
	workers := flag.Int("workers", 8, "concurrent clients")
	flag.Parse()
	if *duration > 30*time.Minute {
		log.Fatal("soak: -duration is bounded to 30m")
	}
	upstream := startUpstream()
	dir, err := os.MkdirTemp("", "cookie-consent-soak")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	proxy, admin := freeAddr(), freeAddr()
	conf := filepath.Join(dir, "Caddyfile")
	writeConfig := func(version int) {
		body := fmt.Sprintf(`{
	admin %s
	auto_https off
	persist_config off
	log {
		level ERROR
	}
}
http://%s {
	encode
	cookie_consent {
		secret {env.COOKIE_CONSENT_SECRET}
		policy_version soak-%d
	}
	reverse_proxy %s
}
`, admin, proxy, version%2, upstream)
		if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	writeConfig(0)
	cmd := exec.Command(*caddyBin, "run", "--config", conf, "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "COOKIE_CONSENT_SECRET=c29hay1rZXktZm9yLXRlc3RzLW9ubHktMTIzNDU2Nzg5MA==",
		"XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	waitUp("http://" + proxy + "/")

	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	var requests, failures atomic.Int64
	var wg sync.WaitGroup
	for i := range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client(ctx, i, "http://"+proxy, &requests, &failures)
		}()
	}
	fmt.Println("time\trequests\t5xx\tgoroutines\trss_kb\treloads")
	reloads := 0
	sample := time.NewTicker(10 * time.Second)
	reload := time.NewTicker(time.Minute)
	start := time.Now()
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-reload.C:
			reloads++
			writeConfig(reloads)
			out, err := exec.Command(*caddyBin, "reload", "--config", conf, "--adapter", "caddyfile", "--address", admin).CombinedOutput()
			if err != nil {
				log.Printf("soak: reload %d failed: %v\n%s", reloads, err, out)
			}
		case <-sample.C:
			fmt.Printf("%s\t%d\t%d\t%d\t%d\t%d\n", time.Since(start).Round(time.Second), requests.Load(), failures.Load(),
				goroutines(admin), rssKB(cmd.Process.Pid), reloads)
		}
	}
	wg.Wait()
	time.Sleep(2 * time.Second)
	fmt.Printf("end\t%d\t%d\t%d\t%d\t%d\n", requests.Load(), failures.Load(), goroutines(admin), rssKB(cmd.Process.Pid), reloads)
}

// client sends a mix of requests until ctx ends.
func client(ctx context.Context, id int, base string, requests, failures *atomic.Int64) {
	c := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for n := 0; ctx.Err() == nil; n++ {
		var req *http.Request
		switch n % 10 {
		case 0:
			req, _ = http.NewRequest(http.MethodPost, base+"/.well-known/cookie-consent", strings.NewReader(url.Values{"consent": {[]string{"all", "none", "custom"}[id%3]}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		case 1:
			// A client that leaves after the first bytes.
			abortCtx, stop := context.WithCancel(ctx)
			req, _ = http.NewRequestWithContext(abortCtx, http.MethodGet, base+"/long", nil)
			req.Header.Set("Accept", "text/html")
			if resp, err := c.Do(req); err == nil {
				_, _ = io.ReadFull(resp.Body, make([]byte, 512))
				stop()
				resp.Body.Close()
			}
			stop()
			requests.Add(1)
			continue
		case 2:
			req, _ = http.NewRequest(http.MethodGet, base+"/short-gzip", nil)
		case 3:
			req, _ = http.NewRequest(http.MethodGet, base+"/cut", nil)
		default:
			req, _ = http.NewRequest(http.MethodGet, base+"/page", nil)
		}
		req = req.WithContext(ctx)
		if req.Header.Get("Accept") == "" {
			req.Header.Set("Accept", "text/html")
		}
		resp, err := c.Do(req)
		requests.Add(1)
		if err != nil {
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// The upstream faults answer 502 by design when nothing was sent.
		if resp.StatusCode >= 500 && req.URL.Path == "/page" {
			failures.Add(1)
		}
	}
}

// startUpstream serves a legacy page, a long one, and faulty ones.
func startUpstream() string {
	page := `<!DOCTYPE html><html><head><script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head><body>` +
		strings.Repeat("<p>Article text.</p>\n", 500) + `<img src="https://www.facebook.com/tr?id=1"></body></html>`
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	io.WriteString(zw, page)
	zw.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Add("Set-Cookie", "_ga=GA1.1.1; Path=/")
		h.Add("Set-Cookie", "PHPSESSID=1; Path=/")
		switch r.URL.Path {
		case "/long":
			for i := 0; i < 200 && r.Context().Err() == nil; i++ {
				io.WriteString(w, page)
			}
		case "/short-gzip":
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(zb.Len()))
			w.Write(zb.Bytes()[:zb.Len()/2])
		case "/cut":
			h.Set("Content-Length", strconv.Itoa(len(page)))
			io.WriteString(w, page[:len(page)/2])
		default:
			io.WriteString(w, page)
		}
	}))
	return l.Addr().String()
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitUp(u string) {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			return
		}
	}
	log.Fatal("soak: Caddy did not come up")
}

var goroutineTotal = regexp.MustCompile(`goroutine profile: total (\d+)`)

// goroutines reads the Caddy process's goroutine count from its admin API.
func goroutines(admin string) int {
	resp, err := http.Get("http://" + admin + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	head := make([]byte, 128)
	n, _ := io.ReadFull(resp.Body, head)
	m := goroutineTotal.FindSubmatch(head[:n])
	if m == nil {
		return -1
	}
	v, _ := strconv.Atoi(string(m[1]))
	return v
}

// rssKB reads VmRSS of a process.
func rssKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	return -1
}
