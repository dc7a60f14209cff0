#!/bin/bash
# make bench: what switchguard costs, measured against the same programs
# without it in the same run, and written to docs/performance.md.
#   bench/run.sh BUILD_DIR [OUTPUT.md]     (default docs/performance.md)
#   BENCH_ONLY="switch monitor" bench/run.sh BUILD_DIR [OUTPUT.md]
#                                          (default BUILD_DIR/bench/performance.md)
# Each section is a file in bench/sections/, run in the order below; a
# partial run never writes docs/performance.md unless told to. Every table
# in the output is followed by the commands that produced it.
# Wall times are medians of several runs, plain and instrumented runs
# alternating; instruction counts come from callgrind (main thread only,
# the difference between runs of 2N and N iterations, so start-up cancels)
# and are exact and repeatable. DWARF 4 because valgrind 3.19 (Debian 12)
# cannot read clang's default DWARF 5.
set -eu
build=${1:-build}
out="$build/bench"
all_sections="switch recording guards detection monitor spawn compile frames intercept gevent cxx20"
only=${BENCH_ONLY:-}
for name in $only; do
  case " $all_sections " in *" $name "*) ;;
  *) echo "bench: unknown section '$name' in BENCH_ONLY; valid: $all_sections" >&2; exit 2 ;;
  esac
done
doc=${2:-$([ -n "$only" ] && echo "$out/performance.md" || echo docs/performance.md)}
mkdir -p "$out"
clang=$(sed -n 's/^SWITCHGUARD_CLANG:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -n "$clang" ] || { echo "bench: no SWITCHGUARD_CLANG in $build/CMakeCache.txt" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "bench: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
swgcc="$build/bin/switchguard-cc"
plugin="$build/lib/switchguard.so"
llvm=$("$clang" --version | sed -n 's/.*clang version \([0-9.]*\).*/\1/p' | head -1)
started=$(date +%s)
RUNS=7
sections="$out/sections.md" summary="$out/summary.md"
: >"$sections"; : >"$summary"
say() { echo "$@" >>"$sections"; }
budget() { echo "$@" >>"$summary"; }
progress() { echo "bench: $*" >&2; }
# Keep "|" out of a number's way: awk does the arithmetic everywhere.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# A file of numbers, one a line: median, min and max.
median() { sort -g "$1" | awk '{v[NR]=$1} END {printf "%.2f", v[int((NR+1)/2)]}'; }
minimum() { sort -g "$1" | head -1; }
spread() { sort -g "$1" | awk '{v[NR]=$1} END {printf "%.2f (min %.2f, max %.2f)", v[int((NR+1)/2)], v[1], v[NR]}'; }

# $RUNS runs of PLAIN and SWG with the same ARGS, alternating, so drift
# and load hit both; each prints one number, collected in $out/p and
# $out/s (soft descriptor limit: see insns below).
alternate() { # PLAIN SWG ARGS...
  local plain=$1 swg=$2 i; shift 2
  : >"$out/p"; : >"$out/s"
  for i in $(seq $RUNS); do
    (ulimit -Sn 1024; "$plain" "$@") >>"$out/p"
    (ulimit -Sn 1024; "$swg" "$@") >>"$out/s"
  done
}

# Instructions per iteration of PROGRAM ARGS... N on its main thread: the
# runs with N and 2N iterations differ by N iterations' worth. State Threads
# raises its descriptor limit to the hard one, which valgrind refuses: a
# soft limit of 1024 keeps it from trying.
insns() { # N PROGRAM [ARGS...]
  local n=$1 dir="$out/cg" a b; shift
  rm -rf "$dir"; mkdir -p "$dir"
  (ulimit -Sn 1024
   valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$dir/a" "$@" "$n" >/dev/null 2>&1
   valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$dir/b" "$@" $((2 * n)) >/dev/null 2>&1)
  a=$(sed -n 's/^summary: //p' "$dir/a-01"); b=$(sed -n 's/^summary: //p' "$dir/b-01")
  calc "%.1f" "($b - $a) / $n"
}

for name in $all_sections; do
  case " ${only:-$all_sections} " in *" $name "*) . "bench/sections/$name.sh" ;; esac
done

# ---- the page -----------------------------------------------------------------
elapsed=$(( $(date +%s) - started ))
{
  cat <<EOF
# Performance

What switchguard costs a program and a build. This page is written by
\`make bench\` (\`bench/run.sh\`); do not edit it by hand. Last run:
$(date -u +%Y-%m-%d), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1),
clang $llvm, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $elapsed s in all.
The budgets are the project's targets; how the fast path works is in
[architecture.md](architecture.md), how each figure is measured in
[bench/README.md](../bench/README.md).

## Against the budgets

| what | measured | budget | |
|---|---|---|---|
EOF
  cat "$summary"
  echo
  cat "$sections"
} >"$doc"
progress "wrote $doc in $elapsed s"
cat "$summary"
