// Intent: in the trace, a blockage appears where it happened: the monitor's
// `blocked` mark lies inside the slice of the coroutine that slept, on its
// thread's track, and that slice lasts the whole sleep.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: rm -f %t.json && env SWITCHGUARD_OPTIONS=trace_path=%t.json:max_blocking_ms=100 %t 2> %t.log
// RUN: python3 %S/Inputs/check_trace.py %t.json | FileCheck %s
#include <pcl.h>
#include <unistd.h>

static void quick(void *arg) {
  for (;;)
    co_resume();
}

static void sleeper(void *arg) {
  co_resume();
  usleep(300 * 1000); /* blocks the thread */
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t q = co_create(quick, NULL, NULL, 65536);
  coroutine_t s = co_create(sleeper, NULL, NULL, 65536);
  for (int i = 0; i < 3; i++) {
    co_call(q);
    co_call(s);
  }
  co_delete(q);
  co_delete(s);
  return 0;
}

// CHECK: SEQ 0 quick hub sleeper hub quick hub sleeper hub quick hub sleeper hub{{$}}
// CHECK: BLOCKED thread=0 coroutine=sleeper inside=sleeper slice_ms={{[3-9][0-9][0-9]}}
// CHECK: UNBLOCKED thread=0 coroutine=sleeper
