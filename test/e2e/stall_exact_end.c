// Intent: an incident's end is exact: the switch that ended the stretch stamps its own time and site, so unblocked names that switch (the yield after the sleep, by its line) and its duration is the sleep's, the start alone being dated to half a monitor period (300 ms within [285, 330]), at the default period (a fifth of the threshold) and at half the threshold, where half a period is 25 ms.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100 %t 2>&1 | FileCheck %s -DFILE=stall_exact_end.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:monitor_period_ms=50 %t 2>&1 | FileCheck %s --check-prefix=P50 -DFILE=stall_exact_end.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:format=json %t 2>%t.json >/dev/null
// RUN: python3 %inputs/check_events.py < %t.json | FileCheck %s --check-prefix=JSON
// RUN: python3 %S/Inputs/stall_events.py < %t.json | FileCheck %s --check-prefix=STALL -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"

static void sleeper(void *arg) {
  co_resume();
  usleep(300 * 1000);
  co_resume(); // MARK:yield
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(sleeper, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked thread [[TID:[0-9]+]]
// CHECK: coroutine 'sleeper' still blocked on thread [[TID]]
// CHECK: coroutine 'sleeper' unblocked on thread [[TID]] after {{0.29|0.3[0-3]}} s, by co_resume in sleeper at {{.*}}[[FILE]]:[[#YIELD]]:

// At a period of 50 ms the start is dated within 25 ms.
// P50: WARNING: switchguard: coroutine 'sleeper' blocked thread [[TID:[0-9]+]]
// P50: coroutine 'sleeper' unblocked on thread [[TID]] after {{0.2[7-9]|0.3[0-4]}} s, by co_resume in sleeper at {{.*}}[[FILE]]:[[#YIELD]]:

// JSON: EVENT blocked coroutine=sleeper
// JSON: EVENT unblocked coroutine=sleeper end=switch

// STALL: unblocked {{.*}} end=switch ended_by=[[#YIELD]] duration_ms={{28[5-9]|29[0-9]|3[0-2][0-9]|330}}{{$}}
