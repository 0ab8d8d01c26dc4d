#!/usr/bin/env bash
# Builds the libraries' DocC documentation (swift-docc-plugin), with every warning an error: a broken symbol
# link, an undocumented parameter in a documented function, or an article that names a symbol that is gone
# fails the build. CI runs it; the examples inside the articles are checked by `swift test` (DocCatalogTests
# compares them with LibraryExampleTests, which compiles and runs them).
#
#   scripts/docs.sh                 # check all five libraries; archives in .build/plugins/Swift-DocC/outputs/
#   scripts/docs.sh --site DIR      # also write a static website per library under DIR/<Library>/
set -euo pipefail
cd "$(dirname "$0")/.."

site=""
if [[ "${1:-}" == "--site" ]]; then site="${2:?--site needs a folder}"; fi

targets=(ESRecords ESReaders ESAPI ESEmulator ESMigration)
for target in "${targets[@]}"; do
  echo "docs: $target"
  if [[ -n "$site" ]]; then
    mkdir -p "$site/$target"
    swift package --allow-writing-to-directory "$site/$target" generate-documentation --target "$target" \
      --warnings-as-errors --disable-indexing --transform-for-static-hosting --hosting-base-path "$target" \
      --output-path "$site/$target" 2>&1 | grep -v "unhandled; explicitly declare them" || true
    [[ -f "$site/$target/index.html" ]] || { echo "docs: $target failed" >&2; exit 1; }
  else
    log=$(mktemp)
    if ! swift package generate-documentation --target "$target" --warnings-as-errors --disable-indexing >"$log" 2>&1; then
      grep -v "unhandled; explicitly declare them" "$log" >&2
      rm -f "$log"
      echo "docs: $target failed" >&2
      exit 1
    fi
    rm -f "$log"
  fi
done
echo "docs: all ${#targets[@]} libraries built without warnings"
