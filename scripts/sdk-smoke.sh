#!/usr/bin/env bash
# Runs scripts/sdk-smoke.py (official Python SDK 5.9.0, strict validation) against `esmigrate serve`
# started here on a free port with a temporary database; stops it afterwards. Used by .ci/run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python3 -c 'import cloudflare, sys; sys.exit(cloudflare.__version__ != "5.9.0")' 2>/dev/null \
  || python3 -m pip install -q "cloudflare==5.9.0"
bin="$(swift build --show-bin-path)/esmigrate"
[ -x "$bin" ] || swift build --product esmigrate >/dev/null
work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-sdk.XXXXXX")"
"$bin" serve --port 0 --db "$work/emulator.sqlite" --token sdk-smoke-token@sdkacct0001 --seed 7 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/client/v4.*|\1|p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$work/serve.log"; echo "the emulator did not start"; exit 1; }
CLOUDFLARE_BASE_URL="http://127.0.0.1:$port/client/v4" CLOUDFLARE_ACCOUNT_ID=sdkacct0001 \
CLOUDFLARE_API_TOKEN=sdk-smoke-token env -u CLOUDFLARE_EMAIL -u CLOUDFLARE_API_KEY \
  python3 scripts/sdk-smoke.py
