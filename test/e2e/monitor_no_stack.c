// Intent: when a blocked thread's stack cannot be read without changing the program, the report says so and why instead of guessing: a coroutine that spins with every signal blocked, and one that spins after the program replaced the capture signal's handler; both are still reported, located by their last switch.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#include "../Inputs/pcl_hub.h"
#include <signal.h>

static volatile unsigned long spins;
static void spin(double secs) {
  for (double end = hub_now() + secs; hub_now() < end;)
    spins++;
}

static void masked_spin(void *arg) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  spin(0.6);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  hub_finish();
}

static void replaced_spin(void *arg) {
  spin(0.6);
  hub_finish();
}

static void own_handler(int sig) {}

int main(void) {
  co_thread_init();
  hub_run(co_create(masked_spin, NULL, NULL, 64 * 1024));
  signal(SIGRTMIN + 3, own_handler); /* the default capture signal */
  hub_done = false;
  hub_run(co_create(replaced_spin, NULL, NULL, 64 * 1024));
  printf("done\n");
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'masked_spin' blocked thread [[TID:[0-9]+]]
// CHECK-NEXT: Blocked stack (not available: thread [[TID]] blocks signal {{[0-9]+}}; no stack):
// CHECK-NEXT: Last switch: co_call in hub_run
// CHECK: SUMMARY: switchguard: blocked coroutine 'masked_spin' for {{[0-9]+}} ms on thread [[TID]]{{$}}
// CHECK: WARNING: switchguard: coroutine 'replaced_spin' blocked thread [[TID]]
// CHECK-NEXT: Blocked stack (not available: the program replaced the handler of signal {{[0-9]+}}; no stack):
// CHECK: exit summary: 2 blocking incidents
// CHECK-NEXT: 2 incidents, {{.*}}: after co_call in hub_run {{.*}}pcl_hub.h:{{[0-9]+}}
// CHECK: done

// JSON: EVENT blocked coroutine=masked_spin spawn_line={{[0-9]+}} frames= capture=none where=none
// JSON: EVENT blocked coroutine=replaced_spin spawn_line={{[0-9]+}} frames= capture=none where=none
// JSON: EVENT exit_summary incidents=2 sites=hub_run:{{[0-9]+}}x2
