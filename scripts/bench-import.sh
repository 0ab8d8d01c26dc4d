#!/usr/bin/env bash
# The import engine against `esmigrate serve` with a scaled budget: records/s, requests per 1,000 records,
# budget use and 429s, for per-record writes, batches, and the legacy API (no batch endpoints).
#
#   scripts/bench-import.sh [PER_RECORD_N [BATCH_N]]      (default 150 and 20000)
#
# Budget: 300 requests / 60 s on the server and the client (Cloudflare's 1200/300 s, scaled); 20 ms latency.
# Targets: per-record budget use >= 0.95 with no 429 in steady state; a 20,000-record batched import in <= 25
# write requests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n_record="${1:-150}" n_batch="${2:-20000}" rate="300/60s"
swift build -c release --product esmigrate >/dev/null
bin="$(swift build -c release --show-bin-path)/esmigrate"
work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-bench-import.XXXXXX")"
. "$root/scripts/lib/emulator.sh"
trap 'stop_emulator; rm -rf "$work"' EXIT

make_input() {   # make_input N FILE
  { echo "Blocked_Sender, Notes"; seq 1 "$1" | awk '{ printf "sender%d@bench.example.com, row %d\n", $1, $1 }'; } > "$2"
}

printf '%-22s %8s %9s %10s %8s %12s %11s %6s\n' scenario records seconds records/s writes "req/1000rec" budget_use 429s
run() {   # run NAME N GENERATION IMPORT_OPTIONS...
  local name="$1" n="$2" generation="$3"
  shift 3
  stop_emulator
  rm -f "$work/emulator.sqlite"* "$work"/.esmigrate/journal-*
  start_emulator "$bin" "$work" --token bench-token --rate "$rate" --latency 20ms --api-generation "$generation"
  make_input "$n" "$work/input-$n.csv"
  (cd "$work" && env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY -u CLOUDFLARE_API_USER_SERVICE_KEY \
      CLOUDFLARE_API_TOKEN=bench-token CLOUDFLARE_ACCOUNT_ID=benchacct \
      CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4" \
      "$bin" import "input-$n.csv" --rate "$rate" "$@" 2>"$work/import.log") || { cat "$work/import.log"; return 1; }
  local writes requests r429 seconds
  writes=$(sed -n 's/^write requests \([0-9]*\),.*/\1/p' "$work/import.log")
  read -r requests r429 seconds < <(sed -n 's/^api requests \([0-9]*\), 429s \([0-9]*\), retries [0-9]*, \([0-9.]*\) s$/\1 \2 \3/p' "$work/import.log")
  awk -v name="$name" -v n="$n" -v w="$writes" -v req="$requests" -v r="$r429" -v s="$seconds" 'BEGIN {
    budget = 300 / 60; use = (req > 1 && s > 0) ? ((req - 1) / s) / budget : 0
    printf "%-22s %8d %9.2f %10.1f %8d %12.1f %11.3f %6d\n", name, n, s, n / s, w, req * 1000 / n, use, r }'
}
run "per record"           "$n_record" current --batch off --concurrency 8
run "batch"                "$n_batch"  current --batch on
run "legacy API (auto)"    "$n_record" legacy  --batch auto --concurrency 8
