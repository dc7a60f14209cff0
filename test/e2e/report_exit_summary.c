// Intent: at exit, when anything was reported, a short summary says how many incidents there were, the longest and its coroutine, and per site (the blocked frame of the program's own code) how many, the longest and the time lost in all, most frequent first; in JSON it is one exit_summary event.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t 2>&1 | FileCheck %s -DFILE=report_exit_summary.c -D#A=$(grep -n 'MARK[:]a' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=format=json:blocking_calls=0 %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON -D#A=$(grep -n 'MARK[:]a' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"

static void slow_a(void *arg) {
  for (;;) {
    usleep(300 * 1000); // MARK:a
    co_resume();
  }
}

static void slow_b(void *arg) {
  for (;;) {
    usleep(600 * 1000); // MARK:b
    co_resume();
  }
}

int main(void) {
  co_thread_init();
  coroutine_t a = co_create(slow_a, NULL, NULL, 64 * 1024);
  coroutine_t b = co_create(slow_b, NULL, NULL, 64 * 1024);
  co_call(a);
  usleep(50 * 1000);
  co_call(b);
  usleep(50 * 1000);
  co_call(a);
  co_delete(a);
  co_delete(b);
  printf("done\n");
  return 0;
}

// CHECK: exit summary: 3 blocking incidents, longest {{[0-9.]+}} s (coroutine 'slow_b' on thread {{[0-9]+}})
// CHECK-NEXT: {{^    }}2 incidents, longest {{[0-9.]+}} s, in all {{[0-9.]+}} s: slow_a {{.*}}[[FILE]]:[[#A]]
// CHECK-NEXT: {{^    }}1 incident, longest {{[0-9.]+}} s, in all {{[0-9.]+}} s: slow_b {{.*}}[[FILE]]:[[#B]]
// CHECK-NEXT: done

// JSON: EVENT exit_summary incidents=3 sites=slow_a:[[#A]]x2,slow_b:[[#B]]x1
