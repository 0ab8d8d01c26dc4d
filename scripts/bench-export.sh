#!/usr/bin/env bash
# Export benchmark: N records across the five collections on `esmigrate serve`, exported in each format.
# Prints records/s, list requests (against the Σ ceil(n/1000) + constant target) and peak RSS
# (/usr/bin/time -v), then verifies each backup.
#
#   scripts/bench-export.sh [N]          (default 100000: 40 % allow, 40 % block, 10 % trusted, 5 % registry,
#                                          5 % domains)
#
# Targets: peak RSS < 64 MB at 100,000 records; list requests = Σ ceil(n/1000) + at most one per collection.
# The client budget is lifted (--rate 1000000/1s) to measure the tool; against the real API the 1200/300 s
# budget dominates (about 105 list requests ≈ 30 s at esmigrate's default 1080/300 s).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-100000}"
if ! build_log=$(swift build -c release --product esmigrate 2>&1); then echo "$build_log"; exit 1; fi
bin="$(swift build -c release --show-bin-path)/esmigrate"
work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-bench-export.XXXXXX")"
. "$root/scripts/lib/emulator.sh"
trap 'stop_emulator; rm -rf "$work"' EXIT

n_allow=$((n * 40 / 100)) n_block=$((n * 40 / 100)) n_trusted=$((n * 10 / 100)) n_registry=$((n * 5 / 100))
n_domains=$((n - n_allow - n_block - n_trusted - n_registry))

start_emulator "$bin" "$work" --token bench-token
export CLOUDFLARE_API_TOKEN=bench-token CLOUDFLARE_ACCOUNT_ID=benchacct
export CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4"
unset CLOUDFLARE_EMAIL CLOUDFLARE_API_KEY CLOUDFLARE_API_USER_SERVICE_KEY
cd "$work"

echo "seeding $n records (allow $n_allow, block $n_block, trusted $n_trusted, registry $n_registry, domains $n_domains)…"
{ echo "Pattern, Notes, Verify Email, Trusted Sender, Exempt Recipient, Acceptable Sender"
  seq 1 "$n_allow" | awk '{ printf "allow%d@bench.example.com, allow row %d, true, false, false, true\n", $1, $1 }'; } > allow.csv
{ echo "Blocked_Sender, Notes"
  seq 1 "$n_block" | awk '{ printf "block%d@bench.example.net, block row %d\n", $1, $1 }'; } > block.csv
{ echo "Domain, Notes, Proximity, Recent"
  seq 1 "$n_trusted" | awk '{ printf "trusted%d.bench.example, partner %d, true, false\n", $1, $1 }'; } > trusted.csv
{ echo "Display_Name, Email"
  seq 1 "$n_registry" | awk '{ printf "Person %d, person%d@bench.example.org\n", $1, $1 }'; } > registry.csv
python3 - "$n_domains" <<'PY'
import hashlib, json, os, sys
n = int(sys.argv[1])
os.makedirs("domains-backup", exist_ok=True)
with open("domains-backup/domains.jsonl", "w") as f:
    for i in range(n):
        f.write(json.dumps({"domain": f"d{i}.bench.example", "allowed_delivery_modes": ["DIRECT"],
                            "drop_dispositions": ["MALICIOUS", "SPAM"], "ip_restrictions": ["192.0.2.0/24"],
                            "regions": ["GLOBAL"], "lookback_hops": 2}, separators=(",", ":")) + "\n")
data = open("domains-backup/domains.jsonl", "rb").read()
manifest = {"manifest_version": 1, "tool": "esmigrate", "tool_version": "bench", "account_id": "seed",
            "api_base": "http://seed", "started_at": "seed", "finished_at": "seed", "format": "jsonl",
            "dialect": "esmigrate", "collections": [{"collection": "domains", "file": "domains.jsonl", "count": n,
            "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "list_requests": 0}]}
json.dump(manifest, open("domains-backup/manifest.json", "w"))
PY
seed_start=$(date +%s)
"$bin" import allow.csv block.csv trusted.csv registry.csv --rate 1000000/1s --concurrency 8 --progress none \
  2> seed.log || { tail -n 5 seed.log; exit 1; }
"$bin" restore domains-backup --rate 1000000/1s --progress none 2>> seed.log || { tail -n 5 seed.log; exit 1; }
echo "seeded in $(( $(date +%s) - seed_start )) s"

expected=0
for c in $n_allow $n_block $n_trusted $n_registry $n_domains; do expected=$(( expected + (c + 999) / 1000 )); done
printf '\n%-6s %9s %9s %11s %14s %12s %13s %8s %8s\n' format records seconds records/s list_requests "Σceil(n/1000)" client_cpu_s RSS_MB MB
for format in jsonl csv xml; do
  rm -rf "out-$format"
  /usr/bin/time -v "$bin" export --out "out-$format" --format "$format" --rate 1000000/1s 2> "export-$format.log"
  records=$(sed -n 's/^\([0-9]*\) records, \([0-9]*\) list requests, \([0-9.]*\) s.*/\1/p' "export-$format.log")
  requests=$(sed -n 's/^\([0-9]*\) records, \([0-9]*\) list requests, \([0-9.]*\) s.*/\2/p' "export-$format.log")
  seconds=$(sed -n 's/^\([0-9]*\) records, \([0-9]*\) list requests, \([0-9.]*\) s.*/\3/p' "export-$format.log")
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "export-$format.log")
  cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { t += $2 } END { print t }' "export-$format.log")
  mb=$(du -sm "out-$format" | cut -f1)
  awk -v f="$format" -v n="$records" -v s="$seconds" -v q="$requests" -v e="$expected" -v c="$cpu" -v k="$kb" -v mb="$mb" 'BEGIN {
    printf "%-6s %9d %9.2f %11.0f %14d %12d %13.2f %8.1f %8d\n", f, n, s, n / s, q, e, c, k / 1024, mb }'
  "$bin" verify "out-$format" 2>&1 | tail -n 1 | sed "s/^/       verify: /"
done
