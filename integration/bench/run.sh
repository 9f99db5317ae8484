#!/usr/bin/env bash
# Benchmark: `cookie_consent` + `reverse_proxy` against a plain `reverse_proxy`,
# both in front of the same origin, with wrk. Run it by hand (never in CI,
# never from `go test`); it stops by itself and exits 0 whatever the figures.
#
#   integration/bench/run.sh                      # full run (3 rounds x 5 s per proxy and target)
#   BENCH_QUICK=1 integration/bench/run.sh        # smoke run (1 round x 2 s)
#   CADDY=/path/to/caddy integration/bench/run.sh # use that binary instead of ./xcaddy.sh build
#
# It builds ./caddy (./xcaddy.sh build), writes its test data into a temp
# folder (go run ./integration/bench/genpages: a ~20 KB and a ~500 KB article
# page with trackers, a 5 MB random file), starts three Caddy processes on
# 127.0.0.1 (ORIGIN: file_server setting PHPSESSID, _ga, _gid; PLAIN proxy;
# CONSENT proxy), checks that the consent proxy really enforces, then runs wrk
# against both proxies in turn (plain, consent, plain, consent, ...), and
# prints the median req/s, the ratio consent/plain against the goals
# (>= 0.90 at 20 KB, >= 0.70 at 500 KB, >= 0.97 on non-HTML) and the peak RSS
# (VmHWM) ratio (goal <= 1.1), plus each proxy's CPU time and write
# syscalls per request (from /proc; steadier than req/s on a shared machine).
# Every request is a first visit (no consent cookie), the heaviest case:
# cookies filtered, trackers held back, banner injected. wrk output and Caddy
# logs land in integration/bench/out/ (ignored by git).
#
# Settings (environment):
#   BENCH_ROUNDS=3  BENCH_DURATION=5 (seconds per wrk run)  BENCH_WARMUP=1 (seconds, 0: none)
#   BENCH_THREADS=2  BENCH_CONNECTIONS=32  BENCH_QUICK=1 (1 round, 2 s)
#   BENCH_ORIGIN_PORT=19000  BENCH_PLAIN_PORT=19001  BENCH_CONSENT_PORT=19002
#   BENCH_OUT=integration/bench/out/<date>   CADDY=/path/to/caddy
#   BENCH_ALLOW_NO_REWRITE=1  go on even if pages are not rewritten (Set-Cookie-only figures)
# Needs: go, curl, wrk (Debian/Ubuntu: apt-get install -y wrk).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

# --- settings ---------------------------------------------------------------
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-5}
if [ -n "${BENCH_QUICK:-}" ] && [ "${BENCH_QUICK}" != 0 ]; then
	rounds=1
	duration=2
fi
warmup=${BENCH_WARMUP:-1}
threads=${BENCH_THREADS:-2}
conns=${BENCH_CONNECTIONS:-32}
origin_port=${BENCH_ORIGIN_PORT:-19000}
plain_port=${BENCH_PLAIN_PORT:-19001}
consent_port=${BENCH_CONSENT_PORT:-19002}
for v in rounds duration warmup threads conns origin_port plain_port consent_port; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}'); durations are in seconds"
done
[ "$rounds" -ge 1 ] && [ "$duration" -ge 1 ] || die "BENCH_ROUNDS and BENCH_DURATION must be at least 1"

# --- tools ------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
	echo "bench: wrk is not installed. On Debian/Ubuntu:" >&2
	echo "    apt-get install -y wrk" >&2
	exit 1
fi
command -v curl >/dev/null 2>&1 || die "curl is not installed (apt-get install -y curl)"
command -v go >/dev/null 2>&1 || die "go is not installed"

if [ -z "${CADDY:-}" ]; then
	note "building ./caddy with ./xcaddy.sh build"
	./xcaddy.sh build || die "./xcaddy.sh build failed (is the module mid-edit? check 'go build ./...' and retry)"
	CADDY=$root/caddy
