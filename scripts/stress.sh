#!/bin/sh
# make stress: the long reliability runs of docs/reliability.md, beyond what
# make check runs (one -O2 SQLite build, 8 threads for 4 s).
#
#   scripts/stress.sh BUILD_DIR [sqlite] [examples] [threads]   (default: all)
#
#   sqlite    SQLite's release built through its own configure script with
#             CC=switchguard-cc at -O0, -O2 and -O3, each with and without
#             -g, against plain clang with the same flags; the scripted SQL
#             session's output must be identical
#   examples  examples/*.c at the same six flag sets, stdout identical
#   threads   64 threads, each its own scheduler, 10,000 live coroutines
#             created, switched and destroyed for 10 s while 8 threads
#             block once a second: every blockage reported exactly once,
#             none lost or torn, no false report, memory flat
#             (STRESS_THREADS, STRESS_LIVE, STRESS_SECONDS override)
#
# Work files go to BUILD_DIR/stress. Ends with "stress: all passed" or
# fails naming what did not.
set -u
build=$1
shift
[ $# -gt 0 ] || set -- sqlite examples threads
root=$(cd "$(dirname "$0")/.." && pwd)
out="$(cd "$build" && pwd)/stress"
mkdir -p "$out"
clang=$(sed -n 's/^SWITCHGUARD_CLANG:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -n "$clang" ] || { echo "stress: no SWITCHGUARD_CLANG in $build/CMakeCache.txt" >&2; exit 1; }
swgcc="$(cd "$build" && pwd)/bin/switchguard-cc -fplugin-arg-switchguard-verify"
failed=

for part in "$@"; do
  start=$(date +%s)
  case $part in
  sqlite)
    "$root/scripts/sqlite-check.sh" "$clang" "$swgcc" "$out/sqlite" \
      configure:-O0 configure:-O0:g configure:-O2 configure:-O2:g \
      configure:-O3 configure:-O3:g || failed="$failed sqlite"
    ;;
  examples)
    "$root/scripts/examples-check.sh" "$clang" "$swgcc" "$out/examples" \
      -O0 "-O0 -g" -O2 "-O2 -g" -O3 "-O3 -g" || failed="$failed examples"
    ;;
  threads)
    t=${STRESS_THREADS:-64} live=${STRESS_LIVE:-10000} secs=${STRESS_SECONDS:-10}
    $swgcc -g -O2 "$root/test/reliability/Inputs/stress.c" -lpcl -lpthread \
      -o "$out/stress" || { failed="$failed threads"; continue; }
    rm -f "$out/stress.log"
    /usr/bin/time -f "stress: %e s wall, %U s user, %S s system, max RSS %M KB" \
      env SWITCHGUARD_OPTIONS=format=json:log_path="$out/stress.log" \
      "$out/stress" "$t" "$live" "$secs" 8 400 >"$out/stress.out" 2>"$out/stress.time"
    cat "$out/stress.time"
    python3 "$root/test/reliability/Inputs/check_stress.py" "$out/stress.out" \
      "$out/stress.log" 100 || failed="$failed threads"
    ;;
  *)
    echo "stress: unknown part '$part' (sqlite, examples, threads)" >&2
    failed="$failed $part"
    ;;
  esac
  echo "stress: $part took $(($(date +%s) - start)) s"
done
if [ -n "$failed" ]; then
  echo "stress: FAILED:$failed" >&2
  exit 1
fi
echo "stress: all passed"
