#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# build_docs_site.sh SOURCE_DIR OUT_DIR
#
# Builds the documentation site (mkdocs.yml) into OUT_DIR/site with --strict,
# so that a link to a page that does not exist fails, and renders its first
# page in headless Chromium into OUT_DIR/site.png. Exit 77 (ctest: skipped)
# without mkdocs; `make test` installs it.
set -eu
src=$1
out=$2
command -v mkdocs >/dev/null || { echo "docs site: no mkdocs (make test-deps installs it)"; exit 77; }
mkdir -p "$out"
mkdocs build --quiet --strict -f "$src/mkdocs.yml" -d "$out/site"
test -s "$out/site/index.html" && test -s "$out/site/tutorial/index.html"
if command -v chromium >/dev/null; then
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1200,1600 --screenshot="$out/site.png" "file://$out/site/index.html" >/dev/null 2>&1
  rm -rf "$profile"
  test -s "$out/site.png"
fi
echo "docs site: $(find "$out/site" -name index.html | wc -l) pages in $out/site"
