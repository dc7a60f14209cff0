# bench/run.sh section: monitor cost. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "monitor cost"
say "## The monitor's own cost"
say
say "\`bench/latency_monitor_cpu.c THREADS CORO 10\`: the monitor thread's CPU"
say "time (\`/proc/self/task/TID/schedstat\`) over 10 s while every hub thread"
say "resumes one of its coroutines every millisecond, at the defaults"
say "(T = 100 ms)."
say
say "| hub threads x live coroutines | monitor CPU (share of one core) |"
say "|---|---|"
"$swgcc" -O2 -gdwarf-4 bench/latency_monitor_cpu.c -lpcl -lpthread -o "$out/latency_monitor_cpu"
mon_worst=0
for shape in "1 10" "8 10" "64 10" "1 10000"; do
  set -- $shape
  share=$("$out/latency_monitor_cpu" $1 $2 10 | sed -n 's/.*monitor used \([0-9.]*\)%.*/\1/p')
  say "| $1 x $2 | ${share}% |"
  mon_worst=$(calc "%.3f" "(${share:-9} > $mon_worst) ? ${share:-9} : $mon_worst")
done
say
say '```sh'
say "$build/bin/switchguard-cc -O2 bench/latency_monitor_cpu.c -lpcl -lpthread -o mcpu"
say "./mcpu 64 10 10"
say '```'
say
budget "| the monitor thread | at most ${mon_worst}% of a core (1 to 64 threads, 10 to 10,000 coroutines) | under 0.1% | $(calc "%s" "($mon_worst < 0.1) ? \"met\" : \"missed\"") |"
