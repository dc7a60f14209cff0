// Intent: the monitor stops cleanly at exit and loses no report: when main returns while another thread's coroutine is blocked (around the time its first report is being made, or later), the report comes out whole, the incident is closed as still blocked at exit, and the exit summary follows; in JSON the closing event is unblocked with end=exit.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t 150 2>&1 | FileCheck %s
// RUN: %t 400 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 150 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#include "../Inputs/pcl_hub.h"
#include <pthread.h>

static volatile int blocking;

static void stuck(void *arg) {
  blocking = 1;
  sleep(100); /* still asleep when the process exits */
  for (;;)
    co_resume();
}

static void *worker(void *arg) {
  co_thread_init();
  co_call(co_create(stuck, NULL, NULL, 64 * 1024));
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t w;
  pthread_create(&w, NULL, worker, NULL);
  while (!blocking) /* counted from the blockage, whatever the load */
    usleep(1000);
  usleep(atoi(argv[1]) * 1000);
  printf("main returns\n");
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'stuck' blocked thread [[TID:[0-9]+]]
// CHECK: SUMMARY: switchguard: blocked coroutine 'stuck' {{.*}} in stuck
// CHECK: switchguard: coroutine 'stuck' still blocked on thread [[TID]] at exit, after {{[0-9.]+}} s
// Where it spent its time, when the monitor sampled it before the exit.
// CHECK-NOT: switchguard:
// CHECK: switchguard: exit summary: 1 blocking incident, longest {{.*}} (coroutine 'stuck' on thread [[TID]])
// CHECK: main returns

// JSON: EVENT blocked coroutine=stuck
// JSON: EVENT unblocked coroutine=stuck end=exit
// JSON-NEXT: EVENT exit_summary incidents=1
// JSON-NEXT: TEXT main returns
