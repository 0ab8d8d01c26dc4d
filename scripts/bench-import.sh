#!/usr/bin/env bash
# The import engine against `esmigrate serve`, through the real CLI (release build).
#
#   scripts/bench-import.sh [PER_RECORD_N [BATCH_N]]   budget scenarios (default 150 and 20000): 300 requests /
#       60 s on the server and the client (Cloudflare's 1200/300 s, scaled), 20 ms latency. Targets: per-record
#       budget use >= 0.95 with no 429 in steady state; a 20,000-record batched import in <= 25 write requests.
#   scripts/bench-import.sh latency [N]                 pipelined batches (default 20000 rows): server and client
#       at 600/60s, 500 ms latency per request, --batch on --batch-size 100 --concurrency 8. Target: budget use
#       (requests / (seconds x 10/s)) >= 0.9 with 0 x 429.
#   scripts/bench-import.sh size [N...]                 memory at scale (default 1000000 5000000): N generated
#       records in two CSV files (half allow policies, half blocked senders: collections with batch endpoints),
#       unlimited rate. Peak RSS of `plan`, of `import`, and of the same import run again (0 writes). Target:
#       each < 128 MB at every size.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scenario=budget
case "${1:-}" in latency|size) scenario="$1"; shift ;; esac
n_record="${1:-150}" n_batch="${2:-20000}" rate="300/60s"
scratch="${SCRATCH_PATH:-.build-release}"
swift build -c release --product esmigrate --scratch-path "$scratch" >/dev/null
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/esmigrate"
work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-bench-import.XXXXXX")"
. "$root/scripts/lib/emulator.sh"
trap 'stop_emulator; rm -rf "$work"' EXIT

make_input() {   # make_input N FILE
  { echo "Blocked_Sender, Notes"; seq 1 "$1" | awk '{ printf "sender%d@bench.example.com, row %d\n", $1, $1 }'; } > "$2"
}

client_env() {   # client_env COMMAND...: runs an esmigrate command in $work against the emulator on $port
  (cd "$work" && env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY -u CLOUDFLARE_API_USER_SERVICE_KEY \
      CLOUDFLARE_API_TOKEN=bench-token CLOUDFLARE_ACCOUNT_ID=benchacct \
      CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4" "$@")
}

if [ "$scenario" = latency ]; then
  n="${1:-20000}"
  stop_emulator
  start_emulator "$bin" "$work" --token bench-token --rate 600/60s --latency 500ms
  make_input "$n" "$work/input.csv"
  client_env "$bin" import input.csv --rate 600/60s --batch on --batch-size 100 --concurrency 8 --progress none \
      2>"$work/import.log" || { cat "$work/import.log"; exit 1; }
  read -r requests r429 seconds < <(sed -n 's/^api requests \([0-9]*\), 429s \([0-9]*\), retries [0-9]*, \([0-9.]*\) s$/\1 \2 \3/p' "$work/import.log")
  writes=$(sed -n 's/^write requests \([0-9]*\),.*/\1/p' "$work/import.log")
  printf '%-28s %8s %9s %10s %8s %9s %11s %6s\n' scenario records seconds records/s writes requests budget_use 429s
  awk -v n="$n" -v w="$writes" -v req="$requests" -v r="$r429" -v s="$seconds" 'BEGIN {
    printf "%-28s %8d %9.2f %10.1f %8d %9d %11.3f %6d\n", "latency 500 ms, 8 in flight", n, s, n / s, w, req, req / (s * 10), r }'
  exit 0
fi

if [ "$scenario" = size ]; then
  [ $# -gt 0 ] || set -- 1000000 5000000
  printf '%-9s %-8s %9s %10s %10s %12s\n' records step seconds records/s writes peak_RSS_MB
  for n in "$@"; do
    stop_emulator
    rm -rf "$work"/emulator.sqlite* "$work"/.esmigrate "$work"/*.csv
    start_emulator "$bin" "$work"  --token bench-token
    half=$((n / 2))
    { echo "Blocked_Sender, Notes"; seq 1 "$half" | awk '{ printf "block%d@b%d.bench.example.com, row %d\n", $1, $1 % 997, $1 }'; } > "$work/block.csv"
    { echo "Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender"
      seq 1 "$((n - half))" | awk '{ printf "allow%d@a%d.bench.example.com, row %d, true, false, false, true\n", $1, $1 % 997, $1 }'; } > "$work/allow.csv"
    step() {   # step NAME COMMAND...
      local name="$1"; shift
      local t0 t1 code=0
      t0=$(date +%s.%N)
      client_env /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>"$work/step.log" || code=$?
      t1=$(date +%s.%N)
      if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then cat "$work/step.log"; echo "$name exited $code" >&2; exit 1; fi
      local writes; writes=$(sed -n 's/^write requests \([0-9]*\),.*/\1/p' "$work/step.log")
      awk -v n="$n" -v name="$name" -v t0="$t0" -v t1="$t1" -v w="${writes:-0}" -v kb="$(tail -1 "$work/rss")" 'BEGIN {
        s = t1 - t0; printf "%-9d %-8s %9.1f %10.0f %10d %12.1f\n", n, name, s, n / s, w, kb / 1024 }'
    }
    step plan "$bin" plan block.csv allow.csv --rate 1000000/1s
    step import "$bin" import block.csv allow.csv --rate 1000000/1s --progress none
    step re-run "$bin" import block.csv allow.csv --rate 1000000/1s --progress none
  done
  exit 0
fi

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
