#!/usr/bin/env bash
# The README's first command: the whole toolkit on a local emulator, in about a minute after the build.
#
#   build → start `esmigrate serve` on a free port with a temporary database → normalize the legacy exports
#   in samples/ (eight vendors' dialects) → plan → import → restore protected domains from a sample backup →
#   export in JSON Lines, CSV and XML → verify each backup → clone the account from a backup → unprotect a
#   domain (dry run, then --yes) → summary.
#
# Nothing leaves this machine: the token below is made up and only the emulator accepts it. Everything is
# written under a temporary folder that is removed on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/emulator.sh

echo "== building esmigrate (release)"
if ! build_log=$(swift build -c release --product esmigrate 2>&1); then echo "$build_log"; exit 1; fi
bin="$(swift build -c release --show-bin-path)/esmigrate"
started=$(date +%s)

work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-demo.XXXXXX")"
trap 'stop_emulator; rm -rf "$work"' EXIT

start_emulator "$bin" "$work" --token demo-made-up-token
export CLOUDFLARE_API_TOKEN=demo-made-up-token
export CLOUDFLARE_ACCOUNT_ID=0123456789abcdef0123456789abcdef
export CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4"
unset CLOUDFLARE_EMAIL CLOUDFLARE_API_KEY CLOUDFLARE_API_USER_SERVICE_KEY
echo "== emulator: $CLOUDFLARE_BASE_URL (database $work/emulator.sqlite)"

samples=(samples/area1-allowed-patterns.csv samples/area1-display-names.csv samples/cloudflare-legacy-api-dump.jsonl
         samples/m365-tenant-allow-block-list.csv samples/proofpoint-essentials-sender-lists.csv
         samples/cisco-esa-config.xml samples/exchange-online-antispam-policies.json samples/postfix-sender_access)
cd "$work"
paths=("${samples[@]/#/$root/}")

step() { echo; echo "== $*"; }
tolerate() { set +e; "$@"; local s=$?; set -e; echo "(exit status $s)"; }

step "esmigrate normalize (dialects auto-detected; every row accounted for)"
tolerate "$bin" normalize "${paths[@]}" --out records.jsonl --rejects rejects
echo "first record: $(head -n 1 records.jsonl)"
echo "first reject reason: $(cat rejects/*.reasons.jsonl | head -n 1)"

step "esmigrate plan (what an import would change)"
tolerate "$bin" plan "${paths[@]}"

step "esmigrate import (batches, journal, exactly once; rejected rows stay out, exit 65 says so)"
tolerate "$bin" import "${paths[@]}" --progress none

step "esmigrate import again: nothing left to change"
tolerate "$bin" import "${paths[@]}" --progress none

step "esmigrate restore samples/backup-domains (protected domains from a sample backup)"
tolerate "$bin" restore "$root/samples/backup-domains" --progress none

for format in jsonl csv xml; do
  step "esmigrate export --format $format, then verify"
  "$bin" export --out "backup-$format" --format "$format"
  "$bin" verify "backup-$format"
done
echo
echo "--- a CSV row (lists joined with |, nested objects as dotted columns):"
sed -n 2p backup-csv/domains.csv
echo "--- the XML schema (urn:esmigrate:export:1):"
sed -n 1,8p backup-xml/domains.xml

step "clone: esmigrate restore backup-xml --account-id <another account>"
"$bin" restore backup-xml --account-id fedcba9876543210fedcba9876543210 --progress none

step "esmigrate domains unprotect --domain legacy.example.org (dry run)"
tolerate "$bin" domains unprotect --domain legacy.example.org
step "esmigrate domains unprotect --domain legacy.example.org --yes"
"$bin" domains unprotect --domain legacy.example.org --yes --progress none

step "esmigrate delete block_senders --pattern-type IP (dry run: prints the matches, deletes nothing)"
tolerate "$bin" delete block_senders --pattern-type IP

step "summary: what each account holds now"
echo "-- account $CLOUDFLARE_ACCOUNT_ID (imported, restored, one domain unprotected)"
"$bin" export --out final 2>&1 | sed -n '1,6p'
echo "-- account fedcba9876543210fedcba9876543210 (cloned from the XML backup)"
"$bin" export --out clone --account-id fedcba9876543210fedcba9876543210 2>&1 | sed -n '1,6p'
echo "demo finished in $(( $(date +%s) - started )) s after the build; the emulator and $work are removed on exit"
