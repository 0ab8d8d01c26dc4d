#!/usr/bin/env bash
# Proves the .deb on a clean system without Swift: a minimal Debian 12 root made by debootstrap (cached between
# runs, from Debian's package archive only), the package installed there with `apt-get install ./…deb`, and the
# toolkit run inside it, HTTPS through a proxy included (the .deb must pull in ca-certificates, which minbase
# lacks). Prints one PASS/FAIL line per step; exits 1 if any step failed. Run as root; needs python3 and openssl
# on the host (scripts/net-fixture.py).
#
#   scripts/package.sh && scripts/test-package.sh [dist/esmigrate_<version>_<arch>.deb]
#
# Cache: ${ESMIGRATE_ROOT_CACHE:-~/.cache/esmigrate}/debian-bookworm-minbase.tar.gz (delete it to rebuild).
set -euo pipefail
root_dir="$(cd "$(dirname "$0")/.." && pwd)"
deb="${1:-$(ls -t "$root_dir"/dist/esmigrate_*.deb 2>/dev/null | sed -n 1p)}"
[ -n "$deb" ] && [ -f "$deb" ] || { echo "no .deb: run scripts/package.sh first"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "test-package.sh needs root (debootstrap, chroot)"; exit 1; }
command -v debootstrap >/dev/null || { echo "needs debootstrap (apt-get install debootstrap)"; exit 1; }
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${ESMIGRATE_ROOT_CACHE:-$HOME/.cache/esmigrate}"
tarball="$cache/debian-bookworm-minbase.tar.gz"
commit_of_deb="$(dpkg-deb -f "$deb" Description | sed -n 's/.*Built from commit \([^;]*\);.*/\1/p')"

work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-test-package.XXXXXX")"
chroot_dir="$work/root"
cleanup() {
  for m in proc dev/pts dev; do umount -l "$chroot_dir/$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failed=0
step() {   # step NAME COMMAND…: runs the command, prints PASS or FAIL with its output
  local name="$1"; shift
  local out
  if out=$("$@" 2>&1); then
    printf 'PASS  %s\n' "$name"
  else
    printf 'FAIL  %s\n' "$name"; printf '%s\n' "$out" | tail -15 | sed 's/^/      /'
    failed=$((failed + 1))
  fi
}
in_root() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 /bin/bash -c "$1"; }

# 1. A clean Debian 12 root (cached).
if [ ! -f "$tarball" ]; then
  echo "== debootstrap bookworm (minbase) from $mirror, once; cached in $tarball"
  mkdir -p "$cache" "$chroot_dir"
  debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; exit 1; }
  tar -C "$chroot_dir" -czf "$tarball" .
  rm -rf "$chroot_dir"
fi
mkdir -p "$chroot_dir"
tar -C "$chroot_dir" -xzf "$tarball"
mount -t proc proc "$chroot_dir/proc"
mount --bind /dev "$chroot_dir/dev"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
echo "deb $mirror bookworm main" > "$chroot_dir/etc/apt/sources.list"
step "the root has no Swift" in_root '! command -v swift && ! ls /usr/lib/swift >/dev/null 2>&1'

# 2. Install the package with apt (its Depends: come from Debian's archive), plus man and bash-completion
#    to check the pages and the completion script.
cp "$deb" "$chroot_dir/tmp/"
debname="$(basename "$deb")"
in_root 'apt-get update -qq' > "$work/apt.log" 2>&1 || { tail "$work/apt.log"; exit 1; }
start=$(date +%s.%N)
step "apt-get install ./$debname" in_root "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$debname"
step "esmigrate --version names the commit ($commit_of_deb)" in_root "esmigrate --version | grep -F '$commit_of_deb'"
first=$(date +%s.%N)
install_seconds=$(awk -v a="$start" -v b="$first" 'BEGIN { printf "%.1f", b - a }')
in_root 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq man-db bash-completion' >> "$work/apt.log" 2>&1

