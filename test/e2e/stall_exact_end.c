// Intent: an incident's end is exact: the switch that ended the stretch stamps its own time and site, so unblocked names that switch (the yield after the sleep, by its line) and its duration is the stretch's as the program measured it, the start alone being dated to half a monitor period (within -15..+20 ms of a 300 ms sleep), at the default period (a fifth of the threshold) and at half the threshold, where half a period is 25 ms (-30..+35 ms).
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100 %t 2>&1 | FileCheck %s -DFILE=stall_exact_end.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:monitor_period_ms=50 %t 2>&1 | FileCheck %s --check-prefix=P50 -DFILE=stall_exact_end.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:monitor_period_ms=50:format=json %t 2>%t.50.json >%t.50.out
// RUN: python3 %inputs/check_events.py < %t.50.json > /dev/null
// RUN: python3 %S/Inputs/stretch_error.py %t.50.json %t.50.out -30 35 | FileCheck %s --check-prefix=ERROR
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:format=json %t 2>%t.json >%t.out
// RUN: python3 %inputs/check_events.py < %t.json | FileCheck %s --check-prefix=JSON
// RUN: python3 %S/Inputs/stall_events.py < %t.json | FileCheck %s --check-prefix=STALL -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
// The duration against the stretch as the program measured it (a loaded
// machine may wake it late): the end exact, the start within half a
// period (10 ms) and a few ms of scheduling.
// RUN: python3 %S/Inputs/stretch_error.py %t.json %t.out -15 20 | FileCheck %s --check-prefix=ERROR
#include "../Inputs/pcl_hub.h"

static double stretch;

static void sleeper(void *arg) {
  co_resume();
  double from = hub_now();
  usleep(300 * 1000);
  stretch = hub_now() - from;
  co_resume(); // MARK:yield
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(sleeper, NULL, NULL, 64 * 1024));
  printf("stretch_ms=%.1f\n", stretch * 1e3);
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked thread [[TID:[0-9]+]]
// CHECK: coroutine 'sleeper' still blocked on thread [[TID]]
// CHECK: coroutine 'sleeper' unblocked on thread [[TID]] after 0.{{[0-9]+}} s, by co_resume in sleeper at {{.*}}[[FILE]]:[[#YIELD]]:

// At a period of 50 ms the start is dated within 25 ms.
// P50: WARNING: switchguard: coroutine 'sleeper' blocked thread [[TID:[0-9]+]]
// P50: coroutine 'sleeper' unblocked on thread [[TID]] after 0.{{[0-9]+}} s, by co_resume in sleeper at {{.*}}[[FILE]]:[[#YIELD]]:

// JSON: EVENT blocked coroutine=sleeper
// JSON: EVENT unblocked coroutine=sleeper end=switch

// STALL: unblocked {{.*}} end=switch ended_by=[[#YIELD]] duration_ms={{[0-9]+}}{{$}}
// ERROR: error_ok=1
