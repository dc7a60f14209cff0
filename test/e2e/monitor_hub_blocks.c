// Intent: the hub itself may wait or compute as long as it likes (gevent: no report while the hub runs): a hub that sleeps 400 ms and spins 400 ms between resumes of a coroutine that always yields at once is never reported.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: %t 2>&1 | FileCheck %s
#include "../Inputs/pcl_hub.h"

static void polite(void *arg) {
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(polite, NULL, NULL, 64 * 1024);
  for (int i = 0; i < 2; i++) {
    co_call(co);
    usleep(400 * 1000); /* waiting for events, in the hub */
    co_call(co);
    for (double end = hub_now() + 0.4; hub_now() < end;)
      ; /* computing, in the hub */
  }
  co_delete(co);
  printf("done\n");
  return 0;
}

// CHECK-NOT: switchguard
// CHECK: done
