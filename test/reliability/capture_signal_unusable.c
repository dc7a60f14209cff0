// Intent: capture_signal set to a signal that cannot serve (SIGKILL and SIGSTOP cannot be caught, SIGSEGV belongs to crash handlers) is refused at start-up with one line naming the key, why, and the valid values; the program goes on with the default signal, so a coroutine spinning in user space is still reported with its stack.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=capture_signal=9 %t 2>&1 | FileCheck %s --check-prefixes=CHECK,KILL
// RUN: env SWITCHGUARD_OPTIONS=capture_signal=19 %t 2>&1 | FileCheck %s --check-prefixes=CHECK,STOP
// RUN: env SWITCHGUARD_OPTIONS=capture_signal=11 %t 2>&1 | FileCheck %s --check-prefixes=CHECK,SEGV
#include "../Inputs/pcl_hub.h"

static volatile unsigned long spins;

static void spinner(void *arg) {
  co_resume();
  for (double end = hub_now() + 0.5; hub_now() < end;)
    spins++;
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(spinner, NULL, NULL, 64 * 1024));
  printf("done\n");
  return 0;
}

// KILL: {{^}}switchguard: bad value '9' for option 'capture_signal' in SWITCHGUARD_OPTIONS (SIGKILL cannot be caught); valid values: 0|1..64 but not {{.*}} (keeping the default){{$}}
// STOP: {{^}}switchguard: bad value '19' for option 'capture_signal' in SWITCHGUARD_OPTIONS (SIGSTOP cannot be caught); valid values: 0|1..64 but not {{.*}} (keeping the default){{$}}
// SEGV: {{^}}switchguard: bad value '11' for option 'capture_signal' in SWITCHGUARD_OPTIONS (a crash signal: crash handlers and debuggers own it); valid values: 0|1..64 but not {{.*}} (keeping the default){{$}}
// CHECK-NOT: switchguard: bad value
// CHECK: WARNING: switchguard: coroutine 'spinner' blocked thread
// CHECK-NEXT: Blocked stack (read at a signal):
// CHECK: in spinner {{.*}}capture_signal_unusable.c
// CHECK: SUMMARY: switchguard: blocked coroutine 'spinner'
// CHECK: done
