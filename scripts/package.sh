#!/usr/bin/env bash
# Builds the release packages that run without a Swift toolchain:
#
#   scripts/package.sh            → dist/esmigrate_<version>_<arch>.deb
#                                   dist/esmigrate-<version>-linux-<arch>.tar.gz
#                                   dist/esmigrate-<version>-oci.tar (the container image; scripts/oci-image.sh)
#                                   dist/SHA256SUMS
#
# The binary is built with the Swift runtime linked statically (--static-swift-stdlib), stamped with the commit
# it is built from (`esmigrate --version`), and stripped. Man pages come from swift-argument-parser's manual
# generator (one page per command), completions from `esmigrate --generate-completion-script`. The .deb's
# Depends: is computed from the shared libraries the binary still needs (objdump -p), each mapped to the
# Debian package that ships it (dpkg -S). Needs: swift, dpkg-deb, objdump, strip, gzip, sha256sum, git.
# Takes about 7 minutes from a clean clone on 2 cores (the static build), seconds when it is up to date.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="${SCRATCH_PATH:-.build-static}"
dist="${DIST:-$root/dist}"
for tool in dpkg-deb dpkg objdump strip gzip sha256sum git; do
  command -v "$tool" >/dev/null || { echo "package.sh needs $tool"; exit 1; }
done

version="$(sed -n 's/.*static let string = "\(.*\)".*/\1/p' Sources/esmigrate/ESMigrateVersion.swift)"
commit="$(git rev-parse --short=12 HEAD)"
git diff --quiet HEAD -- Sources Package.swift || commit="$commit-modified"
arch="$(dpkg --print-architecture)"          # amd64, arm64
uname_arch="$(uname -m)"                     # x86_64, aarch64
echo "esmigrate $version, commit $commit, $arch"

# 1. The binary: the commit stamped in for the build only (the file is put back whatever happens).
stamp=Sources/esmigrate/BuildCommit.swift
cp "$stamp" "$stamp.orig"
trap 'mv -f "$stamp.orig" "$stamp"' EXIT
sed -i "s/static let value: String? = nil/static let value: String? = \"$commit\"/" "$stamp"
echo "== swift build -c release --static-swift-stdlib (about 7 minutes the first time)"
swift build -c release --static-swift-stdlib --product esmigrate --scratch-path "$scratch" 2>&1 \
  | grep -v "unhandled; explicitly declare\|CMakeLists.txt" | tail -3
mv -f "$stamp.orig" "$stamp"
trap - EXIT
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/esmigrate"

stage="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-package.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
deb="$stage/deb"
mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/man/man1" "$deb/usr/share/doc/esmigrate" \
  "$deb/usr/share/bash-completion/completions" "$deb/usr/share/zsh/vendor-completions" \
  "$deb/usr/share/fish/vendor_completions.d"
strip -o "$deb/usr/bin/esmigrate" "$bin"
chmod 0755 "$deb/usr/bin/esmigrate"
[[ "$("$deb/usr/bin/esmigrate" --version)" == *"$commit"* ]] || { echo "the binary does not carry the commit"; exit 1; }

# 2. Man pages, from the built binary by swift-argument-parser's generator (built from the same checkout).
echo "== man pages"
ap="$scratch/checkouts/swift-argument-parser"
swift build -c release --package-path "$ap" --scratch-path "$scratch/tools" --product generate-manual 2>&1 | tail -1
genman="$(swift build -c release --package-path "$ap" --scratch-path "$scratch/tools" --show-bin-path)/generate-manual"
mkdir -p "$stage/man"
"$genman" "$deb/usr/bin/esmigrate" --multi-page --section 1 --date "$(git log -1 --format=%cs)" \
  --authors "esmigrate contributors" --output-directory "$stage/man"
