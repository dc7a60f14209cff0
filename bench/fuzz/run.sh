#!/bin/sh
# make fuzz: builds the two libFuzzer targets with ASan and UBSan and runs
# each for SECONDS (default 600), side by side (one core each).
#
#   bench/fuzz/run.sh BUILD_DIR [SECONDS]
#   bench/fuzz/run.sh BUILD_DIR --build-only      just build them
#   FUZZ_MERGE=1 bench/fuzz/run.sh build 600      then merge what adds
#                                                 coverage into the corpora
#
#   profile_file_fuzz  plugin/ProfileFile.cpp (profile files), linked with
#                      the LLVM shared library of the build's LLVM
#   options_fuzz       runtime/base/options.c's swg__options_parse
#
# Seeds come from bench/fuzz/corpus/NAME (small, in the repository); the
# working corpora and any crash (crash-*, leak-*, ...) go to
# BUILD_DIR/fuzz/. Prints one figure line per target (runs, coverage,
# corpus) and fails if a target found a fault.
set -eu
build=$1
secs=${2:-600}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$(cd "$build" && pwd)/fuzz"
cache="$build/CMakeCache.txt"
clang=$(sed -n 's/^SWITCHGUARD_CLANG:[A-Z]*=//p' "$cache")
[ -n "$clang" ] || { echo "fuzz: no SWITCHGUARD_CLANG in $cache" >&2; exit 1; }
bindir=$(dirname "$clang")
llvm_config="$bindir/llvm-config"
[ -x "$llvm_config" ] || { echo "fuzz: no $llvm_config" >&2; exit 1; }
mkdir -p "$out"

san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1"
# The LLVM headers want the flags LLVM was built with, minus -fno-exceptions
# (harmless either way); the library is LLVM's one shared object.
cxxflags=$("$llvm_config" --cxxflags)
"$bindir/clang++" $san $cxxflags -I"$root/plugin" -I"$root/runtime/abi" \
  "$here/profile_file_fuzz.cpp" "$root/plugin/ProfileFile.cpp" \
  "$root/plugin/Profiles.cpp" "$root/plugin/BuiltinProfiles.cpp" \
  $("$llvm_config" --ldflags) $("$llvm_config" --libs) \
  -Wl,-rpath,"$("$llvm_config" --libdir)" -o "$out/profile_file_fuzz"
"$clang" $san -std=c11 -D_GNU_SOURCE -I"$root/runtime/base" \
  "$here/options_fuzz.c" "$root/runtime/base/options.c" \
  "$root/runtime/base/stdio.c" -o "$out/options_fuzz"
[ "$secs" = --build-only ] && exit 0

# options.c keeps one strdup per string option for the whole run; a string
# option given twice leaks the first copy, by design (parsed once at start).
# For options_fuzz, leak checks would then run on most inputs and cut its
# speed tenfold: it fuzzes without them (the corpus test in make check
# runs every input with them, the suppression below in place).
echo "leak:parse_str" >"$out/lsan.supp"
status=0
for t in profile_file options; do
  mkdir -p "$out/corpus-$t" "$out/artifacts-$t"
  leaks=1
  [ $t = options ] && leaks=0
  (
    cd "$out"
    LSAN_OPTIONS=suppressions="$out/lsan.supp" \
      "./${t}_fuzz" -max_total_time="$secs" -print_final_stats=1 \
      -detect_leaks=$leaks \
      -artifact_prefix="$out/artifacts-$t/" -max_len=4096 \
      "$out/corpus-$t" "$here/corpus/$t" >"$out/$t.log" 2>&1
  ) &
  eval "pid_$t=$!"
done
for t in profile_file options; do
  eval "pid=\$pid_$t"
  rc=0
  wait "$pid" || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
  last=$(grep -E '^#[0-9]+' "$out/$t.log" | tail -n 1)
  cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
  seeds=$(ls "$here/corpus/$t" | wc -l)
  echo "fuzz: $t: ${secs} s, ${runs:-?} runs, cov ${cov:-?}, ft ${ft:-?}," \
    "corpus ${corp:-?} (seeds in the repo: $seeds files)"
  if [ "$rc" -ne 0 ] || ls "$out/artifacts-$t"/* >/dev/null 2>&1; then
    echo "fuzz: $t FOUND A FAULT (exit $rc); see $out/$t.log and $out/artifacts-$t/" >&2
    grep -m 5 -E 'ERROR|invariant|SUMMARY' "$out/$t.log" >&2 || true
    status=1
  fi
  if [ "${FUZZ_MERGE:-0}" = 1 ]; then
    "$out/${t}_fuzz" -merge=1 "$here/corpus/$t" "$out/corpus-$t" \
      >"$out/$t.merge.log" 2>&1
    echo "fuzz: $t: repo corpus now $(ls "$here/corpus/$t" | wc -l) files"
  fi
done
exit $status