fi
[ -x "$CADDY" ] || die "CADDY=$CADDY is not an executable"
"$CADDY" list-modules 2>/dev/null | grep -x 'http.handlers.cookie_consent' >/dev/null ||
	die "$CADDY has no http.handlers.cookie_consent module"

for p in "$origin_port" "$plain_port" "$consent_port"; do
	if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"; then
		die "something already answers on 127.0.0.1:$p; free it or set BENCH_*_PORT"
	fi
done

# --- folders and clean-up ---------------------------------------------------
out=${BENCH_OUT:-$root/integration/bench/out/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cookie-consent-bench.XXXXXX")
pids=()

cleanup() {
	local pid i
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do
		for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- data -------------------------------------------------------------------
data=$tmp/data
go run ./integration/bench/genpages -out "$data" || die "could not generate the test data"

# --- Caddy processes --------------------------------------------------------
export XDG_CONFIG_HOME=$tmp/xdg/config XDG_DATA_HOME=$tmp/xdg/data
export COOKIE_CONSENT_SECRET
COOKIE_CONSENT_SECRET=$(head -c 32 /dev/urandom | base64)

global='{
	admin off
	auto_https off
	persist_config off
	grace_period 2s
	log {
		level ERROR
	}
}'

cat >"$tmp/origin.Caddyfile" <<EOF
$global

http://:$origin_port {
	bind 127.0.0.1
	root * $data
	header {
		+Set-Cookie "PHPSESSID=3f9a1c0d5e7b2a4c9e1f; Path=/; HttpOnly"
		+Set-Cookie "_ga=GA1.1.1234567890.1764300000; Path=/; Max-Age=63072000"
		+Set-Cookie "_gid=GA1.1.987654321.1764300000; Path=/; Max-Age=86400"
	}
	file_server
}
EOF

cat >"$tmp/plain.Caddyfile" <<EOF
$global

http://:$plain_port {
	bind 127.0.0.1
	reverse_proxy 127.0.0.1:$origin_port
}
EOF

cat >"$tmp/consent.Caddyfile" <<EOF
$global

http://:$consent_port {
	bind 127.0.0.1
	cookie_consent {
		secret {env.COOKIE_CONSENT_SECRET}
	}
	reverse_proxy 127.0.0.1:$origin_port
}
EOF
cp "$tmp"/*.Caddyfile "$out/"

start() { # name port -> sets pid_<name>
	local name=$1 port=$2 pid i
	"$CADDY" run --config "$tmp/$name.Caddyfile" --adapter caddyfile >"$out/$name.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	printf -v "pid_$name" %s "$pid"
	for i in $(seq 100); do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 20 "$out/$name.log" >&2
			die "the $name Caddy exited at start-up (log above, $out/$name.log)"
		fi
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && return 0
		sleep 0.1
	done
	die "the $name Caddy does not answer on 127.0.0.1:$port after 10 s ($out/$name.log)"
}
start origin "$origin_port"
start plain "$plain_port"
start consent "$consent_port"

hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; } # kB
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; } # kB
idle_hwm_plain=$(hwm "$pid_plain")
idle_hwm_consent=$(hwm "$pid_consent")

# --- is the consent proxy enforcing? ---------------------------------------
chk=$tmp/check
mkdir -p "$chk"
fetch() { # name port path accept
	curl -sS --max-time 20 -H "Accept: $4" -D "$chk/$1.h" -o "$chk/$1.b" "http://127.0.0.1:$2$3" ||
		die "could not fetch http://127.0.0.1:$2$3"
}
fetch plain20 "$plain_port" /page-20k.html text/html
fetch consent20 "$consent_port" /page-20k.html text/html
fetch plain500 "$plain_port" /page-500k.html text/html
fetch consent500 "$consent_port" /page-500k.html text/html
fetch plainbin "$plain_port" /blob-5m.bin '*/*'
fetch consentbin "$consent_port" /blob-5m.bin '*/*'

