#!/usr/bin/env bash
# Proves the OCI image that scripts/package.sh writes, without a container engine (as root):
#
#   scripts/test-image.sh [dist/esmigrate-<version>-oci.tar]
#
# 1. `skopeo inspect` reads the archive: labels (version, revision, source, licenses), entrypoint, user.
# 2. `umoci unpack` turns it into a root file system; the binary runs there under chroot as the image's user
#    (65532, not root) and `--version` names the commit of the revision label.
# 3. An HTTPS export through an HTTP CONNECT proxy with credentials, from inside the image's root, against
#    `esmigrate serve` behind scripts/net-fixture.py (a TLS endpoint with a test CA made for the run): the CA
#    is given with SSL_CERT_FILE; the host's `esmigrate verify` then checks the backup, and the proxy's log
#    shows the tunnel. Everything listens on 127.0.0.1 only.
# Prints PASS/FAIL per step and exits 1 if any failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
archive="${1:-$(ls "$root"/dist/esmigrate-*-oci.tar 2>/dev/null | head -1)}"
[[ -f "$archive" ]] || { echo "no image archive: run scripts/package.sh first"; exit 1; }
for tool in umoci skopeo chroot python3 openssl; do
  command -v "$tool" >/dev/null || { echo "test-image.sh needs $tool (apt-get install umoci skopeo)"; exit 1; }
done
chroot="$(command -v chroot)"
[[ $(id -u) == 0 ]] || { echo "test-image.sh needs root (umoci unpack and chroot)"; exit 1; }
host_bin="$(cd "$root" && swift build --show-bin-path)/esmigrate"
[[ -x "$host_bin" ]] || (cd "$root" && swift build --product esmigrate >/dev/null)

work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-image.XXXXXX")"
pids=()
mounted=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; failed=1; }

# 1. What the archive says.
mkdir -p "$work/layout" && tar -C "$work/layout" -xf "$archive"
tag="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])' "$work/layout/index.json")"
inspect="$(skopeo inspect "oci-archive:$archive:$tag")"
config="$(skopeo inspect --config "oci-archive:$archive:$tag")"
revision="$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["Labels"]["org.opencontainers.image.revision"])' <<<"$inspect")"
user="$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["config"]["User"])' <<<"$config")"
entrypoint="$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.stdin.read())["config"]["Entrypoint"]))' <<<"$config")"
for label in version revision source licenses; do
  grep -q "\"org.opencontainers.image.$label\"" <<<"$inspect" && pass "label $label" || fail "label $label"
done
[[ "$entrypoint" == "esmigrate" ]] && pass "entrypoint esmigrate" || fail "entrypoint is '$entrypoint'"
[[ "$user" == "65532:65532" ]] && pass "user $user (not root)" || fail "user is '$user'"
echo "   image $(du -m "$archive" | cut -f1) MB, tag $tag, revision $revision"

# 2. Unpacked and run as the image's user.
umoci unpack --image "$work/layout:$tag" "$work/bundle" >/dev/null || fail "umoci unpack"
rootfs="$work/bundle/rootfs"
# What a container runtime mounts: /proc (the Swift runtime reads the arguments from /proc/self/cmdline in a
# static binary) and /dev.
mkdir -p "$rootfs/proc" "$rootfs/dev"
mount -t proc proc "$rootfs/proc" && mounted+=("$rootfs/proc")
mount --bind /dev "$rootfs/dev" && mounted+=("$rootfs/dev")
version_line="$(chroot --userspec="$user" "$rootfs" /usr/bin/esmigrate --version 2>&1)"
[[ "$version_line" == *"$revision"* ]] && pass "--version names the commit ($version_line)" || fail "--version: $version_line"
[[ -d "$rootfs/var/lib/esmigrate" && "$(stat -c %u "$rootfs/var/lib/esmigrate")" == 65532 ]] \
  && pass "the state folder belongs to the image's user" || fail "state folder owner"

# 3. HTTPS through a proxy, from inside the image.
# Each child's ready line is read from its stderr as it comes (an event, not a timer); the rest is drained.
exec {serve_fd}< <(exec "$host_bin" serve --port 0 --db "$work/served.sqlite" --token made-up-image-token 2>&1 >/dev/null)
pids+=($!)
port=""
while read -r line <&"$serve_fd"; do
  if [[ $line =~ 127\.0\.0\.1:([0-9]+) ]]; then port="${BASH_REMATCH[1]}"; break; fi
done
cat <&"$serve_fd" >/dev/null &
[[ -n "$port" ]] || { fail "esmigrate serve did not start"; exit 1; }
exec {net_fd}< <(exec python3 "$root/scripts/net-fixture.py" "$port" "$work/net" --proxy-user "bob:image-pw" 2>&1 >/dev/null)
pids+=($!)
read -r ready <&"$net_fd" || { fail "the network fixture did not start"; exit 1; }
https_port="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["https_port"])' "$ready")"
proxy_port="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["proxy_port"])' "$ready")"
cp "$work/net/ca.pem" "$rootfs/tmp/test-ca.pem"
# The image has no env(1): the host's sets the environment, then chroot runs the image's binary.
if env -i PATH=/usr/bin XDG_STATE_HOME=/var/lib/esmigrate/state \
     CLOUDFLARE_API_TOKEN=made-up-image-token CLOUDFLARE_ACCOUNT_ID=image1 \
     CLOUDFLARE_BASE_URL="https://127.0.0.1:$https_port/client/v4" SSL_CERT_FILE=/tmp/test-ca.pem \
     HTTPS_PROXY="http://bob:image-pw@127.0.0.1:$proxy_port" \
     "$chroot" --userspec="$user" "$rootfs" /usr/bin/esmigrate export --out /var/lib/esmigrate/backup > "$work/export.out" 2>&1; then
  pass "HTTPS export through the proxy from the image"
else
  fail "HTTPS export: $(tail -3 "$work/export.out")"
fi
"$host_bin" verify "$rootfs/var/lib/esmigrate/backup" >/dev/null 2>&1 && pass "the backup verifies" || fail "verify"
grep -q "CONNECT 127.0.0.1:$https_port 200" "$work/net/proxy.log" 2>/dev/null \
  && pass "the proxy logged the tunnel" || fail "no tunnel in the proxy's log"
if env -i PATH=/usr/bin CLOUDFLARE_API_TOKEN=made-up-image-token CLOUDFLARE_ACCOUNT_ID=image1 \
     CLOUDFLARE_BASE_URL="https://127.0.0.1:$https_port/client/v4" ESMIGRATE_BUDGET_LEDGER=off \
     "$chroot" --userspec="$user" "$rootfs" /usr/bin/esmigrate export --out /tmp/untrusted > "$work/untrusted.out" 2>&1; then
  fail "an export without the test CA passed"
else
  code=$?
  [[ $code == 78 ]] && pass "without the test CA: exit 78" || fail "without the test CA: exit $code"
fi
[[ $failed == 0 ]] && echo "test-image: all passed" || echo "test-image: FAILED"
exit $failed
