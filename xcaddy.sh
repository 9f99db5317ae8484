#!/usr/bin/env bash
# Build, run or test Caddy with the cookie_consent module.
#   ./xcaddy.sh build   builds ./caddy (offline once `go mod download` has run)
#   ./xcaddy.sh run     builds, then serves the demo of Caddyfile.example on http://localhost:8080
#   ./xcaddy.sh test    builds, then runs every test (unit, in-process Caddy, binary, browser)
#   ./xcaddy.sh fresh-check  resolves the build from an empty module cache (CI runs it)
set -euo pipefail
cd "$(dirname "$0")"

module=$(go list -m)
caddy_version=$(go list -m -f '{{.Version}}' github.com/caddyserver/caddy/v2)
xcaddy_version=v0.4.5

# build_proxy is GOPROXY for xcaddy. xcaddy builds in a new module whose
# go.sum is empty, so Go checks every Caddy module against the checksum
# database, which it reaches through the module proxy; and xcaddy looks up
# our own module there too, which no proxy has (it answers 403 or 404, and
# `direct` would try a Git host). So: the proxies of `go env GOPROXY`, each
# falling through on any error ('|') to `off`, which Go reads as "no such
# module" and then takes ours from --replace. Checksums are still verified.
build_proxy() {
	local entry list=
	for entry in $(go env GOPROXY | tr ',|' '  '); do
		case "$entry" in direct | off) ;; *) list+="$entry|" ;; esac
	done
	echo "${list}off"
}

# xcaddy_build runs xcaddy with the build's settings; extra environment
# (such as XCADDY_SKIP_BUILD) comes from the caller.
xcaddy_build() {
	local xcaddy
	xcaddy=$(go env GOPATH)/bin/xcaddy
	if [ ! -x "$xcaddy" ]; then
		go install "github.com/caddyserver/xcaddy/cmd/xcaddy@$xcaddy_version"
	fi
	GOPROXY=$(build_proxy) "$xcaddy" build "$caddy_version" \
		--output ./caddy \
		--with "$module/caddymodule" \
		--replace "$module=."
}

build() {
	go mod download
	XCADDY_SKIP_CLEANUP=0 xcaddy_build
}

# fresh_check resolves the build's modules as a new machine does: from an
# empty module cache, so that no lookup kept by a used machine hides a
# failure. It stops before compiling (XCADDY_SKIP_BUILD) to stay cheap.
fresh_check() {
	local tmp status=0
	tmp=$(mktemp -d)
	mkdir "$tmp/mod" "$tmp/build"
	if ! GOMODCACHE="$tmp/mod" TMPDIR="$tmp/build" XCADDY_SKIP_BUILD=1 \
		xcaddy_build >"$tmp/log" 2>&1; then
		grep -v -e '^go: downloading' -e '^go: added' "$tmp/log" | tail -n 20 >&2
		echo "xcaddy.sh: the build fails from an empty module cache with GOPROXY=$(build_proxy); see README, Build" >&2
		status=1
	fi
	GOMODCACHE="$tmp/mod" go clean -modcache
	rm -rf "$tmp"
	[ "$status" = 0 ] && echo "xcaddy.sh: the build resolves from an empty module cache"
	return "$status"
}

# fuzz runs one fuzz target briefly. Go 1.26's fuzz coordinator can fail a
# target with a bare "context deadline exceeded" when -fuzztime ends while
# a worker is busy (golang/go#75804, fixed in Go 1.27); that is not a
# failure of ours when no input was being minimised or written then. Any
# other failure, and any failing input, is.
fuzz() { # folder target
	local out
	if out=$(go test -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZTIME:-10s}" "$1" 2>&1); then
		echo "$out" | tail -n 1
		return 0
	fi
	local verdict
	verdict=$(grep -A1 -- "--- FAIL: $2 " <<<"$out" || true)
	if grep -q '^ *context deadline exceeded$' <<<"$verdict" &&
		! grep -q -e 'Failing input written to' -e 'fuzz: minimizing' <<<"$out" &&
		[ -z "$(git status --porcelain -- "$1/testdata/fuzz/$2" 2>/dev/null)" ]; then
		echo "xcaddy.sh: $2 stopped on Go's fuzz deadline race (golang/go#75804) with no failing input: passed"
		return 0
	fi
	echo "$out"
	return 1
}

# test_tools installs what the browser and DOM tests need, where it can:
# Debian's chromium (as root), and jsdom and axe-core from npm into cache
# folders (the browser tests read axe-core from $AXE_CORE_DIR).
test_tools() {
	if ! command -v chromium >/dev/null 2>&1; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
			apt-get update -qq
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
		else
			echo "chromium is missing: browser tests will skip (apt-get install chromium)" >&2
		fi
	fi
	if [ -z "${JSDOM_DIR:-}" ] && command -v npm >/dev/null 2>&1; then
		JSDOM_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/cookie-consent/jsdom"
		if [ ! -d "$JSDOM_DIR/node_modules/jsdom" ]; then
			mkdir -p "$JSDOM_DIR"
			npm install --prefix "$JSDOM_DIR" --no-audit --no-fund --silent jsdom@26.1.0 >/dev/null
		fi
		export JSDOM_DIR
	fi
	if [ -z "${AXE_CORE_DIR:-}" ] && command -v npm >/dev/null 2>&1; then
		AXE_CORE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/cookie-consent/axe-core"
		if [ ! -f "$AXE_CORE_DIR/node_modules/axe-core/axe.min.js" ]; then
			mkdir -p "$AXE_CORE_DIR"
			npm install --prefix "$AXE_CORE_DIR" --no-audit --no-fund --silent axe-core@4.14.1 >/dev/null
		fi
		export AXE_CORE_DIR
	fi
}

case "${1:-}" in
build)
	build
	;;
fresh-check)
	fresh_check
	;;
run)
	build
	if [ -z "${COOKIE_CONSENT_SECRET:-}" ]; then
		# The demo's key: for this demo only, never for a real site.
		export COOKIE_CONSENT_SECRET=ZGVtby1rZXktZG8tbm90LXVzZS1pbi1wcm9kdWN0aW9uISE=
		echo "Using the DEMO key; for a real site run: ./caddy cookie-consent-key" >&2
	fi
	exec ./caddy run --config Caddyfile.example --adapter caddyfile
	;;
test)
	build
	test_tools
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	# caddytest writes into the XDG folders; keep that out of $HOME.
	export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
	export COOKIE_CONSENT_CADDY="$PWD/caddy"
	# -p 1: caddytest tests share fixed ports across packages.
	go test -p 1 -count=1 ./...
	# The race detector over the packages that run concurrently (the
	# handler under a real Caddy, and what it calls).
	go test -race -p 1 -count=1 ./caddymodule/...
	# Fuzz targets, briefly: they catch panics on hostile input.
	grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u | while read -r dir; do
		for fn in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go | cut -d' ' -f2); do
			fuzz "$dir" "$fn"
		done
	done
	;;
*)
	echo "usage: $0 build|run|test|fresh-check" >&2
	exit 2
	;;
esac
