// Intent: a coroutine blocked in sleep(1) at a 100 ms threshold is reported
// once, with its name, its stack down to the sleep's line and its spawn
// site, then once as unblocked and in the exit summary; and the sleep still
// lasts the full second.
// RUN: %swgcc -g -O0 %s -lpcl -o %t0
// RUN: %t0 2>&1 | FileCheck %s -DFILE=blocked_sleep.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
// RUN: %swgcc -g -O2 %s -lpcl -o %t2
// RUN: %t2 2>&1 | FileCheck %s -DFILE=blocked_sleep.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"

static void blocker(void *arg) {
  co_resume();
  double t = hub_now();
  sleep(1); // MARK:sleep
  expect_full("sleep(1)", hub_now() - t, 1.0);
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(blocker, NULL, NULL, 64 * 1024)); // MARK:spawn
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'blocker' blocked thread [[TID:[0-9]+]] "{{.*}}" for {{[0-9]+}} ms (max_blocking_ms=100)
// CHECK: Blocked stack (read from its system call):
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in {{.*}}sleep
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in blocker {{.*}}[[FILE]]:[[#SLEEP]]
// CHECK: Last switch: co_resume in blocker at {{.*}}[[FILE]]
// CHECK: Spawned at: {{.*}}[[FILE]]:[[#SPAWN]] in main
// CHECK: thread [[TID]] "{{.*}}" [hub] <- BLOCKED
// CHECK: [switchguard monitor]
// CHECK: blocker 0x{{[0-9a-f]+}} running, age {{.*}} spawned at main {{.*}}[[FILE]]:[[#SPAWN]]
// CHECK: SUMMARY: switchguard: blocked coroutine 'blocker'
// CHECK-NOT: WARNING
// CHECK: coroutine 'blocker' unblocked on thread [[TID]] after {{0.9[0-9]|1.[0-9]+}} s
// CHECK: switchguard: exit summary: 1 blocking incident, longest {{.*}} s (coroutine 'blocker' on thread [[TID]])
// CHECK-NEXT: 1 incident, longest {{.*}}: blocker {{.*}}[[FILE]]:[[#SLEEP]]
// CHECK-NOT: switchguard
// CHECK: sleep(1) took 1.{{[0-9]+}} s