# 3. The toolkit inside the root.
mkdir -p "$chroot_dir/work"
cp -r "$root_dir/samples" "$chroot_dir/work/samples"
step "normalize a sample" in_root 'cd /work && esmigrate normalize samples/area1-allowed-patterns.csv --out records.jsonl; test $? -eq 65 && test -s records.jsonl'
in_root 'cd /work && (esmigrate serve --port 0 --db /work/emulator.sqlite --token test-token --account acc1 --account acc2 2> serve.log &) ; for i in $(seq 1 100); do grep -q "127.0.0.1:" serve.log && break; sleep 0.1; done'
port=$(grep -o '127.0.0.1:[0-9]*' "$chroot_dir/work/serve.log" | sed -n '1s/.*://p')
env_line="CLOUDFLARE_API_TOKEN=test-token CLOUDFLARE_BASE_URL=http://127.0.0.1:$port/client/v4 ESMIGRATE_BUDGET_LEDGER=off"
step "serve on 127.0.0.1 with --db" test -n "$port"
step "import into acc1" in_root "cd /work && $env_line CLOUDFLARE_ACCOUNT_ID=acc1 esmigrate import samples/m365-tenant-allow-block-list.csv --progress none; test \$? -eq 65"
step "restore protected domains into acc1" in_root "cd /work && $env_line CLOUDFLARE_ACCOUNT_ID=acc1 esmigrate restore samples/backup-domains --progress none"
for format in jsonl csv xml; do
  step "export --format $format" in_root "cd /work && $env_line CLOUDFLARE_ACCOUNT_ID=acc1 esmigrate export --out backup-$format --format $format"
  step "verify the $format backup" in_root "cd /work && esmigrate verify backup-$format"
done
step "restore the backup into acc2" in_root "cd /work && $env_line CLOUDFLARE_ACCOUNT_ID=acc2 esmigrate restore backup-jsonl --progress none"
step "diff acc1's backups in two formats: identical" in_root "cd /work && esmigrate diff backup-jsonl backup-xml"
step "diff the backup against acc2 --live: identical (ids ignored)" in_root "cd /work && $env_line CLOUDFLARE_ACCOUNT_ID=acc2 esmigrate diff backup-csv --live"
step "--metrics-file and --log-format json" in_root "cd /work && $env_line CLOUDFLARE_ACCOUNT_ID=acc2 esmigrate export --out b2 --log-format json --metrics-file m.prom 2> log.json && grep -q 'esmigrate_last_run_success{command=\"export\"} 1' m.prom && head -1 log.json | grep -q '\"level\"'"
step "man esmigrate renders" in_root 'MANPAGER=cat COLUMNS=100 man esmigrate | grep -q "esmigrate" && MANPAGER=cat man esmigrate-export | grep -q -- "--timestamped"'
step "bash completion completes a subcommand" in_root 'source /usr/share/bash-completion/bash_completion; source /usr/share/bash-completion/completions/esmigrate; COMP_WORDS=(esmigrate exp); COMP_CWORD=1; COMP_LINE="esmigrate exp"; COMP_POINT=${#COMP_LINE}; _esmigrate esmigrate exp esmigrate; printf "%s\n" "${COMPREPLY[@]}" | grep -qx export'

# 4. HTTPS through a company proxy: scripts/net-fixture.py on the host (TLS with a test CA in front of the
#    root's `serve`, and a CONNECT proxy with credentials), the test CA added to the root's trust store.
step "apt pulled in ca-certificates" in_root 'dpkg -s ca-certificates >/dev/null && test -s /etc/ssl/certs/ca-certificates.crt'
exec {net_fd}< <(exec python3 "$root_dir/scripts/net-fixture.py" "$port" "$work/net" --proxy-user "carol:deb-pw" 2>&1 >/dev/null)
net_pid=$!
read -r ready <&"$net_fd"
https_port=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["https_port"])' "$ready")
proxy_port=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["proxy_port"])' "$ready")
https_env="CLOUDFLARE_API_TOKEN=test-token CLOUDFLARE_ACCOUNT_ID=acc1 CLOUDFLARE_BASE_URL=https://127.0.0.1:$https_port/client/v4 ESMIGRATE_BUDGET_LEDGER=off HTTPS_PROXY=http://carol:deb-pw@127.0.0.1:$proxy_port"
step "HTTPS without the test CA: exit 78, naming SSL_CERT_FILE" in_root "cd /work && $https_env esmigrate export --out b-untrusted 2> untrusted.err; test \$? -eq 78 && grep -q SSL_CERT_FILE untrusted.err"
mkdir -p "$chroot_dir/usr/local/share/ca-certificates"
cp "$work/net/ca.pem" "$chroot_dir/usr/local/share/ca-certificates/esmigrate-test-ca.crt"
in_root '/usr/sbin/update-ca-certificates' >> "$work/apt.log" 2>&1
step "HTTPS export through the proxy, the test CA in the root's trust store" in_root "cd /work && $https_env esmigrate export --out b-https && esmigrate verify b-https"
step "the proxy logged the tunnel" grep -q "CONNECT 127.0.0.1:$https_port 200" "$work/net/proxy.log"
kill -9 "$net_pid" 2>/dev/null || true
in_root 'pkill -f "esmigrate serve" || true' >/dev/null 2>&1 || true

echo "install to first command: $install_seconds s (apt-get install with its dependencies, then esmigrate --version)"
echo "deb: $(du -h "$deb" | cut -f1) $(basename "$deb")"
if [ "$failed" -gt 0 ]; then echo "$failed step(s) failed"; exit 1; fi
echo "all steps passed"
