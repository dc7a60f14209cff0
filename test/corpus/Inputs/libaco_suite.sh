#!/usr/bin/env bash
# libaco's own build and tests: make.sh (-g -O2 -Wall -Werror, both FPU
# configurations; no -m32 or valgrind builds) and test.sh, which runs every
# test but the benchmark and expects tutorials 4 and 5 to abort.
#   libaco_suite.sh CORPUS WORK SWITCHGUARD_CC CLANG
. "$(dirname "$0")/common.sh"
setup "$1" libaco "$2" "$3" "$4"
run() { # run NAME CC
  local dir=$work/$1
  mkdir -p "$dir/output"
  (cd "$dir" && CC=$2 bash make.sh -o no-m32 -o no-valgrind) \
    >"$work/$1.build.log" 2>&1
  echo "$1: build status $?, $(ls "$dir/output" | wc -l) programs"
  (cd "$dir/output" && bash ../test.sh) >"$work/$1.log" 2>&1
  echo "$1: test status $?," \
    "$(grep -c '^test .* success' "$work/$1.log") passed"
}
run plain "$clang" | sed 's/^plain/result/'
run swg "$swgcc" | sed 's/^swg/result/'
cmp -s <(grep '^test ' "$work/plain.log") <(grep '^test ' "$work/swg.log") &&
  echo "same verdicts"
echo "run-time reports: $(reports "$work/swg.log")"
echo "warnings in libaco's files:" \
  "$(library_warnings "$work/swg.build.log" '^test_aco_[a-z0-9_]*\.c:')"
