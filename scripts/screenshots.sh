#!/usr/bin/env bash
# Screenshots of the demo's pages for people to look at (the README shows the first):
#   docs/product-page.png  the product page of daily-revenue, with the history of the demo's runs
#   docs/mesh-index.png    the mesh index of the demo's two products
# Runs the demo (its step 6b writes the pages) and Debian's headless Chromium, which it installs
# with apt-get when missing. Not part of `mvn verify`: MeshSiteBrowserTest checks the pages there.
#
#   scripts/screenshots.sh                     # from anywhere in the repository
#   MVN_ARGS=-o MVN=/path/to/mvn scripts/screenshots.sh   # offline, another Maven
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is missing: installing Debian's package (about two minutes)" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get install -y --no-install-recommends chromium >/dev/null \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends chromium >/dev/null; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "running the demo (pages into $work/demo/site)" >&2
# the README's demo command (exec:java from the reactor, no install)
# shellcheck disable=SC2086
DP_OUTPUT_DIR="$work/demo" ${MVN:-mvn} -B -q ${MVN_ARGS:-} -pl examples -am compile exec:java \
  > "$work/demo.log" || { cat "$work/demo.log" >&2; exit 1; }

shot() {   # page, png, window height
  test -f "$work/demo/site/$1" || { echo "the demo wrote no $1" >&2; exit 1; }
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" --window-size=1280,"$3" --screenshot="$PWD/$2" \
    "file://$work/demo/site/$1" 2>/dev/null
  echo "wrote $2" >&2
}
mkdir -p docs
shot daily-revenue.html docs/product-page.png 4400
shot index.html docs/mesh-index.png 900
