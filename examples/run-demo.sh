#!/bin/sh
# make demo: compile the examples with switchguard-cc and run the seed.
set -eu
build=${1:-build}
cc="$build/bin/switchguard-cc"
out="$build/examples"
mkdir -p "$out"
echo "== switchguard-cc -g -O2 examples/seed.c -lpcl -o $out/seed"
"$cc" -g -O2 examples/seed.c -lpcl -o "$out/seed"
echo "== $out/seed   (a coroutine f calls sleep(3) while the hub prints dots)"
"$out/seed"
