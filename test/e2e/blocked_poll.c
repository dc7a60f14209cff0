// Intent: a coroutine blocked in poll(..., 1000) is reported with poll and
// its own frame on the stack, and the poll still times out after 1 s.
// RUN: %swgcc -g -O0 %s -lpcl -o %t0
// RUN: %t0 2>&1 | FileCheck %s -DFILE=blocked_poll.c -D#LINE=$(grep -n 'MARK[:]poll' %s | cut -d: -f1)
// RUN: %swgcc -g -O2 %s -lpcl -o %t2
// RUN: %t2 2>&1 | FileCheck %s -DFILE=blocked_poll.c -D#LINE=$(grep -n 'MARK[:]poll' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"
#include <poll.h>

static void poller(void *arg) {
  co_resume();
  double t = hub_now();
  poll(NULL, 0, 1000); // MARK:poll
  expect_full("poll(1000 ms)", hub_now() - t, 1.0);
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(poller, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'poller' blocked thread
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in {{.*}}poll
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in poller {{.*}}[[FILE]]:[[#LINE]]
// CHECK: SUMMARY: switchguard: blocked coroutine 'poller'
// CHECK-NOT: WARNING
// CHECK: coroutine 'poller' unblocked on thread {{[0-9]+}} after {{0.9[0-9]|1.[0-9]+}} s
// CHECK: poll(1000 ms) took 1.{{[0-9]+}} s
