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
#    After the 4 imports: `export --all-accounts` of the four accounts under the same budget, then `verify`.
# 3. Fairness: one `import --parallel-accounts 4` process pushing one list to four accounts, one of them holding
#    ten times the records of the others (--account-id per account, one request per record): when each account
#    finishes, from its last --progress json event. Fair: the small accounts finish at about the time their
#    own share of the budget allows (records x 4 accounts / 3 per s), not after the large one.
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
  if [ "$n" = 4 ]; then   # then back up the four accounts in one command, under the same budget, and verify
    local exp_start exp_end verified
    exp_start=$(date +%s.%N)
    env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY -u CLOUDFLARE_API_USER_SERVICE_KEY -u CLOUDFLARE_ACCOUNT_ID \
      CLOUDFLARE_API_TOKEN=bench-token CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4" \
      ESMIGRATE_BUDGET_LEDGER="$ledger" "$bin" export --all-accounts --out "$work/backups" --rate 60/20s \
      2> "$work/export.log" || { echo "export --all-accounts failed:"; cat "$work/export.log"; }
    exp_end=$(date +%s.%N)
    verified=$("$bin" verify "$work/backups" 2>&1 | tail -1)
    exported_line=$(awk -v a="$exp_start" -v b="$exp_end" -v r="$(stats 429)" -v k="$(grep -c '^acct.* ok ' "$work/export.log")" \
      'BEGIN { printf "export --all-accounts: %d accounts backed up in %.1f s (429s: %d); ", k, b - a, r }')"verify: $verified"
  fi
  awk -v n="$n" -v per="$per" -v s="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" -v req="$requests" -v r="$r429" -v c="$created" -v f="$failed" 'BEGIN {
    bound = req / 3.0
    printf "%9d %11d %9d %8d %9.1f %9.1f %8.2f %6d %7d\n", n, n * per, c, req, s, bound, s / bound, r, f }'
}

echo "== fleet: serve --rate 60/20s --lockout 600, $per records per process, one request each"
printf '%9s %11s %9s %8s %9s %9s %8s %6s %7s\n' processes records created requests seconds bound_s ratio 429s failed
exported_line=""
fleet 4
per=$((per / 2)) fleet 8
echo "$exported_line"

echo "== fairness: one process, --parallel-accounts 4, one account with 10x the records, serve --rate 60/20s"
stop_emulator
rm -rf "$work"/emulator.sqlite* "$work"/fair
start_emulator "$bin" "$work" --token bench-token --rate 60/20s --lockout 600
mkdir -p "$work/fair"
small=$((per / 4)); large=$((small * 10))
{ echo "Blocked_Sender, Notes"; seq 1 "$large" | awk '{ printf "x%d@fair.example, fair %d\n", $1, $1 }'; } > "$work/fair/list.csv"
# fleet import pushes one list to every account: the small accounts are given all but their share of it first
# (one batch request each), so that the large account has ten times their work.
head -n $((large - small + 1)) "$work/fair/list.csv" > "$work/fair/seed.csv"
fair_env() {
  env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY -u CLOUDFLARE_API_USER_SERVICE_KEY -u CLOUDFLARE_ACCOUNT_ID \
    CLOUDFLARE_API_TOKEN=bench-token CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4" \
    ESMIGRATE_BUDGET_LEDGER="$work/budgets-fair" "$@"
}
(cd "$work/fair" && fair_env "$bin" import seed.csv --batch on --rate 60/20s --account-id s1 --account-id s2 \
    --account-id s3 --progress none 2> seed.log) || { echo "seeding failed:"; cat "$work/fair/seed.log"; }
before=$(stats requests)
fair_start=$(date +%s.%N)
(cd "$work/fair" && fair_env "$bin" import list.csv --batch off --rate 60/20s --account-id big --account-id s1 \
    --account-id s2 --account-id s3 --progress json 2> fair.log) || { echo "fleet import failed:"; tail -5 "$work/fair/fair.log"; }
fair_end=$(date +%s.%N)
requests=$(( $(stats requests) - before ))
printf '%8s %8s %10s %14s\n' account records finished_s fair_share_s
python3 - "$work/fair/fair.log" "$small" "$large" <<'PY'
import json, sys
last = {}
for line in open(sys.argv[1]):
    if line.startswith('{'):
        e = json.loads(line)
        if e.get("event") == "progress": last[e["account"]] = e
small, large = int(sys.argv[2]), int(sys.argv[3])
for a in ["big", "s1", "s2", "s3"]:
    e = last.get(a, {})
    n = large if a == "big" else small
    # A fair share: a quarter of the budget (3 requests/s) while all four run.
    share = n * 4 / 3.0 if a != "big" else None
    print("%8s %8d %10s %14s" % (a, e.get("done", 0), "%.1f" % e["seconds"] if e else "-", "%.1f" % share if share else "-"))
PY
awk -v a="$fair_start" -v b="$fair_end" -v r="$requests" 'BEGIN { printf "all four: %.1f s for %d requests (bound %.1f s)\n", b - a, r, r / 3.0 }'
