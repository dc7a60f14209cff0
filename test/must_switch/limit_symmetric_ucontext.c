// Intent: must_switch(ms) where the yield is a symmetric switch
// (swapcontext to the hub's ucontext): a stretch over the limit fails,
// including the last one, up to a final swapcontext after which the
// coroutine is never resumed, so the scope never returns; an exit after a
// long last stretch fails at the return; time the hub spends before
// resuming the coroutine never counts. In JSON the event is valid, with
// "exit": null (the scope never ended).
// RUN: %swgcc -g -O0 %s -o %t0
// RUN: %swgcc -g -O2 %s -o %t2
// RUN: not --crash %t0 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_ucontext.c -D#YIELD=$(grep -n 'MARK[:]exit-yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]exit-end' %s | cut -d: -f1)
// RUN: not --crash %t2 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_ucontext.c -D#YIELD=$(grep -n 'MARK[:]exit-yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]exit-end' %s | cut -d: -f1)
// RUN: not --crash %t0 nested 2>&1 | FileCheck %s --check-prefix=NESTED -DFILE=limit_symmetric_ucontext.c -D#RET=$(grep -n 'MARK[:]nested-return' %s | cut -d: -f1)
// RUN: not --crash %t2 nested 2>&1 | FileCheck %s --check-prefix=NESTED -DFILE=limit_symmetric_ucontext.c -D#RET=$(grep -n 'MARK[:]nested-return' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=format=json not --crash %t0 exit 2> %t.json
// RUN: python3 %inputs/check_events.py < %t.json | FileCheck %s --check-prefix=JSON
// RUN: grep must_switch_failed %t.json | FileCheck %s --check-prefix=JSON-EXIT
// RUN: %t0 hub 2>&1 | FileCheck %s --check-prefix=HUB
// RUN: %t2 hub 2>&1 | FileCheck %s --check-prefix=HUB
#include <stdio.h>
#include <string.h>
#include <switchguard.h>
#include <ucontext.h>
#include <unistd.h>

static ucontext_t hub, co;
static char stack[128 * 1024];
static const char *mode;

/* Ends with its last switch: the hub never resumes it again. */
SWG_MUST_SWITCH_WITHIN(100) static void exit_body(void) {
  swapcontext(&co, &hub); // MARK:exit-yield
  usleep(300 * 1000);
  swapcontext(&co, &hub); // MARK:exit-end
}

SWG_MUST_SWITCH_WITHIN(100) static void yield_then_block(void) {
  swapcontext(&co, &hub);
  usleep(300 * 1000);
} // MARK:nested-return

SWG_MUST_SWITCH_WITHIN(100) static void hub_body(void) {
  swapcontext(&co, &hub); /* the hub then sleeps 300 ms: hub time */
}

static void nested_body(void) { yield_then_block(); }

int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : "exit";
  void (*body)(void) = !strcmp(mode, "exit")  ? exit_body
                       : !strcmp(mode, "hub") ? hub_body
                                              : nested_body;
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
  co.uc_link = &hub; /* a body that returns comes back here */
  makecontext(&co, body, 0);
  swapcontext(&hub, &co);
  if (!strcmp(mode, "hub"))
    usleep(300 * 1000);
  swapcontext(&hub, &co);
  printf("done\n");
  return 0;
}

// EXIT: ERROR: switchguard: must_switch scope 'exit_body' ran {{[0-9]+}} ms without switching (limit 100 ms), on thread {{[0-9]+}} "{{.*}}" in coroutine 'exit_body'
// EXIT-NEXT: Scope: {{.*}}[[FILE]]:
// EXIT-NEXT: Longest stretch: {{[0-9]+}} ms, from {{.*}}[[FILE]]:[[#YIELD]] to {{.*}}[[FILE]]:[[#END]]
// EXIT: SUMMARY: switchguard: must_switch failed in exit_body {{.*}}[[FILE]]:{{[0-9]+}} (stretch)
// EXIT-NEXT: ABORTING
// EXIT-NOT: done

// NESTED: ERROR: switchguard: must_switch scope 'yield_then_block' ran {{[0-9]+}} ms without switching (limit 100 ms), on thread {{[0-9]+}} "{{.*}}" in coroutine 'nested_body'
// NESTED: Ended at: {{.*}}[[FILE]]:[[#RET]]
// NESTED: SUMMARY: switchguard: must_switch failed in yield_then_block {{.*}} (stretch)
// NESTED-NEXT: ABORTING
// NESTED-NOT: done

// JSON: EVENT must_switch_failed coroutine=exit_body guard=exit_body:{{[0-9]+}} reason=stretch action=abort
// JSON-EXIT: "exit":null,

// HUB-NOT: ERROR
// HUB: done
