// Intent: the must_switch_failed report the guards call: text and JSON name the scope, the reason, the thread and coroutine, and the last switch; subscribers get the event; with must_switch_action=abort (the default) the report and the subscriber's delivery are out before the abort, and with =report the program goes on and the exit summary counts the failures.
// RUN: %swgcc -g -O1 %rtinc %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t > %t.out 2>&1
// RUN: grep -v subscriber %t.out | FileCheck %s --check-prefix=REPORT -DFILE=report_must_switch_failed.c
// RUN: grep subscriber %t.out | FileCheck %s --check-prefix=SUB
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report:format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
// RUN: not --crash %t 2>&1 | FileCheck %s --check-prefix=ABORT
#define _GNU_SOURCE
#include "report.h"

#include "../Inputs/pcl_hub.h"
#include <string.h>

static const struct swg_site checked_op = {
    .function = "checked_op", .file = "report_must_switch_failed.c", .line = 10};
static const struct swg_site timed_op = {
    .function = "timed_op", .file = "report_must_switch_failed.c", .line = 20};

static void on_failed(const struct swg_event *ev, void *arg) {
  char line[160];
  int n = snprintf(line, sizeof line,
                   "subscriber: %s %s reason=%s action=%s coroutine=%s\n",
                   ev->event, ev->guard.function, ev->reason, ev->action,
                   ev->coroutine_name ? ev->coroutine_name : "(hub)");
  if (write(2, line, (size_t)n) != n)
    abort();
}

/* This thread's switch record, found without the fast path's inline TLS
 * (it has switched, so it has one). */
static struct swg_thread *self_record(void) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (atomic_load(&t->alive) && t->tid == gettid())
      return t;
  abort();
}

static void fail(const struct swg_site *guard, const char *reason,
                 int stretch_ms, int limit_ms) {
  struct swg_thread *t = self_record();
  struct swg_guard_failure f = {
      .thread = t,
      .coro = swg__thread_current(t),
      .guard = guard,
      .reason = reason,
      .stretch_ns = (uint64_t)stretch_ms * 1000000,
      .limit_ns = (uint64_t)limit_ms * 1000000,
  };
  swg__report_must_switch_failed(&f);
}

static void worker(void *arg) {
  co_resume();
  fail(&timed_op, "stretch", 120, 50);
  hub_finish();
}

int main(void) {
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_MUST_SWITCH_FAILED), on_failed,
                      NULL);
  co_thread_init();
  coroutine_t co = co_create(worker, NULL, NULL, 64 * 1024);
  co_call(co);
  fail(&checked_op, "no_switch", 0, 0);
  hub_run(co);
  usleep(100 * 1000);
  printf("the program went on\n");
  return 0;
}

// REPORT: ==[[PID:[0-9]+]]==ERROR: switchguard: must_switch scope 'checked_op' did not switch, on thread [[PID]] "{{.*}}"{{$}}
// REPORT-NEXT: Scope: [[FILE]]:10
// REPORT-NEXT: Last switch: co_call in main at {{.*}}[[FILE]]
// REPORT-NEXT: Stack (not available: reported on the failing thread, which cannot read its own stack):
// REPORT-NEXT: SUMMARY: switchguard: must_switch failed in checked_op [[FILE]]:10 (no_switch)
// REPORT-EMPTY:
// REPORT-NEXT: ==[[PID]]==ERROR: switchguard: must_switch scope 'timed_op' ran 120 ms without switching (limit 50 ms), on thread [[PID]] "{{.*}}" in coroutine 'worker'
// REPORT-NEXT: Scope: [[FILE]]:20
// REPORT-NEXT: Last switch: co_resume in worker at {{.*}}[[FILE]]
// REPORT-NEXT: Stack (not available: reported on the failing thread, which cannot read its own stack):
// REPORT-NEXT: SUMMARY: switchguard: must_switch failed in timed_op [[FILE]]:20 (stretch)
// REPORT-EMPTY:
// REPORT-NEXT: ==[[PID]]== switchguard: exit summary: 0 blocking incidents; 2 must_switch failures
// REPORT-NEXT: the program went on

// Delivered on the event thread, in order, whenever it gets to them.
// SUB: subscriber: must_switch_failed checked_op reason=no_switch action=report coroutine=(hub)
// SUB-NEXT: subscriber: must_switch_failed timed_op reason=stretch action=report coroutine=worker

// JSON: EVENT must_switch_failed coroutine=None guard=checked_op:10 reason=no_switch action=report
// JSON: EVENT must_switch_failed coroutine=worker guard=timed_op:20 reason=stretch action=report
// JSON: EVENT exit_summary incidents=0

// ABORT: ERROR: switchguard: must_switch scope 'checked_op' did not switch
// ABORT: SUMMARY: switchguard: must_switch failed in checked_op
// ABORT-NEXT: ==[[PID:[0-9]+]]==ABORTING
// ABORT: subscriber: must_switch_failed checked_op reason=no_switch action=abort coroutine=(hub)
// ABORT-NOT: the program went on
