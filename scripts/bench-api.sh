#!/usr/bin/env bash
# How much of the rate budget the API client uses, against `esmigrate serve` with a scaled budget.
#
#   scripts/bench-api.sh [REQUESTS [CONCURRENCY [RATE [LATENCY]]]]     (default 300 8 600/60s 20ms)
#
# Starts the emulator (release build) with the server-side limit RATE and LATENCY per request, gives the
# client the same budget, sends REQUESTS creates at CONCURRENCY through the shared limiter, and prints the
# achieved rate / budget (target >= 0.95) and the 429s seen (target 0 in steady state).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
requests="${1:-300}" concurrency="${2:-8}" rate="${3:-600/60s}" latency="${4:-20ms}"
swift build -c release --product esmigrate >/dev/null
swift build -c release --product esmigrate-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-bench-api.XXXXXX")"
"$bin/esmigrate" serve --port 0 --db "$work/emulator.sqlite" --token bench-token --rate "$rate" \
  --latency "$latency" 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/client/v4.*|\1|p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$work/serve.log"; exit 1; }
env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY -u CLOUDFLARE_API_USER_SERVICE_KEY CLOUDFLARE_API_TOKEN=bench-token \
  "$bin/esmigrate-bench" "http://127.0.0.1:$port/client/v4" benchacct "$requests" "$concurrency" "$rate"
