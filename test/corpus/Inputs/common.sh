# Shared by the corpus suites: each builds a library's own test suite twice,
# with plain clang and with switchguard-cc, and prints lines to compare.
#   . common.sh; setup CORPUS_DIR LIB WORK_DIR SWGCC CLANG
set -u

# setup: a fresh copy of the library (the corpus is read-only) for each
# compiler, and `swgcc`, a one-word compiler that verifies the IR too.
setup() {
  corpus=$1 lib=$2 work=$3 swgcc_real=$4 clang=$5
  rm -rf "$work" && mkdir -p "$work"
  cp -r "$corpus/$lib" "$work/plain"
  cp -r "$corpus/$lib" "$work/swg"
  swgcc=$work/switchguard-cc
  printf '#!/bin/sh\nexec %s -fplugin-arg-switchguard-verify "$@"\n' \
    "$swgcc_real" >"$swgcc"
  chmod +x "$swgcc"
}

# reports LOG: how many blockage reports switchguard wrote.
reports() { grep -c '==[0-9]*==.*switchguard: coroutine' "$1"; }

# blocking_in_library LOG PATTERN: blocking calls reported at run time in
# files whose path does not match PATTERN (the suite's own test files).
blocking_in_library() {
  grep '^SUMMARY: switchguard: blocking call' "$1" | grep -Evc "$2"
}

# library_warnings LOG PATTERN: switchguard's warnings in files whose path
# does not match PATTERN (the suite's own test files).
library_warnings() {
  grep '\[-Wbackend-plugin\]' "$1" | grep -Evc "$2"
}

# own_warnings LOG PATTERN: switchguard's warnings in the suite's own files.
own_warnings() {
  grep '\[-Wbackend-plugin\]' "$1" | grep -Ec "$2"
}
