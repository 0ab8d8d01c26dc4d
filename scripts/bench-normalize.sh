#!/usr/bin/env bash
# Throughput and memory of `esmigrate normalize` on generated CSV, JSON Lines, XML and Exchange policy JSON
# (`eop`: one pretty-printed PowerShell document holding every address) inputs, release build.
#
#   scripts/bench-normalize.sh [LARGE [SMALL]]     (record counts; default 1000000 and 250000)
#
# For each format and size it prints MB/s and records/s end to end (read, normalize, de-duplicate, write the
# normalized records to a file) and the peak RSS from /usr/bin/time -v. Two sizes show that memory is flat.
# Targets on the 2-core reference machine: CSV >= 60 MB/s, JSONL >= 20 MB/s, XML >= 45 MB/s, RSS < 64 MB
# (eop: RSS < 64 MB for 1M addresses in one document; its MB/s is reported, with no target).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
large="${1:-1000000}"
small="${2:-250000}"
out="${BENCH_DIR:-$root/bench-out}"
mkdir -p "$out"

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
swift build -c release --product esmigrate >/dev/null
bin="$(swift build -c release --show-bin-path)/esmigrate"

printf '%-6s %9s %9s %8s %11s %9s %8s\n' format records MB seconds records/s MB/s RSS_MB
for fmt in ${BENCH_FORMATS:-csv jsonl xml eop}; do
  for n in "$large" "$small"; do
    input="$out/bench-$n.$fmt"
    [ -s "$input" ] || python3 scripts/gen-legacy.py "$fmt" "$n" "$input"
    bytes=$(stat -c %s "$input")
    # Best of three runs for time; RSS is the largest seen.
    best="" rss=0
    for _ in 1 2 3; do
      /usr/bin/time -v "$bin" normalize "$input" --out "$out/records.jsonl" -q 2>"$out/time.txt" >/dev/null || true
      secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$out/time.txt")
      kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
      (( kb > rss )) && rss=$kb
      if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$secs; fi
    done
    awk -v f="$fmt" -v n="$n" -v b="$bytes" -v s="$best" -v r="$rss" 'BEGIN {
      printf "%-6s %9d %9.1f %8.2f %11.0f %9.1f %8.1f\n", f, n, b/1e6, s, n/s, b/1e6/s, r/1024 }'
  done
done
rm -f "$out/records.jsonl" "$out/time.txt"
