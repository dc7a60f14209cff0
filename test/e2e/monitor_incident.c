// Intent: one blockage is one incident: one blocked report, still_blocked at 2x, 4x and 8x the threshold and no more, then one unblocked line with the total duration and where the coroutine switched.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: %t 2>&1 | FileCheck %s -DFILE=monitor_incident.c -D#NAP=$(grep -n 'MARK[:]nap' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#include "../Inputs/pcl_hub.h"

static void napper(void *arg) {
  co_resume();
  usleep(1200 * 1000); // MARK:nap
  co_resume();
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(napper, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'napper' blocked thread [[TID:[0-9]+]] "{{.*}}" for {{[0-9]+}} ms
// CHECK: SUMMARY: switchguard: blocked coroutine 'napper' {{.*}} in napper {{.*}}[[FILE]]:[[#NAP]]
// Each still_blocked report is its line and the stack at its decision,
// and nothing else comes between the reports.
// CHECK-EMPTY:
// CHECK-NEXT: coroutine 'napper' still blocked on thread [[TID]] after {{[23][0-9][0-9]}} ms
// CHECK-NEXT: Blocked stack (
// CHECK-NOT: switchguard:
// CHECK: in napper {{.*}}[[FILE]]:[[#NAP]]
// CHECK-NOT: switchguard:
// CHECK: switchguard: coroutine 'napper' still blocked on thread [[TID]] after {{[4-7][0-9][0-9]}} ms
// CHECK-NEXT: Blocked stack (
// CHECK-NOT: switchguard:
// CHECK: in napper {{.*}}[[FILE]]:[[#NAP]]
// CHECK-NOT: switchguard:
// CHECK: switchguard: coroutine 'napper' still blocked on thread [[TID]] after {{[89][0-9][0-9]|1[01][0-9][0-9]}} ms
// CHECK-NEXT: Blocked stack (
// CHECK-NOT: switchguard:
// CHECK: in napper {{.*}}[[FILE]]:[[#NAP]]
// CHECK-NOT: switchguard:
// CHECK: switchguard: coroutine 'napper' unblocked on thread [[TID]] after {{1.[0-9]+}} s{{(, by|; last switch seen at)}} co_{{resume|call}} in {{napper|hub_run}} at
// The stacks sampled while it was blocked: all in napper's sleep.
// CHECK-NEXT: Stall stacks ({{[0-9]+}} samples, innermost call last):
// CHECK-NEXT: {{^ *[0-9]+ }}napper{{$}}
// CHECK-NEXT: exit summary: 1 blocking incident

// JSON: EVENT blocked coroutine=napper
// JSON-NEXT: EVENT still_blocked coroutine=napper report=2
// JSON-NEXT: EVENT still_blocked coroutine=napper report=3
// JSON-NEXT: EVENT still_blocked coroutine=napper report=4
// JSON-NEXT: EVENT unblocked coroutine=napper end=switch reports=4
// JSON-NEXT: EVENT exit_summary incidents=1
