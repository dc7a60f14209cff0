#!/bin/sh
# Builds each of the project's examples (examples/*.c) with and without
# switchguard and checks that the program's own output (stdout) is the same:
# switchguard reports on stderr and changes nothing the program does.
#
#   scripts/examples-check.sh CLANG SWGCC OUTDIR FLAGS...
#
#   FLAGS   one compiler flag set per build, e.g. -O2 "-O0 -g" "-O3 -g"
#
# Each example names the libraries it links in its usage line (the first
# line that runs switchguard-cc, e.g. "switchguard-cc -g -O2 seed.c -lpcl
# -o seed"), and the options it runs with in the first line that sets
# SWITCHGUARD_OPTIONS, if any. Both builds run side by side, each in its own
# directory (files an example writes stay there); measured times ("3.00 s") are
# masked before comparing, and the run with switchguard must still take
# them in full (seed's sleep(3) is never cut short).
set -eu
[ $# -ge 4 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
clang=$1 swgcc=$2 out=$3
shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
fail() {
  echo "examples-check: FAILED: $*" >&2
  exit 1
}
mask() { sed -E 's/[0-9]+\.[0-9]+ s\b/N.NN s/g' "$1"; }

n=0
for src in "$root"/examples/*.c; do
  name=$(basename "$src" .c)
  libs=$(grep -m 1 'switchguard-cc' "$src" | grep -oE -- '-l[A-Za-z0-9_]+' |
    tr '\n' ' ' || true)
  opts=$(grep -m 1 -oE 'SWITCHGUARD_OPTIONS=[^ ]+' "$src" | cut -d= -f2- || true)
  for flags in "$@"; do
    dir="$out/$name$(echo "$flags" | tr -d ' ')"
    rm -rf "$dir" && mkdir -p "$dir"
    # shellcheck disable=SC2086
    $clang $flags -I"$root/runtime/include" "$src" $libs -lpthread \
      -o "$dir/plain" >"$dir/plain.build" 2>&1 ||
      fail "$name $flags: the plain build failed ($dir/plain.build)"
    # shellcheck disable=SC2086
    $swgcc $flags "$src" $libs -lpthread -o "$dir/swg" >"$dir/swg.build" 2>&1 ||
      fail "$name $flags: the build with switchguard failed ($dir/swg.build)"
    (cd "$dir" && ./plain >plain.out 2>plain.err) &
    pid=$!
    (cd "$dir" && SWITCHGUARD_OPTIONS=$opts ./swg >swg.out 2>swg.err) ||
      fail "$name $flags: the switchguard build exited with status $?" \
        "($dir/swg.err)"
    wait $pid || fail "$name $flags: the plain build exited with status $?"
    mask "$dir/plain.out" >"$dir/plain.masked"
    mask "$dir/swg.out" >"$dir/swg.masked"
    if ! cmp -s "$dir/plain.masked" "$dir/swg.masked"; then
      diff -u "$dir/plain.masked" "$dir/swg.masked" | head -n 20 >&2
      fail "$name $flags: stdout differs with switchguard"
    fi
    reports=$(grep -c 'switchguard:' "$dir/swg.err" || true)
    echo "examples-check: $name $flags: stdout identical" \
      "($(wc -l <"$dir/swg.out") lines); $reports switchguard lines on stderr"
    n=$((n + 1))
  done
done
[ $n -gt 0 ] || fail "no examples found in $root/examples"
echo "examples-check: $n builds identical"
