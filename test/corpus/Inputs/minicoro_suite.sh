#!/usr/bin/env bash
# minicoro's tests/Makefile: testsuite, example, mt-example and simple
# (make test-all), at its own -Og and at -O2; the implementation is the
# header itself, compiled into each program with MINICORO_IMPL.
#   minicoro_suite.sh CORPUS WORK SWITCHGUARD_CC CLANG
. "$(dirname "$0")/common.sh"
setup "$1" minicoro "$2" "$3" "$4"
run() { # run NAME CC CFLAGS
  (cd "$work/$1/tests" && make clean >/dev/null &&
    make test-all CC="$2" CFLAGS="$3") >"$work/$1.log" 2>&1
  echo "$1 $3: status $?, $(grep -v "^$2\|^make\|^\./" "$work/$1.log" |
    md5sum | cut -c1-8) output"
}
for flags in "-Og -std=c89" "-O2 -std=c89"; do
  run plain "$clang" "$flags" | sed 's/^plain/result/'
  cp "$work/plain.log" "$work/plain$flags.log"
  run swg "$swgcc" "$flags" | sed 's/^swg/result/'
  echo "run-time reports: $(reports "$work/swg.log")"
  echo "warnings in minicoro.h: $(library_warnings "$work/swg.log" '^[a-z-]*\.c:')"
done
