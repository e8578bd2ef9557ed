#!/usr/bin/env bash
# Install the programs the test suite starts for real: Virtuoso (a second SPARQL server) and
# Chromium (browser tests). Needs root for apt-get; otherwise prints the command to run.
set -euo pipefail

missing=()
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# A CJK font so the gap report's pictures can show Chinese labels (ic2kg report --lang zh).
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need: ${missing[*]}. Install them as root with:" >&2
    echo "  sudo sh -c '$cmd'" >&2
    exit 1
fi
echo "installing ${missing[*]} (Debian packages) ..." >&2
sh -c "$cmd" >/dev/null
# The Debian package starts no service we rely on; tests run virtuoso-t with their own config.
