// Intent: format=json writes one object per event (blocked, still_blocked,
// unblocked, exit_summary), each valid against the schema in
// docs/report-format.md, and nothing else goes to the log.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json:max_blocking_ms=100 %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"

static void napper(void *arg) {
  co_resume();
  usleep(900 * 1000); // MARK:sleep
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(napper, NULL, NULL, 64 * 1024)); // MARK:spawn
  return 0;
}

// CHECK: EVENT blocked coroutine=napper spawn_line=[[#SPAWN]] frames={{.*}}napper:[[#SLEEP]]
// CHECK-NOT: EVENT blocked
// CHECK: EVENT still_blocked coroutine=napper
// CHECK-NOT: EVENT blocked
// CHECK: EVENT unblocked coroutine=napper end=switch reports={{[0-9]+}}
// CHECK-NEXT: EVENT exit_summary incidents=1 sites=napper:[[#SLEEP]]x1
// CHECK-NOT: EVENT
