#!/usr/bin/env bash
# Fetches the dashboard's vendored front-end libraries from the npm registry at their pinned
# versions, checks them against the registry's published checksum, and copies the files the
# dashboard serves (with the licence) into web/assets/vendor/. The files are committed; run this
# only to update a version (change it here and in web/assets/vendor/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

UPLOT_VERSION=1.6.32
UPLOT_SHA1=c800a63b432bad692d6d746f44f0882aa73a49ae

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "uplot@$UPLOT_VERSION" >/dev/null)
echo "$UPLOT_SHA1  $work/uplot-$UPLOT_VERSION.tgz" | sha1sum --check --quiet
tar -xzf "$work/uplot-$UPLOT_VERSION.tgz" -C "$work"
dest=web/assets/vendor/uplot
mkdir -p "$dest"
cp "$work/package/dist/uPlot.iife.min.js" "$work/package/dist/uPlot.min.css" \
   "$work/package/LICENSE" "$dest/"
echo "uPlot $UPLOT_VERSION → $dest"
