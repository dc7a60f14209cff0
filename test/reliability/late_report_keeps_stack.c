// Intent: a report written long after its blockage was decided still shows the stack the blocked coroutine had then, whether it was in a system call or running in user space: the monitor copies the stack when it decides, the reporter walks the copy when it gets to it. Here the reporter is held up for seconds: stderr is a pipe filled to the brim that nobody reads until both blockages are over ('sleeper' in usleep, then 'spinner' busy in user space). Without the copies, the spinner's report said "switched before its stack was read" (the sleeper's was read in time, before the reporter blocked). The threads and coroutines are those the monitor copied as it decided too: the spinner still running, though it had long switched when the report was written.
// RUN: %swgcc -g -O0 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100 %t | FileCheck %s
#define _GNU_SOURCE
#include <fcntl.h>
#include <pcl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleeper(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  co_resume();
}

static volatile unsigned long spins;

__attribute__((noinline)) static void spin_for(double seconds) {
  for (double end = mono() + seconds; mono() < end;)
    spins++;
}

static void spinner(void *arg) {
  (void)arg;
  spin_for(1.5); /* decided blocked even when the monitor looks late */
  co_resume();
}

static char got[1 << 20];
static size_t ngot;

int main(void) {
  /* stderr, where reports go: a pipe of one page, full. */
  int saved = dup(2), p[2];
  if (saved < 0 || pipe(p) || fcntl(p[1], F_SETPIPE_SZ, 4096) < 0)
    return 1;
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  while (write(p[1], "-", 1) == 1)
    ;
  fcntl(p[1], F_SETFL, 0);
  dup2(p[1], 2);

  co_thread_init();
  coroutine_t a = co_create(sleeper, NULL, NULL, 64 * 1024);
  co_call(a);
  co_delete(a);
  coroutine_t b = co_create(spinner, NULL, NULL, 64 * 1024);
  co_call(b);
  co_delete(b);

  /* Now read it all, until the spinner's incident is closed: at most a
   * minute, so that a report that never comes fails the test, not hangs it. */
  for (double end = mono() + 60; mono() < end && ngot < sizeof got - 1;) {
    struct pollfd in = {.fd = p[0], .events = POLLIN};
    if (poll(&in, 1, 1000) == 0)
      continue;
    ssize_t n = read(p[0], got + ngot, sizeof got - 1 - ngot);
    if (n <= 0)
      break;
    ngot += (size_t)n;
    got[ngot] = '\0';
    if (strstr(got, "coroutine 'spinner' unblocked"))
      break;
  }
  dup2(saved, 2);
  char *start = got;
  while (*start == '-')
    start++;
  fputs(start, stdout);
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked thread
// CHECK-NEXT: Blocked stack (read from its system call):
// CHECK: in usleep
// CHECK-NEXT: in sleeper {{.*}}late_report_keeps_stack.c:22
// CHECK: unblocked
// CHECK: WARNING: switchguard: coroutine 'spinner' blocked thread
// CHECK-NEXT: Blocked stack (read at a signal):
// CHECK: in spin_for {{.*}}late_report_keeps_stack.c:
// CHECK-NEXT: in spinner {{.*}}late_report_keeps_stack.c:35
// Its threads and coroutines as the monitor decided, though the report
// comes after it switched again.
// CHECK: * Coroutines of thread {{[0-9]+}} (1):
// CHECK-NEXT: {{^    }}hub
// CHECK-NEXT: {{^      }}spinner 0x{{[0-9a-f]+}} running, age
// CHECK-NOT: as read
// CHECK: SUMMARY: switchguard: blocked coroutine 'spinner'
// CHECK: coroutine 'spinner' unblocked
