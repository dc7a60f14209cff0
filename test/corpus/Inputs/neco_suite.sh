#!/usr/bin/env bash
# neco's own suite, as tests/run.sh runs it (ASan, UBSan, coverage, -O0),
# with every test but test_net, which dials other machines.
#   neco_suite.sh CORPUS WORK SWITCHGUARD_CC CLANG
. "$(dirname "$0")/common.sh"
setup "$1" neco "$2" "$3" "$4"
run() { # run NAME CC
  rm -f "$work/$1/tests/test_net.c"
  (cd "$work/$1/tests" && CC=$2 ./run.sh) >"$work/$1.log" 2>&1
  local status=$?
  # The test names it printed, then its verdict.
  echo "$1: status $status, $(grep -c '^test_[a-z0-9_]*$' "$work/$1.log") tests," \
    "$(grep -E '^(OK|FAIL)' "$work/$1.log" | tail -n 1)"
}
run plain "$clang" | sed 's/^plain/result/'
run swg "$swgcc" | sed 's/^swg/result/'
cmp -s <(grep '^test_[a-z0-9_]*$' "$work/plain.log") <(grep '^test_[a-z0-9_]*$' "$work/swg.log") &&
  echo "same tests in the same order"
# test_pipe's co_pipe joins two threads inside a coroutine: a real
# blockage, reported when the threads take over max_blocking_ms (a loaded
# machine); every other blockage report would be switchguard's mistake.
echo "run-time reports but co_pipe's: $(grep '==[0-9]*==.*switchguard: coroutine' "$work/swg.log" | grep -vc "coroutine 'co_pipe'")"
echo "warnings in neco's files: $(library_warnings "$work/swg.log" '^test_[a-z0-9_]*\.c:')"
