// Intent: a failed must_switch scope's stack starts at the program's code, with no switchguard frame above it: the guarded function at the return that failed (each of two returns its own line), at its closing brace for a stretch judged at its exit, at the switching call for a stretch judged at a switch, and the block form at the block; text, JSON and a subscriber show the same first frame, at -O0 and at -O2 (inlined), with must_switch_action=report and with the default abort.
// The marked lines, as FileCheck variables.
// DEFINE: %{lines}=-DRET1=$(grep -n 'MARK_RET1 \*/' %s | cut -d: -f1) -DRET0=$(grep -n 'MARK_RET0 \*/' %s | cut -d: -f1) -DEND=$(grep -n 'MARK_END \*/' %s | cut -d: -f1) -DSWITCH=$(grep -n 'MARK_SWITCH \*/' %s | cut -d: -f1) -DBLOCK=$(grep -n 'MARK_BLOCK \*/' %s | cut -d: -f1)
// RUN: %swgcc -g -O0 %s -lpcl -o %t0
// RUN: %swgcc -g -O2 %s -lpcl -o %t2
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report:max_blocking_ms=5000:blocking_calls=0 %t0 > %t0.out 2>&1
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report:max_blocking_ms=5000:blocking_calls=0 %t2 > %t2.out 2>&1
// RUN: grep -v subscriber %t0.out | FileCheck %s --check-prefix=TEXT %{lines}
// RUN: grep -v subscriber %t2.out | FileCheck %s --check-prefix=TEXT %{lines}
// RUN: grep subscriber %t0.out | FileCheck %s --check-prefix=SUB %{lines}
// RUN: grep subscriber %t2.out | FileCheck %s --check-prefix=SUB %{lines}
// No frame of switchguard's own in any report, at either level.
// RUN: cat %t0.out %t2.out | not grep -E ' in (__swg_|swg_|swg__|judge|check|__pthread_clockjoin)'
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report:max_blocking_ms=5000:format=json:blocking_calls=0 %t2 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON %{lines}
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=5000:blocking_calls=0 not --crash %t0 > %t0.abort 2>&1
// RUN: grep -v subscriber %t0.abort | FileCheck %s --check-prefix=ABORT %{lines}
// RUN: grep subscriber %t0.abort | FileCheck %s --check-prefix=ABORT-SUB %{lines}
#include "../Inputs/pcl_hub.h"
#include <string.h>
#include <switchguard.h>

SWG_MUST_SWITCH static int two_returns(int x) {
  printf("two_returns %d\n", x);
  if (x > 0)
    return 1; /* MARK_RET1 */
  return 0; /* MARK_RET0 */
}

SWG_MUST_SWITCH_WITHIN(50) static void slow_at_exit(void) {
  co_resume();
  usleep(150 * 1000);
} /* MARK_END */

SWG_MUST_SWITCH_WITHIN(50) static void slow_at_switch(void) {
  usleep(150 * 1000);
  co_resume(); /* MARK_SWITCH */
}

static void block_form(void) {
  SWG_ASSERT_SWITCHES(0) { printf("in the block\n"); } /* MARK_BLOCK */
}

/* The subscriber's view: the first frame of the event's stack. */
static void on_failed(const struct swg_event *ev, void *arg) {
  const struct swg_event_frame *f = ev->stack_depth ? &ev->stack[0] : NULL;
  const char *file = f && f->file ? strrchr(f->file, '/') : NULL;
  char line[256];
  int n = snprintf(line, sizeof line, "subscriber: %s first=%s %s:%d\n",
                   ev->guard.function, f && f->function ? f->function : "?",
                   file ? file + 1 : "?", f ? f->line : 0);
  if (write(2, line, (size_t)n) != n)
    abort();
}

static void body(void *arg) {
  two_returns(1);
  two_returns(0);
  slow_at_exit();
  slow_at_switch();
  block_form();
  hub_finish();
}

int main(void) {
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_MUST_SWITCH_FAILED), on_failed,
                      NULL);
  co_thread_init();
  hub_run(co_create(body, NULL, NULL, 64 * 1024));
  usleep(100 * 1000); /* the subscriber's calls */
  return 0;
}

// TEXT: ERROR: switchguard: must_switch scope 'two_returns' did not switch
// TEXT: Stack (read from its system call):
// TEXT-NEXT: #0 0x{{[0-9a-f]+}} in two_returns {{[^ ]*}}report_must_switch_stack.c:[[RET1]]:
// TEXT: SUMMARY: switchguard: must_switch failed in two_returns
// TEXT: Stack (read from its system call):
// TEXT-NEXT: #0 0x{{[0-9a-f]+}} in two_returns {{[^ ]*}}report_must_switch_stack.c:[[RET0]]:
// TEXT: ERROR: switchguard: must_switch scope 'slow_at_exit' ran
// TEXT: Stack (read from its system call):
// TEXT-NEXT: #0 0x{{[0-9a-f]+}} in slow_at_exit {{[^ ]*}}report_must_switch_stack.c:[[END]]:
// TEXT: ERROR: switchguard: must_switch scope 'slow_at_switch' ran
// TEXT: Stack (read from its system call):
// TEXT-NEXT: #0 0x{{[0-9a-f]+}} in slow_at_switch {{[^ ]*}}report_must_switch_stack.c:[[SWITCH]]:
// TEXT: ERROR: switchguard: must_switch scope 'block_form' did not switch
// TEXT: Stack (read from its system call):
// TEXT-NEXT: #0 0x{{[0-9a-f]+}} in block_form {{[^ ]*}}report_must_switch_stack.c:[[BLOCK]]:

// SUB: subscriber: two_returns first=two_returns report_must_switch_stack.c:[[RET1]]
// SUB: subscriber: two_returns first=two_returns report_must_switch_stack.c:[[RET0]]
// SUB: subscriber: slow_at_exit first=slow_at_exit report_must_switch_stack.c:[[END]]
// SUB: subscriber: slow_at_switch first=slow_at_switch report_must_switch_stack.c:[[SWITCH]]
// SUB: subscriber: block_form first=block_form report_must_switch_stack.c:[[BLOCK]]

// JSON: EVENT must_switch_failed coroutine=body guard=two_returns:{{[0-9]+}} reason=no_switch action=report first=two_returns:[[RET1]]{{$}}
// JSON: EVENT must_switch_failed coroutine=body guard=two_returns:{{[0-9]+}} reason=no_switch action=report first=two_returns:[[RET0]]{{$}}
// JSON: EVENT must_switch_failed coroutine=body guard=slow_at_exit:{{[0-9]+}} reason=stretch action=report first=slow_at_exit:[[END]]{{$}}
// JSON: EVENT must_switch_failed coroutine=body guard=slow_at_switch:{{[0-9]+}} reason=stretch action=report first=slow_at_switch:[[SWITCH]]{{$}}
// JSON: EVENT must_switch_failed coroutine=body guard=block_form:{{[0-9]+}} reason=no_switch action=report first=block_form:[[BLOCK]]{{$}}

// ABORT: ERROR: switchguard: must_switch scope 'two_returns' did not switch
// ABORT: Stack (read from its system call):
// ABORT-NEXT: #0 0x{{[0-9a-f]+}} in two_returns {{[^ ]*}}report_must_switch_stack.c:[[RET1]]:
// ABORT: ==[[PID:[0-9]+]]==ABORTING
// ABORT-NOT: slow_at_exit
// ABORT-SUB: subscriber: two_returns first=two_returns report_must_switch_stack.c:[[RET1]]
// ABORT-SUB-NOT: subscriber
