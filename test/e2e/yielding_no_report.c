// Intent: coroutines that yield every millisecond for 2 s are never
// reported, however long the program runs.
// RUN: %swgcc -g -O2 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t 2>&1 | FileCheck %s
#include "../Inputs/pcl_hub.h"

static void busy(void *arg) {
  double end = hub_now() + 2.0;
  long turns = 0;
  while (hub_now() < end) {
    usleep(500); /* some work, well under the threshold */
    co_resume();
    turns++;
  }
  printf("done after %ld turns\n", turns);
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(busy, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK-NOT: switchguard
// CHECK: done after {{[0-9]+}} turns
// CHECK-NOT: switchguard
