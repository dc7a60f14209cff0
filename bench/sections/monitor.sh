# bench/run.sh section: monitor cost. Sourced by run.sh, whose helpers
# (say, budget, insns, calc, median, spread, ...) and variables it uses.
progress "monitor cost"
say "## The monitor's own cost"
say
say "\`bench/latency_monitor_cpu.c THREADS CORO 10 EVERY\`: the monitor thread's"
say "CPU time (\`/proc/self/task/TID/schedstat\`) and wake-ups (its voluntary"
say "context switches, \`/proc/self/task/TID/status\`) over 10 s (three runs, the"
say "median) while every"
say "hub thread resumes one of its coroutines every EVERY ms, at the"
say "defaults (T = 100 ms). Waking is most of what the monitor costs: a"
say "thread that does nothing but sleep on a futex until a deadline every"
say "T/2, measured the same way in the same run, is the floor. A thread"
say "that switched since the look before needs the next look within T/2"
say "for a blockage to be reported within 1.5 T; while every thread waits"
say "in its hub the monitor sleeps until one switches (the last row: a"
say "resume every 2 s, as a quiet server)."
say
say "| hub threads x live coroutines, a resume every | monitor CPU (share of one core: median of 3 runs, and each) | wake-ups a second (median) |"
say "|---|---|---|"
"$swgcc" -O2 -gdwarf-4 bench/latency_monitor_cpu.c -lpcl -lpthread -o "$out/latency_monitor_cpu"
mon_worst=0 mon_wakes=0
list1() { sort -g "$1" | tr '\n' ' ' | sed 's/ $//;s/ /, /g'; }
for shape in "1 10 1" "8 10 1" "64 10 1" "1 10000 1" "8 10 2000"; do
  set -- $shape
  : >"$out/ms"; : >"$out/mw"
  for run in 1 2 3; do # one run can catch the VM's host at a bad moment
    line=$("$out/latency_monitor_cpu" $1 $2 10 $3)
    echo "$line" | sed -n 's/.*monitor used \([0-9.]*\)%.*/\1/p' >>"$out/ms"
    echo "$line" | sed -n 's/.*woke \([0-9.]*\) times.*/\1/p' >>"$out/mw"
  done
  share=$(sort -g "$out/ms" | sed -n 2p) wakes=$(sort -g "$out/mw" | sed -n 2p)
  say "| $1 x $2, $3 ms | ${share:-?}% ($(list1 "$out/ms")) | ${wakes:-?} |"
  if [ "$3" = 1 ]; then
    mon_worst=$(calc "%.3f" "(${share:-9} > $mon_worst) ? ${share:-9} : $mon_worst")
    mon_wakes=$(calc "%.1f" "(${wakes:-999} > $mon_wakes) ? ${wakes:-999} : $mon_wakes")
  else
    mon_idle=${share:-?} mon_idle_wakes=${wakes:-?}
  fi
done
"$clang" -O2 -x c - -lpthread -o "$out/futex_floor" <<'C'
/* The floor: a thread that wakes at a futex deadline every 50 ms and does
 * nothing else; its CPU time over 10 s, as a share of one core. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
static unsigned word;
static uint64_t ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}
static void *sleeper(void *arg) {
  uint64_t next = ns(CLOCK_MONOTONIC), start = ns(CLOCK_THREAD_CPUTIME_ID);
  for (int i = 0; i < 200; i++) {
    next += 50000000u;
    struct timespec ts = {(time_t)(next / 1000000000u), (long)(next % 1000000000u)};
    syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, NULL,
            FUTEX_BITSET_MATCH_ANY);
  }
  *(uint64_t *)arg = ns(CLOCK_THREAD_CPUTIME_ID) - start;
  return NULL;
}
int main(void) {
  uint64_t used;
  pthread_t t;
  pthread_create(&t, NULL, sleeper, &used);
  pthread_join(t, NULL);
  printf("%.4f\n", used / 10e9 * 100);
  return 0;
}
C
floor=$(for run in 1 2 3; do "$out/futex_floor"; done | sort -g | sed -n 2p)
say
say "The floor (a bare futex sleep every 50 ms, 20 wake-ups a second): ${floor}% of a core."
say
say '```sh'
say "$build/bin/switchguard-cc -O2 bench/latency_monitor_cpu.c -lpcl -lpthread -o mcpu"
say "./mcpu 64 10 10 1    # a resume every ms; ./mcpu 8 10 10 2000: quiet hubs"
say '```'
say
budget "| the monitor thread | at most ${mon_worst}% of a core, at most ${mon_wakes} wake-ups a second (1 to 64 threads, 10 to 10,000 coroutines, switching every ms; a bare 20 wake-ups a second: ${floor}%); ${mon_idle}% and ${mon_idle_wakes} wake-ups a second while the hubs wait 2 s | under 0.1% | $(calc "%s" "($mon_worst < 0.1) ? \"met\" : \"missed\"") |"
