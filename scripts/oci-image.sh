#!/usr/bin/env bash
# Builds the container image of esmigrate as an OCI archive, without a container engine:
#
#   scripts/oci-image.sh BINARY VERSION COMMIT DIST   → DIST/esmigrate-<VERSION>-oci.tar
#
# (scripts/package.sh calls it with the stripped, statically linked Swift binary it built.)
#
# The image is distroless-like, not a distribution: the binary; the shared libraries it still needs, found
# with ldd and copied from this build machine (glibc, libxml2, SQLite, zlib, ICU's data as libxml2 links it…);
# the CA certificates of Debian's ca-certificates; /etc/passwd and /etc/group with a non-root user `esmigrate`
# (65532); /tmp; and a state folder /var/lib/esmigrate (a volume: journals and budget ledgers) that is the
# working directory and XDG_STATE_HOME. ENTRYPOINT ["esmigrate"], OCI labels for version, revision (the
# commit), source and licenses. No shell, no package manager.
#
# Built with Debian's umoci (init, new, unpack, repack, config): it writes OCI layouts directly and needs no
# daemon. buildah was the other candidate; it wants a storage driver and user namespaces that this build
# machine does not have. The layout is then tarred as an oci-archive, which `podman load`, `skopeo copy
# oci-archive:…` and Docker 25+ `docker load` read. Needs: umoci, ldd, tar, sha256sum.
set -euo pipefail
binary="${1:?binary}"; version="${2:?version}"; commit="${3:?commit}"; dist="${4:?dist folder}"
for tool in umoci ldd tar; do command -v "$tool" >/dev/null || { echo "oci-image.sh needs $tool"; exit 1; }; done
[[ -f /etc/ssl/certs/ca-certificates.crt ]] || { echo "oci-image.sh needs ca-certificates on the build machine"; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/esmigrate-oci.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/usr/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/var/lib/esmigrate/state" "$root/proc" "$root/dev" \
  "$root/sys"
install -m 0755 "$binary" "$root/usr/bin/esmigrate"

# The shared libraries, at the paths the dynamic loader looks them up (ldd's resolved paths), and the loader.
echo "== shared libraries"
ldd "$binary" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' | sort -u | while read -r lib; do
  real="$(readlink -f "$lib")"
  mkdir -p "$root$(dirname "$lib")"
  cp "$real" "$root$lib"
  echo "   $lib"
done
# /lib64 → the loader's path on x86_64; Debian's /lib is a link to usr/lib.
for dir in lib lib64; do
  if [[ -L "/$dir" && -d "$root/usr/$dir" && ! -e "$root/$dir" ]]; then ln -s "usr/$dir" "$root/$dir"; fi
done

cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/sbin/nologin\nesmigrate:x:65532:65532:esmigrate:/var/lib/esmigrate:/sbin/nologin\n' \
  > "$root/etc/passwd"
printf 'root:x:0:\nesmigrate:x:65532:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"

layout="$work/layout"
tag="$version"
umoci init --layout "$layout"
umoci new --image "$layout:$tag"
umoci unpack --image "$layout:$tag" "$work/bundle" >/dev/null
cp -a "$root/." "$work/bundle/rootfs/"
chown -R 65532:65532 "$work/bundle/rootfs/var/lib/esmigrate"
umoci repack --image "$layout:$tag" "$work/bundle" >/dev/null
created="$(git log -1 --format=%cI 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)"
umoci config --image "$layout:$tag" \
  --config.entrypoint esmigrate --config.cmd --help \
  --config.user 65532:65532 --config.workingdir /var/lib/esmigrate --config.volume /var/lib/esmigrate \
  --config.env PATH=/usr/bin --config.env XDG_STATE_HOME=/var/lib/esmigrate/state \
  --config.env SSL_CERT_DIR=/etc/ssl/certs \
  --created "$created" --author "esmigrate contributors" \
  --config.label "org.opencontainers.image.title=esmigrate" \
  --config.label "org.opencontainers.image.version=$version" \
  --config.label "org.opencontainers.image.revision=$commit" \
  --config.label "org.opencontainers.image.source=https://github.com/esmigrate/esmigrate" \
  --config.label "org.opencontainers.image.licenses=Apache-2.0" \
  --config.label "org.opencontainers.image.description=Bulk migration, backup and restore of Cloudflare Email Security settings"
umoci gc --layout "$layout"

mkdir -p "$dist"
archive="$dist/esmigrate-$version-oci.tar"
tar -C "$layout" --owner=0 --group=0 --sort=name -cf "$archive" .
echo "== $(basename "$archive"): $(du -m "$archive" | cut -f1) MB (tag $tag, revision $commit)"