cmp -s "$chk/plain20.b" "$data/page-20k.html" || die "the PLAIN proxy does not return the origin's bytes for /page-20k.html"
cmp -s "$chk/plainbin.b" "$data/blob-5m.bin" || die "the PLAIN proxy does not return the origin's bytes for /blob-5m.bin"
grep -qi '^set-cookie: *_ga=' "$chk/plain20.h" || die "the ORIGIN does not set _ga (check $out/origin.Caddyfile)"
for f in consent20 consent500 consentbin; do
	grep -q '^HTTP/[0-9.]* 200' "$chk/$f.h" || die "the CONSENT proxy answered $(head -n1 "$chk/$f.h" | tr -d '\r') for $f"
	if grep -Eqi '^set-cookie: *(_ga|_gid)=' "$chk/$f.h"; then
		die "the CONSENT proxy let _ga/_gid through before consent ($f): it does not enforce"
	fi
done
grep -qi '^set-cookie: *PHPSESSID=' "$chk/consent20.h" ||
	note "WARNING: the CONSENT proxy dropped PHPSESSID (a necessary cookie)"
cmp -s "$chk/consentbin.b" "$data/blob-5m.bin" ||
	die "the CONSENT proxy changed the bytes of /blob-5m.bin (non-HTML must pass untouched)"
rewrite=yes
for f in consent20 consent500; do
	if ! grep -q -- '<!--cookie-consent-->' "$chk/$f.b" || ! grep -q 'data-cookie-consent-src' "$chk/$f.b"; then
		rewrite=no
	fi
done
if [ "$rewrite" = no ]; then
	if [ -n "${BENCH_ALLOW_NO_REWRITE:-}" ] && [ "$BENCH_ALLOW_NO_REWRITE" != 0 ]; then
		note "WARNING: the CONSENT proxy does not rewrite HTML (no <!--cookie-consent--> or data-cookie-consent-src);"
		note "         going on (BENCH_ALLOW_NO_REWRITE): the figures measure Set-Cookie filtering only."
	else
		die "the CONSENT proxy does not rewrite HTML: no <!--cookie-consent--> marker or no data-cookie-consent-src
       in its /page-20k.html (saved in $out/consent-page-20k.html). Set BENCH_ALLOW_NO_REWRITE=1 to measure
       Set-Cookie filtering alone."
	fi
fi
cp "$chk/consent20.b" "$out/consent-page-20k.html"
cp "$chk/consent20.h" "$out/consent-page-20k.headers"
size() { stat -c %s "$1"; }
neutralised=$( (grep -o 'data-cookie-consent-src\|data-cookie-consent-href\|data-cookie-consent="' "$chk/consent20.b" || true) | wc -l)

