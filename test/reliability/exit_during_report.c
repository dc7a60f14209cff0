// Intent: the program calling exit() while a report is being made or written breaks nothing: for exit times swept across the threshold (90 to 145 ms at 100 ms), from the main thread while another thread's coroutine is blocked in a system call (stack read from /proc) or spins (stack read at a signal, the thread parked in switchguard's handler), and from the blocked coroutine itself: every run ends at once with the program's own exit status, its log is whole JSON lines, and every `blocked` report that was started is closed (end=exit) before the process ends.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: rm -f %t.*.log %t.status
// RUN: for mode in sleep spin self; do for ms in 90 95 100 105 110 115 120 125 130 135 140 145; do env SWITCHGUARD_OPTIONS=format=json:log_path=%t.$mode.$ms.log timeout 20 %t $mode $ms; echo "$mode $ms status $?" >> %t.status; done; done
// RUN: FileCheck %s --check-prefix=STATUS < %t.status
// RUN: for f in %t.*.log; do python3 %inputs/check_events.py < $f > /dev/null && python3 %S/Inputs/check_incidents.py $f || echo "BAD LOG $f"; done > %t.summary
// RUN: FileCheck %s < %t.summary
#define _GNU_SOURCE
#include <pcl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *mode;
static int exit_ms;
static volatile unsigned long spins;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void blocker(void *arg) {
  if (!strcmp(mode, "spin")) {
    for (;;)
      spins++; /* user space: captured at a signal */
  }
  if (!strcmp(mode, "self")) {
    usleep(exit_ms * 1000);
    exit(3); /* from the blocked coroutine itself */
  }
  sleep(5); /* in the kernel: captured from /proc */
}

static void *worker(void *arg) {
  co_thread_init();
  co_call(co_create(blocker, NULL, NULL, 64 * 1024));
  return NULL;
}

int main(int argc, char **argv) {
  mode = argv[1];
  exit_ms = atoi(argv[2]);
  double start = now_ms();
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  if (!strcmp(mode, "self"))
    pthread_join(t, NULL); /* never returns: the coroutine exits */
  double left = exit_ms - (now_ms() - start);
  if (left > 0)
    usleep((useconds_t)(left * 1000));
  exit(3);
}

// STATUS-COUNT-36: {{sleep|spin|self}} {{[0-9]+}} status 3

// CHECK-NOT: BAD LOG
// CHECK-NOT: PROBLEM
// CHECK: incidents:
