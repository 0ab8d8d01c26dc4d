#!/usr/bin/env bash
# The README's first command: build esmigrate and normalize the legacy exports in samples/ (several vendors'
# dialects), showing the per-file dialect, the summary, the records and the rejects a user would fix.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== building esmigrate"
swift build -c release --product esmigrate >/dev/null
bin="$(swift build -c release --show-bin-path)/esmigrate"

work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo
echo "== esmigrate normalize samples/* (dialects auto-detected)"
set +e
"$bin" normalize samples/* --out "$work/records.jsonl" --report "$work/report.jsonl" --rejects "$work/rejects"
status=$?
set -e
echo "(exit status $status: 65 means some rows were rejected and set aside for fixing)"

echo
echo "== first normalized records ($(wc -l < "$work/records.jsonl") in all)"
head -n 5 "$work/records.jsonl"

echo
echo "== why rows were rejected (first 8 of $(cat "$work"/rejects/*.reasons.jsonl | wc -l))"
cat "$work"/rejects/*.reasons.jsonl | head -n 8

echo
echo "== a rejects file keeps its source format, ready to fix and re-run:"
head -n 4 "$work/rejects/proofpoint-essentials-sender-lists.csv"

# A rehearsal on the embedded emulator (--sandbox): its state and the journal live in the work directory.
samples="$root/samples"
cd "$work"
echo
echo "== esmigrate plan --sandbox (what an import would change)"
"$bin" plan "$samples/area1-allowed-patterns.csv" "$samples/area1-display-names.csv" \
  "$samples/cloudflare-legacy-api-dump.jsonl" --sandbox 2>&1 | grep -v "^esmigrate: warning" || true
echo
echo "== esmigrate import --sandbox"
"$bin" import "$samples/area1-allowed-patterns.csv" "$samples/area1-display-names.csv" \
  "$samples/cloudflare-legacy-api-dump.jsonl" --sandbox 2>&1 | grep -v "^esmigrate: warning" || true
echo
echo "== the same import again: the journal says it is complete, nothing is sent"
"$bin" import "$samples/area1-allowed-patterns.csv" "$samples/area1-display-names.csv" \
  "$samples/cloudflare-legacy-api-dump.jsonl" --sandbox 2>&1 | tail -n 1 || true
