#!/bin/sh
# Builds examples/timeline.c, runs it with a trace, draws the timeline page
# and, with --screenshot, photographs it in headless Chromium (installed on
# demand) — the picture in docs/timeline.md comes from here:
#   scripts/timeline-demo.sh BUILD OUTDIR [--screenshot]
#   make timeline-picture        (writes docs/timeline.png)
# Leaves OUTDIR/trace.json, OUTDIR/timeline.html and OUTDIR/timeline.png.
set -eu
build=$1 out=$2 shot=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
llvm=$(sed -n 's/^SWITCHGUARD_LLVM:[A-Z]*=//p' "$build/CMakeCache.txt")
mkdir -p "$out"
"$build/bin/switchguard-cc" -g -O1 "$root/examples/timeline.c" -lpcl -lpthread \
  -o "$out/timeline" 2>/dev/null
rm -f "$out/trace.json"
SWITCHGUARD_OPTIONS=trace_path="$out/trace.json":must_switch_action=report:log_path="$out/report.txt" \
  "$out/timeline" >/dev/null
"$build/bin/switchguard-timeline" "$out/trace.json" -o "$out/timeline.html" \
  --title "switchguard timeline: examples/timeline.c"
if [ "$shot" = --screenshot ]; then
  "$root/scripts/headless-chromium.sh" "${llvm:-19}" --hide-scrollbars \
    --window-size=1320,330 --screenshot="$out/timeline.png" \
    "file://$(cd "$out" && pwd)/timeline.html" >/dev/null
fi
