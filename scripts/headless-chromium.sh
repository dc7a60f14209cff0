#!/bin/sh
# Runs headless Chromium (Debian's package) on a page, installing it first
# through scripts/install-deps.sh if it is missing, so a fresh machine needs
# nothing by hand. Chromium's own chatter (D-Bus, GPU) goes to a log file;
# what was asked for (--dump-dom) goes to stdout.
#   scripts/headless-chromium.sh LLVM_MAJOR [chromium options...] URL
set -eu
llvm=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" "$llvm" chromium >&2
profile=$(mktemp -d)
log=$profile.log
trap 'rm -rf "$profile" "$log"' EXIT
status=0
timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic \
  --no-first-run --disable-background-networking --disable-component-update \
  --disable-sync --user-data-dir="$profile" "$@" 2>"$log" || status=$?
if [ "$status" != 0 ]; then
  cat "$log" >&2
  exit "$status"
fi
