#!/usr/bin/env bash
# Many processes, one credential, one budget (release build).
#
#   scripts/bench-fleet.sh [RECORDS_PER_PROCESS]   (default 40)
#
# 1. The cost of a budget-ledger reservation (lock, read, compute, write, unlock): 100,000 in one process,
#    then 4 processes at once on the same ledger.
# 2. `esmigrate serve --rate 60/20s --lockout 600` (Cloudflare's per-user limit, scaled) and 4, then 8,
#    `import` processes at once with the same token, each given the whole budget (--rate 60/20s), one request
#    per record (--batch off), each into its own account, sharing the ledger. Targets: 0 x 429, all complete,
#    wall time within 1.2x of the budget's bound (requests / 3 per s, the server's own count of requests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
per="${1:-40}"
scratch="${SCRATCH_PATH:-.build-release}"
swift build -c release --product esmigrate --scratch-path "$scratch" >/dev/null
swift build -c release --product esmigrate-bench --scratch-path "$scratch" >/dev/null
binpath="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
bin="$binpath/esmigrate"
work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-bench-fleet.XXXXXX")"
. "$root/scripts/lib/emulator.sh"
trap 'stop_emulator; rm -rf "$work"' EXIT

echo "== ledger cost"
"$binpath/esmigrate-bench" ledger "$work/cost.ledger" 100000
pids=()
for i in 1 2 3 4; do "$binpath/esmigrate-bench" ledger "$work/cost.ledger" 25000 > "$work/cost-$i.txt" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done
sed 's/^/4 processes at once: /' "$work"/cost-*.txt

stats() {   # stats FIELD: a counter of the emulator's /_emulator/stats
  python3 -c "import json,sys,urllib.request; d=json.load(urllib.request.urlopen('http://127.0.0.1:$port/_emulator/stats'));
f=sys.argv[1]
print(sum(v.get(f,0) for v in d['endpoints'].values()) if f.isdigit() else d[f])" "$1"
}

fleet() {   # fleet PROCESSES
  local n="$1" ledger="$work/budgets-$1"
  stop_emulator
  rm -rf "$work"/emulator.sqlite* "$work"/run-*
  start_emulator "$bin" "$work" --token bench-token --rate 60/20s --lockout 600
  local start end pids=() failed=0
  start=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    mkdir -p "$work/run-$i"
    { echo "Blocked_Sender, Notes"; seq 1 "$per" | awk -v p="$i" '{ printf "s%d@fleet%d.example.com, row %d\n", $1, p, $1 }'; } \
      > "$work/run-$i/block.csv"
    (cd "$work/run-$i" && env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY -u CLOUDFLARE_API_USER_SERVICE_KEY \
        CLOUDFLARE_API_TOKEN=bench-token CLOUDFLARE_ACCOUNT_ID="acct$i" \
        CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4" ESMIGRATE_BUDGET_LEDGER="$ledger" \
        "$bin" import block.csv --batch off --rate 60/20s --progress none 2>import.log) &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
  end=$(date +%s.%N)
  local requests r429 created
  requests=$(stats requests); r429=$(stats 429); created=$(stats 201)
  awk -v n="$n" -v per="$per" -v s="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" -v req="$requests" -v r="$r429" -v c="$created" -v f="$failed" 'BEGIN {
    bound = req / 3.0
    printf "%9d %11d %9d %8d %9.1f %9.1f %8.2f %6d %7d\n", n, n * per, c, req, s, bound, s / bound, r, f }'
}

echo "== fleet: serve --rate 60/20s --lockout 600, $per records per process, one request each"
printf '%9s %11s %9s %8s %9s %9s %8s %6s %7s\n' processes records created requests seconds bound_s ratio 429s failed
fleet 4
per=$((per / 2)) fleet 8
