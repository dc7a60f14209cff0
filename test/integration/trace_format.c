// Intent: trace_path writes a Chrome Trace Event JSON file (the array form
// Perfetto and chrome://tracing open): one track per thread, one slice per
// stretch named by its coroutine, and the slices account for the run's
// switches: one per context change, and the thread's switch_events equal
// the program's own switch count.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: rm -f %t.json && env SWITCHGUARD_OPTIONS=trace_path=%t.json %t > %t.count
// RUN: python3 %S/Inputs/check_trace.py %t.json --events $(cat %t.count) | FileCheck %s
#include <pcl.h>
#include <stdio.h>
#include <switchguard.h>

static void alpha(void *arg) {
  for (;;)
    co_resume();
}

static void beta(void *arg) {
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t a = co_create(alpha, NULL, NULL, 65536);
  coroutine_t b = co_create(beta, NULL, NULL, 65536);
  for (int i = 0; i < 3; i++)
    co_call(a);
  for (int i = 0; i < 2; i++)
    co_call(b);
  printf("%lu\n", swg_switch_count());
  co_delete(a);
  co_delete(b);
  return 0;
}

// Five round trips: ten context changes, ten slices, the last one the
// hub's until exit.
// CHECK: FORMAT ok
// CHECK-NEXT: THREAD 0 name={{.*}} slices=10 switch_events={{[0-9]+}} lost=0
// CHECK-NEXT: SEQ 0 alpha hub alpha hub alpha hub beta hub beta hub{{$}}
// CHECK-NEXT: EVENTS match
