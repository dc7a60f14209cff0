// Intent: a coroutine that spins in user space (no system call to read registers from) is captured with a signal and its stack says so; the signal is configurable, and the program's own handler for that signal keeps getting the program's own signals.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: %t 2>&1 | FileCheck %s -DFILE=monitor_spin_signal.c -D#SPIN=$(grep -n 'MARK[:]spin' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=capture_signal=10 %t 2>&1 | FileCheck %s -DFILE=monitor_spin_signal.c -D#SPIN=$(grep -n 'MARK[:]spin' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"
#include <signal.h>

static volatile sig_atomic_t own_calls;
static volatile unsigned long spins;

static void own_handler(int sig) { own_calls++; }

static void spinner(void *arg) {
  co_resume();
  raise(SIGUSR1);
  for (double end = hub_now() + 0.5; hub_now() < end;) spins++; // MARK:spin
  raise(SIGUSR1);
  hub_finish();
}

int main(void) {
  signal(SIGUSR1, own_handler); /* before switchguard takes any signal */
  co_thread_init();
  hub_run(co_create(spinner, NULL, NULL, 64 * 1024));
  printf("own handler ran %d times\n", (int)own_calls);
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'spinner' blocked thread
// CHECK-NEXT: Blocked stack (read at a signal):
// CHECK: in spinner {{.*}}[[FILE]]:[[#SPIN]]
// CHECK: SUMMARY: switchguard: blocked coroutine 'spinner' {{.*}} in {{spinner|hub_now}} 
// CHECK: coroutine 'spinner' unblocked
// CHECK: own handler ran 2 times