# --- load -------------------------------------------------------------------
targets=(page20 page500 binary)
declare -A path=([page20]=/page-20k.html [page500]=/page-500k.html [binary]=/blob-5m.bin)
declare -A accept=([page20]=text/html [page500]=text/html [binary]='*/*')
declare -A label=([page20]="HTML 20 KB" [page500]="HTML 500 KB" [binary]="binary 5 MB")
declare -A goal=([page20]=0.90 [page500]=0.70 [binary]=0.97)
declare -A port=([plain]=$plain_port [consent]=$consent_port)
declare -A results=() problems=() cpu_ticks=() requests=() writes=()
declare -A pid_of=([plain]=$pid_plain [consent]=$pid_consent)
clk_tck=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, in clock ticks
syscw() { awk '/^syscw:/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0; } # write syscalls so far

wrk_cmd() { # proxy target seconds
	echo "wrk -t$threads -c$conns -d${3}s --timeout 10s --latency -H 'Accept: ${accept[$2]}' http://127.0.0.1:${port[$1]}${path[$2]}"
}
run_wrk() { # proxy target seconds file; leaves req/s in $rps, requests in $nreq, proxy CPU ticks in $ticks, its write syscalls in $nw
	local f=$4 rc=0 c0 w0
	c0=$(cpu "${pid_of[$1]}")
	w0=$(syscw "${pid_of[$1]}")
	timeout --kill-after=5 $(($3 + 30)) wrk -t"$threads" -c"$conns" -d"$3"s --timeout 10s --latency \
		-H "Accept: ${accept[$2]}" "http://127.0.0.1:${port[$1]}${path[$2]}" >"$f" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || note "WARNING: wrk exited with $rc ($f)"
	kill -0 "${pid_of[$1]}" 2>/dev/null || {
		tail -n 20 "$out/$1.log" >&2
		die "the $1 Caddy died under load (${path[$2]}); log above, $out/$1.log"
	}
	if grep -q 'Non-2xx\|Socket errors' "$f"; then
		problems[$1,$2]+="$(grep 'Non-2xx\|Socket errors' "$f" | sed 's/^ *//'); "
	fi
	ticks=$(($(cpu "${pid_of[$1]}") - c0))
	nw=$(($(syscw "${pid_of[$1]}") - w0))
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$f")
	[ -n "$rps" ] || rps=0
	nreq=$(awk '/ requests in / {print $1}' "$f")
	[ -n "$nreq" ] || nreq=0
}

loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
note "load: $rounds round(s) x ${duration}s per proxy and target, -t$threads -c$conns (about $(( (rounds * duration + warmup) * 2 * ${#targets[@]} ))s)"
for t in "${targets[@]}"; do
	if [ "$warmup" -gt 0 ]; then
		for p in plain consent; do run_wrk "$p" "$t" "$warmup" "$out/wrk-$t-$p-warmup.txt"; done
	fi
	for r in $(seq "$rounds"); do
		for p in plain consent; do
			run_wrk "$p" "$t" "$duration" "$out/wrk-$t-$p-r$r.txt"
			results[$p,$t]+="$rps "
			cpu_ticks[$p,$t]=$((${cpu_ticks[$p,$t]:-0} + ticks))
			requests[$p,$t]=$((${requests[$p,$t]:-0} + nreq))
			writes[$p,$t]=$((${writes[$p,$t]:-0} + nw))
			printf 'bench: %-12s round %d %-8s %10s req/s\n' "${label[$t]}" "$r" "$p" "$rps" >&2
		done
	done
done

hwm_plain=$(hwm "$pid_plain")
hwm_consent=$(hwm "$pid_consent")
rss_plain=$(rss "$pid_plain")
rss_consent=$(rss "$pid_consent")
hwm_origin=$(hwm "$pid_origin")

# --- report -----------------------------------------------------------------
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {if (NR==0) print 0; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b>0) printf "%.3f", a/b; else print "n/a"}'; }
verdict() { # value goal ge|le
	awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN {if (v=="n/a") print "MISS"; else if ((op=="ge" && v+0>=g+0) || (op=="le" && v+0<=g+0)) print "PASS"; else print "MISS"}'
}
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }

