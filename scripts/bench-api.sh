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
. "$root/scripts/lib/emulator.sh"
trap 'stop_emulator; rm -rf "$work"' EXIT
start_emulator "$bin/esmigrate" "$work" --token bench-token --rate "$rate" --latency "$latency"
env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY -u CLOUDFLARE_API_USER_SERVICE_KEY CLOUDFLARE_API_TOKEN=bench-token \
  "$bin/esmigrate-bench" "http://127.0.0.1:$port/client/v4" benchacct "$requests" "$concurrency" "$rate"
