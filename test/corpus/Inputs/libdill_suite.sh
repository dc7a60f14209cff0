#!/usr/bin/env bash
# libdill's CMake build and CTest suite, without the tests that dial other
# machines (happyeyeballs, ipaddr) and the two that fail here with plain
# clang too (tcp, tls).
#   libdill_suite.sh CORPUS WORK SWITCHGUARD_CC CLANG
. "$(dirname "$0")/common.sh"
setup "$1" libdill "$2" "$3" "$4"
run() { # run NAME CC
  local dir=$work/$1
  cmake -S "$dir" -B "$dir/b" -DCMAKE_C_COMPILER="$2" -DBUILD_TESTING=ON \
    >"$work/$1.build.log" 2>&1 &&
    cmake --build "$dir/b" -j2 >>"$work/$1.build.log" 2>&1
  echo "$1: build status $?"
  (cd "$dir/b" && ctest -j2 --timeout 60 \
    -E 'happyeyeballs|ipaddr|test_tcp$|test_tls$') >"$work/$1.ctest.log" 2>&1
  echo "$1: ctest status $?," \
    "$(grep -Eo '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' \
      "$work/$1.ctest.log")"
  cat "$dir"/b/Testing/Temporary/LastTest.log >"$work/$1.log"
}
run plain "$clang" | sed 's/^plain/result/'
run swg "$swgcc" | sed 's/^swg/result/'
echo "run-time reports: $(reports "$work/swg.log")"
# Its tests make blocking calls in coroutines on purpose (recv on a
# blocking socket); libdill's own files make none.
echo "blocking calls in libdill's files: $(blocking_in_library "$work/swg.log" '/tests/')"
echo "warnings in libdill's files:" \
  "$(library_warnings "$work/swg.build.log" '/tests/[a-z0-9_]*\.c:')"
