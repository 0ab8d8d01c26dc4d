#!/usr/bin/env bash
# Runs scripts/sdk-smoke.py (official Python SDK 5.9.0, strict validation) against `esmigrate serve`
# started here on a free port with a temporary database; stops it afterwards. Used by .ci/run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python3 -c 'import cloudflare, sys; sys.exit(cloudflare.__version__ != "5.9.0")' 2>/dev/null \
  || python3 -m pip install -q "cloudflare==5.9.0"
bin="$(swift build --show-bin-path)/esmigrate"
swift build --product esmigrate >/dev/null   # incremental: never smoke-test a stale binary
work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-sdk.XXXXXX")"
. "$root/scripts/lib/emulator.sh"
trap 'stop_emulator; rm -rf "$work"' EXIT
start_emulator "$bin" "$work" --token sdk-smoke-token@sdkacct0001 --seed 7
CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4" CLOUDFLARE_ACCOUNT_ID=sdkacct0001 \
CLOUDFLARE_API_TOKEN=sdk-smoke-token env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY \
  python3 scripts/sdk-smoke.py
