#!/bin/sh
# make bench: switch cost with and without switchguard, in the same run,
# then how soon the monitor reports a blockage.
#   bench/run.sh BUILD_DIR
# For each program: ns per switch (median, min and max of 7 runs) and
# instructions per switch from callgrind (exact and repeatable), plain clang
# -O2 against switchguard-cc -O2 with the monitor on. DWARF 4 because
# valgrind 3.19 (Debian 12) cannot read clang's DWARF 5.
set -eu
build=${1:-build}
out="$build/bench"
mkdir -p "$out"
clang=$(sed -n 's/^SWITCHGUARD_CLANG:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -n "$clang" ] || { echo "bench: no SWITCHGUARD_CLANG in $build/CMakeCache.txt" >&2; exit 1; }

stats() { sort -n | awk '{v[NR]=$1} END {printf "%.2f (min %.2f, max %.2f)", v[int((NR+1)/2)], v[1], v[NR]}'; }

insns() { # instructions per switch: (Ir(2N) - Ir(N)) / 2N, start-up cancels
  a=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" 100000 2>&1 | sed -n 's/.*Collected : //p')
  b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" 200000 2>&1 | sed -n 's/.*Collected : //p')
  echo "$a $b" | awk '{printf "%.1f", ($2 - $1) / 200000}'
}

printf '| program | build | ns/switch median (min, max) | instructions/switch |\n|---|---|---|---|\n'
for prog in pingpong_pcl; do
  "$clang" -O2 -gdwarf-4 "bench/$prog.c" -lpcl -o "$out/$prog.plain"
  "$build/bin/switchguard-cc" -O2 -gdwarf-4 "bench/$prog.c" -lpcl -o "$out/$prog.swg"
  for kind in plain swg; do
    t=$(for i in 1 2 3 4 5 6 7; do "$out/$prog.$kind"; done | stats)
    ins=$(command -v valgrind >/dev/null && insns "$out/$prog.$kind" || echo n/a)
    printf '| %s | %s | %s | %s |\n' "$prog" "$kind" "$t" "$ins"
  done
done

# Recording (issue #8): the same switchguard build with the trace written
# to a file, with the profile, and both. The trace's writer thread formats
# the JSON on another core; callgrind runs every thread, so its
# instructions are in the count. 200k round trips keep the file ~150 MB.
echo
printf '| program | recording | ns/switch median (min, max) | instructions/switch |\n|---|---|---|---|\n'
for opts in none profile=1 "trace_path=$out/trace.json" "trace_path=$out/trace.json:profile=1"; do
  t=$(for i in 1 2 3 4 5 6 7; do
        SWITCHGUARD_OPTIONS=${opts#none}:log_path=/dev/null "$out/pingpong_pcl.swg" 200000
      done | stats)
  ins=$(command -v valgrind >/dev/null &&
        (export SWITCHGUARD_OPTIONS="${opts#none}:log_path=/dev/null"
         insns "$out/pingpong_pcl.swg") || echo n/a)
  printf '| pingpong_pcl | %s | %s | %s |\n' "$(echo "$opts" | sed "s|$out/||")" "$t" "$ins"
done
rm -f "$out/trace.json"

# Detection latency (issue #4, BRIEF 9: reported within 1.5 x max_blocking):
# p50/p90/p99/max of decided and written, in units of the threshold.
echo
"$build/bin/switchguard-cc" -O2 -gdwarf-4 bench/latency_pcl.c -lpcl -o "$out/latency_pcl"
for t in 20 50 100 200; do
  SWITCHGUARD_OPTIONS=max_blocking_ms=$t:log_path=/dev/null "$out/latency_pcl" $t 40
done
SWITCHGUARD_OPTIONS=max_blocking_ms=100:log_path=/dev/null "$out/latency_pcl" 100 40 spin

# The monitor's own CPU at the defaults: grows with threads, not coroutines.
"$build/bin/switchguard-cc" -O2 -gdwarf-4 bench/latency_monitor_cpu.c -lpcl -lpthread -o "$out/latency_monitor_cpu"
for shape in "1 10" "1 10000" "64 10"; do
  "$out/latency_monitor_cpu" $shape 10
done
