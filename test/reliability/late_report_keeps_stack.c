// Intent: a report written long after its blockage was decided still shows the stack the blocked coroutine had then, whether it was in a system call or running in user space: the monitor copies the stack when it decides, the reporter walks the copy when it gets to it. Here the reporter is held up for seconds: stderr is a pipe filled to the brim that nobody reads until both blockages are over ('sleeper' in usleep, then 'spinner' busy in user space). Without the copies, the spinner's report said "switched before its stack was read" (the sleeper's was read in time, before the reporter blocked). The threads and coroutines are those the monitor copied as it decided too: the spinner still running, though it had long switched when the report was written.
// RUN: %swgcc -g -O0 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:blocking_calls=0 %t | FileCheck %s -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#SPIN=$(grep -n 'MARK[:]spin' %s | cut -d: -f1)
#define _GNU_SOURCE
#include "Inputs/full_stderr.h"
#include <pcl.h>
#include <stdlib.h>

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleeper(void *arg) {
  (void)arg;
  usleep(300 * 1000); // MARK:sleep
  co_resume();
}

static volatile unsigned long spins;

__attribute__((noinline)) static void spin_for(double seconds) {
  for (double end = mono() + seconds; mono() < end;)
    spins++;
}

static void spinner(void *arg) {
  (void)arg;
  spin_for(1.5); /* decided blocked even when the monitor looks late */ // MARK:spin
  co_resume();
}

static int spinner_closed(const char *text) {
  return strstr(text, "coroutine 'spinner' unblocked") != NULL;
}

int main(void) {
  if (fill_stderr())
    return 1;
  co_thread_init();
  coroutine_t a = co_create(sleeper, NULL, NULL, 64 * 1024);
  co_call(a);
  co_delete(a);
  coroutine_t b = co_create(spinner, NULL, NULL, 64 * 1024);
  co_call(b);
  co_delete(b);

  read_stderr_until(spinner_closed);
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked thread
// CHECK-NEXT: Blocked stack (read from its system call):
// CHECK: in usleep
// CHECK-NEXT: in sleeper {{.*}}late_report_keeps_stack.c:[[#SLEEP]]
// CHECK: unblocked
// CHECK: WARNING: switchguard: coroutine 'spinner' blocked thread
// CHECK-NEXT: Blocked stack (read at a signal):
// CHECK: in spin_for {{.*}}late_report_keeps_stack.c:
// CHECK-NEXT: in spinner {{.*}}late_report_keeps_stack.c:[[#SPIN]]
// Its threads and coroutines as the monitor decided, though the report
// comes after it switched again.
// CHECK: * Coroutines of thread {{[0-9]+}} (1):
// CHECK-NEXT: {{^    }}hub
// CHECK-NEXT: {{^      }}spinner 0x{{[0-9a-f]+}} running, age
// CHECK-NOT: as read
// CHECK: SUMMARY: switchguard: blocked coroutine 'spinner'
// CHECK: coroutine 'spinner' unblocked