{
	echo
	echo "== cookie_consent benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "command:  BENCH_ROUNDS=$rounds BENCH_DURATION=$duration BENCH_WARMUP=$warmup BENCH_THREADS=$threads BENCH_CONNECTIONS=$conns CADDY=$CADDY integration/bench/run.sh"
	echo "wrk:      $(wrk_cmd plain page20 "$duration")   (and likewise for each proxy and target)"
	echo "order:    per target: warm-up ${warmup}s each, then $rounds round(s) of plain, consent"
	echo "machine:  nproc=$(nproc), CPU: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(uname -srm)"
	echo "load:     loadavg before $loadavg_start, after $(cut -d' ' -f1-3 /proc/loadavg) (shared machine: origin, both proxies and wrk share these cores)"
	echo "software: $("$CADDY" version | head -n1 | cut -c1-60); $(wrk -v 2>&1 | awk 'NR==1 {print $1, $2}'); $(go version | cut -d' ' -f3)"
	echo "pages:    origin 20 KB page $(size "$data/page-20k.html") B -> consent $(size "$chk/consent20.b") B; 500 KB page $(size "$data/page-500k.html") B -> consent $(size "$chk/consent500.b") B; $neutralised element(s) held back in the 20 KB page; HTML rewriting: $rewrite"
	echo
	printf '%-14s %14s %14s %14s %8s %6s\n' target "plain req/s" "consent req/s" consent/plain goal result
	for t in "${targets[@]}"; do
		mp=$(echo "${results[plain,$t]}" | median)
		mc=$(echo "${results[consent,$t]}" | median)
		r=$(ratio "$mc" "$mp")
		printf '%-14s %14.1f %14.1f %14s %8s %6s\n' "${label[$t]}" "$mp" "$mc" "$r" ">=${goal[$t]}" "$(verdict "$r" "${goal[$t]}" ge)"
	done
	r=$(ratio "$hwm_consent" "$hwm_plain")
	printf '%-14s %14s %14s %14s %8s %6s\n' "peak RSS (MB)" "$(mb "$hwm_plain")" "$(mb "$hwm_consent")" "$r" "<=1.1" "$(verdict "$r" 1.1 le)"
	echo
	echo "rounds (req/s):"
	for t in "${targets[@]}"; do
		printf '  %-12s plain: %-32s consent: %s\n' "${label[$t]}" "${results[plain,$t]}" "${results[consent,$t]}"
	done
	echo "per request, over all rounds (user+sys CPU and write syscalls of the proxy process; steadier than req/s on a busy machine):"
	for t in "${targets[@]}"; do
		cp_=$(awk -v k="${cpu_ticks[plain,$t]}" -v n="${requests[plain,$t]}" -v hz="$clk_tck" 'BEGIN {if (n>0) printf "%.0f", k/hz*1e6/n; else print 0}')
		cc_=$(awk -v k="${cpu_ticks[consent,$t]}" -v n="${requests[consent,$t]}" -v hz="$clk_tck" 'BEGIN {if (n>0) printf "%.0f", k/hz*1e6/n; else print 0}')
		wp_=$(awk -v w="${writes[plain,$t]}" -v n="${requests[plain,$t]}" 'BEGIN {if (n>0) printf "%.1f", w/n; else print 0}')
		wc_=$(awk -v w="${writes[consent,$t]}" -v n="${requests[consent,$t]}" 'BEGIN {if (n>0) printf "%.1f", w/n; else print 0}')
		printf '  %-12s CPU plain %6s us, consent %6s us (x%s);  writes plain %6s, consent %6s\n' "${label[$t]}" "$cp_" "$cc_" "$(ratio "$cc_" "$cp_")" "$wp_" "$wc_"
	done
	echo "memory (MB):  VmHWM idle plain $(mb "$idle_hwm_plain"), consent $(mb "$idle_hwm_consent"); VmRSS at the end plain $(mb "$rss_plain"), consent $(mb "$rss_consent"); origin VmHWM $(mb "$hwm_origin")"
	for k in "${!problems[@]}"; do
		echo "wrk errors ($k): ${problems[$k]}"
	done
	for name in origin plain consent; do
		n=$(grep -c '"level":"error"\|"level":"fatal"\|panic' "$out/$name.log" || true)
		if [ "$n" -gt 0 ]; then
			echo "caddy log ($name): $n error line(s), first ones:"
			grep -m 3 '"level":"error"\|"level":"fatal"\|panic' "$out/$name.log" | cut -c1-300 | sed 's/^/    /'
		fi
	done
	echo "(goals are checked, never asserted: the script exits 0; raw output in $out)"
} | tee "$out/summary.txt"
