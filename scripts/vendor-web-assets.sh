#!/usr/bin/env bash
# Refresh the JavaScript libraries the web page uses, vendored from the npm registry with their
# licences so the page works offline. Pinned versions; run by hand when upgrading, then commit.
set -euo pipefail
YASGUI=4.2.28
ECHARTS=6.1.0
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/api/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "@triply/yasgui@$YASGUI" "echarts@$ECHARTS" >/dev/null
mkdir -p "$target/yasgui" "$target/echarts"
cp node_modules/@triply/yasgui/build/yasgui.min.js node_modules/@triply/yasgui/build/yasgui.min.css \
   node_modules/@triply/yasgui/build/yasgui.min.js.LICENSE.txt "$target/yasgui/"
cp node_modules/@triply/yasgui/LICENSE* "$target/yasgui/" 2>/dev/null || true
cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE node_modules/echarts/NOTICE "$target/echarts/"
printf 'yasgui %s (MIT) from npm @triply/yasgui\necharts %s (Apache-2.0) from npm echarts\n' \
    "$YASGUI" "$ECHARTS" > "$target/VERSIONS.txt"
echo "vendored into $target"
