#!/bin/sh
# Builds the runtime's sources with a sanitizer, links each scenario program
# (compiled with the plugin and the same sanitizer) against them, runs it,
# and says for each whether it ran clean: exit status 0 and no sanitizer
# report (the count of switchguard's own report lines is shown; the
# scenarios' own tests check what those say).
#
#   sanitized-run.sh KIND OUTDIR CLANG "PLUGIN FLAGS" RTSRC SCENARIO...
#
#   KIND      asan (AddressSanitizer + UndefinedBehaviorSanitizer) or tsan
#   SCENARIO  FILE.c[:ARGS][@OPTIONS]: ARGS (comma-separated) are passed to
#             the program, OPTIONS become its SWITCHGUARD_OPTIONS
#
# The runtime is every source runtime/sources.txt lists (CMake's list).
# Scenarios get 120 s each (sanitizers slow them down). Output per
# scenario: "sanitized-run: NAME: ok (N switchguard reports)" or
# "sanitized-run: NAME: FAILED ..." followed by the end of its output.
set -u
kind=$1 out=$2 clang=$3 plugin=$4 rtsrc=$5
shift 5
case $kind in
asan)
  san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1:halt_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  # OpenSSL, pulled in by libdw's debuginfod client, keeps one buffer for
  # the whole run, and PCL's per-thread state lives until co_thread_cleanup,
  # which the scenarios do not call: not ours.
  printf 'leak:libcrypto.so\nleak:co_thread_init\n' >"$out.lsan.supp"
  export LSAN_OPTIONS="suppressions=$out.lsan.supp"
  pattern='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:'
  ;;
tsan)
  san="-fsanitize=thread"
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
  pattern='WARNING: ThreadSanitizer|ERROR: ThreadSanitizer'
  ;;
*)
  echo "sanitized-run: unknown kind '$kind' (asan or tsan)" >&2
  exit 2
  ;;
esac
rm -rf "$out" && mkdir -p "$out/rt"
out=$(cd "$out" && pwd) rtsrc=$(cd "$rtsrc" && pwd)
srcs= incs="-I$rtsrc/include -I$rtsrc/abi"
while IFS=: read -r layer rest; do
  # The sanitizers intercept the same calls; switchguard-cc leaves its
  # interceptors out of a sanitized program, and so does this.
  case $layer in ''|'#'*|intercept) continue ;; esac
  [ "$layer" = top ] || incs="$incs -I$rtsrc/$layer"
  for f in ${rest#*|}; do srcs="$srcs $rtsrc/$f"; done
done <"$rtsrc/sources.txt"
# shellcheck disable=SC2086
(cd "$out/rt" && "$clang" -c -std=c11 -D_GNU_SOURCE -g -O1 $san \
  $incs $srcs) || {
  echo "sanitized-run: the runtime does not build with $kind" >&2
  exit 1
}
status=0
for scenario in "$@"; do
  opts=
  case $scenario in *@*) opts=${scenario#*@} scenario=${scenario%%@*} ;; esac
  src=${scenario%%:*}
  src=$(cd "$(dirname "$src")" && pwd)/$(basename "$src")
  args=
  [ "$src" != "$scenario" ] && args=$(echo "${scenario#*:}" | tr ',' ' ')
  name=$(basename "$src")
  exe="$out/$name.exe"
  # shellcheck disable=SC2086
  if ! "$clang" -std=gnu11 -D_GNU_SOURCE -g -O1 $san $plugin \
    -I"$rtsrc/include" "$src" "$out"/rt/*.o -ldw -lelf -lpcl -lpthread \
    -o "$exe" >"$out/$name.build" 2>&1; then
    echo "sanitized-run: $name: FAILED to build"
    tail -n 20 "$out/$name.build"
    status=1
    continue
  fi
  rc=0
  # shellcheck disable=SC2086
  (cd "$out" && SWITCHGUARD_OPTIONS=$opts timeout 120 "$exe" $args) \
    >"$out/$name.log" 2>&1 || rc=$?
  reports=$(grep -c 'switchguard: ' "$out/$name.log" 2>/dev/null)
  reports=${reports:-0}
  if grep -qE "$pattern" "$out/$name.log"; then
    echo "sanitized-run: $name: FAILED: a $kind report"
    grep -m 1 -A 30 -E "$pattern" "$out/$name.log"
    status=1
  elif [ $rc -ne 0 ]; then
    echo "sanitized-run: $name: FAILED: exit status $rc"
    tail -n 20 "$out/$name.log"
    status=1
  else
    echo "sanitized-run: $name: ok ($reports switchguard reports)"
  fi
done
exit $status