rm -f "$stage/man/esmigrate.help.1"    # the help subcommand, which prints these pages' text
# esmigrate.export.1 → esmigrate-export.1 (`man esmigrate-export`, as git's pages are named).
for page in "$stage"/man/*.1; do
  name="$(basename "$page" .1 | tr . -)"
  gzip -9n -c "$page" > "$deb/usr/share/man/man1/$name.1.gz"
done
ls "$deb/usr/share/man/man1" | sed 's/^/   /'

# 3. Completions, documentation, license.
"$deb/usr/bin/esmigrate" --generate-completion-script bash > "$deb/usr/share/bash-completion/completions/esmigrate"
"$deb/usr/bin/esmigrate" --generate-completion-script zsh > "$deb/usr/share/zsh/vendor-completions/_esmigrate"
"$deb/usr/bin/esmigrate" --generate-completion-script fish > "$deb/usr/share/fish/vendor_completions.d/esmigrate.fish"
cp README.md "$deb/usr/share/doc/esmigrate/README.md"
cp -r docs "$deb/usr/share/doc/esmigrate/docs"
cp -r deploy "$deb/usr/share/doc/esmigrate/deploy"
{ echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: esmigrate"
  echo
  echo "Files: *"
  echo "License: Apache-2.0"
  echo " The full text is in /usr/share/common-licenses/Apache-2.0 and below."
  echo " ."
  sed 's/^$/ ./; s/^/ /' LICENSE; } > "$deb/usr/share/doc/esmigrate/copyright"
find "$deb/usr" -type f -exec chmod 0644 {} + ; chmod 0755 "$deb/usr/bin/esmigrate"

# 4. Depends: exactly the shared libraries the binary still needs, by the Debian packages that ship them.
echo "== shared libraries still needed"
needed=$(objdump -p "$deb/usr/bin/esmigrate" | awk '/NEEDED/ {print $2}')
depends=()
for lib in $needed; do
  # (Filters that read their whole input: with pipefail, `head` would fail the pipeline with SIGPIPE.)
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !found { print $NF; found = 1 }')
  [ -n "$path" ] || { echo "cannot find $lib"; exit 1; }
  pkg=$({ dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path"; } | sed -n '1s/:.*//p')
  [ -n "$pkg" ] || { echo "no Debian package ships $path"; exit 1; }
  ver=$(dpkg-query -W -f='${Version}' "$pkg" | sed 's/-[^-]*$//')
  echo "   $lib → $pkg ($ver)"
  depends+=("$pkg (>= $ver)")
done
# Not a library: the system's trust roots, without which no HTTPS certificate (api.cloudflare.com's) can be
# verified on a minimal Debian (debootstrap minbase, debian:12-slim have no /etc/ssl/certs).
depends+=("ca-certificates")
depends_line=$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, - | sed 's/,/, /g')
size_kb=$(du -sk "$deb/usr" | cut -f1)
cat > "$deb/DEBIAN/control" <<EOF
Package: esmigrate
Version: $version
Architecture: $arch
Maintainer: esmigrate contributors <esmigrate@users.noreply.github.com>
Depends: $depends_line
Installed-Size: $size_kb
Section: net
Priority: optional
Homepage: https://github.com/esmigrate/esmigrate
Description: bulk migration, backup and restore of Cloudflare Email Security settings
 Reads legacy allow/block lists (Area 1, Microsoft 365 and Exchange, Mimecast, Proofpoint, Barracuda, Cisco
 ESA, Symantec, Forcepoint, SpamAssassin, Postfix), normalizes them as the API validates, and imports them
 with exactly-once results; backs up, verifies, compares and restores every settings collection, for one
 account or all the accounts of a token. Built from commit $commit; no Swift toolchain needed.
EOF
mkdir -p "$dist"
debfile="$dist/esmigrate_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$debfile" >/dev/null

# 5. The tarball: the same files under esmigrate-<version>/{bin,share}.
top="esmigrate-$version"
mkdir -p "$stage/tar/$top"
cp -r "$deb/usr/bin" "$deb/usr/share" "$stage/tar/$top/"
cp LICENSE "$stage/tar/$top/share/doc/esmigrate/LICENSE"
tarfile="$dist/esmigrate-$version-linux-$uname_arch.tar.gz"
tar -C "$stage/tar" --owner=0 --group=0 --sort=name -czf "$tarfile" "$top"

# 6. The container image (OCI archive), from the same binary.
ocifile="$dist/esmigrate-$version-oci.tar"
if command -v umoci >/dev/null; then
  bash "$root/scripts/oci-image.sh" "$deb/usr/bin/esmigrate" "$version" "$commit" "$dist"
else
  echo "== no umoci (apt-get install umoci): the OCI image is not built"
  ocifile=""
fi

(cd "$dist" && sha256sum "$(basename "$debfile")" "$(basename "$tarfile")" ${ocifile:+"$(basename "$ocifile")"} > SHA256SUMS)
echo "== dist/"
ls -l "$dist" | awk 'NR > 1 { printf "   %-45s %6.1f MB\n", $9, $5 / 1048576 }'
echo "   binary (stripped): $(du -m "$deb/usr/bin/esmigrate" | cut -f1) MB; Depends: $depends_line"
