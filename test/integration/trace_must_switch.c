// Intent: a failed must_switch scope is a marked event in the trace, on the
// failing coroutine's slice; with must_switch_action=abort the trace is
// still written whole before the program aborts.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: rm -f %t.json && env SWITCHGUARD_OPTIONS=trace_path=%t.json:must_switch_action=report %t 2> %t.log
// RUN: python3 %S/Inputs/check_trace.py %t.json | FileCheck %s
// RUN: rm -f %t.json && env SWITCHGUARD_OPTIONS=trace_path=%t.json %t 2> %t.log; test $? -ne 0
// RUN: python3 %S/Inputs/check_trace.py %t.json | FileCheck %s
#include <pcl.h>
#include <switchguard.h>

SWG_MUST_SWITCH static void must(int i) {
  if (i == 1)
    return; /* forgot to yield */
  co_resume();
}

static void worker(void *arg) {
  for (int i = 0;; i++) {
    must(i);
    co_resume();
  }
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(worker, NULL, NULL, 65536);
  for (int i = 0; i < 4; i++)
    co_call(co);
  co_delete(co);
  return 0;
}

// CHECK: FORMAT ok
// CHECK: MUST_SWITCH_FAILED thread=0 coroutine=worker reason=no_switch inside=worker
