// Intent: must_switch(ms) on the real libaco (aco.c and acosw.S compiled
// into the program, whose yield is the symmetric switch acosw(co, main_co)):
// a stretch over the limit fails, including the last one, up to the
// coroutine's aco_exit(), after which the scope never returns; time the
// main co (the hub) spends before resuming it never counts; a stretch that
// ends at a yield fails there, once, and not again at the return.
// REQUIRES: corpus
// RUN: rm -rf %t.d && mkdir -p %t.d && cp %corpus/libaco/aco.c %corpus/libaco/aco.h %corpus/libaco/aco_assert_override.h %corpus/libaco/acosw.S %t.d/
// RUN: %swgcc -g -O0 -I%t.d %t.d/acosw.S %t.d/aco.c %s -o %t.d/o0 2>/dev/null
// RUN: %swgcc -g -O2 -I%t.d %t.d/acosw.S %t.d/aco.c %s -o %t.d/o2 2>/dev/null
// RUN: not --crash %t.d/o0 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_aco.c -D#YIELD=$(grep -n 'MARK[:]exit-yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]exit-end' %s | cut -d: -f1)
// RUN: not --crash %t.d/o2 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_aco.c -D#YIELD=$(grep -n 'MARK[:]exit-yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]exit-end' %s | cut -d: -f1)
// RUN: not --crash %t.d/o0 nested 2>&1 | FileCheck %s --check-prefix=NESTED -DFILE=limit_symmetric_aco.c -D#RET=$(grep -n 'MARK[:]nested-return' %s | cut -d: -f1)
// RUN: not --crash %t.d/o2 nested 2>&1 | FileCheck %s --check-prefix=NESTED -DFILE=limit_symmetric_aco.c -D#RET=$(grep -n 'MARK[:]nested-return' %s | cut -d: -f1)
// RUN: %t.d/o0 hub 2>&1 | FileCheck %s --check-prefix=HUB
// RUN: %t.d/o2 hub 2>&1 | FileCheck %s --check-prefix=HUB
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t.d/o0 before 2>&1 | FileCheck %s --check-prefix=BEFORE -DFILE=limit_symmetric_aco.c -D#YIELD=$(grep -n 'MARK[:]before-yield' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t.d/o2 before 2>&1 | FileCheck %s --check-prefix=BEFORE -DFILE=limit_symmetric_aco.c -D#YIELD=$(grep -n 'MARK[:]before-yield' %s | cut -d: -f1)
#include "aco.h"
#include <stdio.h>
#include <string.h>
#include <switchguard.h>
#include <unistd.h>

static const char *mode;

/* A coroutine's body: it cannot return, it ends with aco_exit(). */
SWG_MUST_SWITCH_WITHIN(100) static void exit_body(void) {
  aco_yield(); // MARK:exit-yield
  usleep(300 * 1000);
  aco_exit(); // MARK:exit-end
}

SWG_MUST_SWITCH_WITHIN(100) static void yield_then_block(void) {
  aco_yield();
  usleep(300 * 1000);
} // MARK:nested-return

SWG_MUST_SWITCH_WITHIN(100) static void block_then_yield(void) {
  usleep(300 * 1000);
  aco_yield(); // MARK:before-yield
}

SWG_MUST_SWITCH_WITHIN(100) static void hub_body(void) {
  aco_yield(); /* the main co then sleeps 300 ms: hub time */
  aco_exit();
}

static void other_body(void) {
  if (!strcmp(mode, "nested"))
    yield_then_block();
  else
    block_then_yield();
  aco_exit();
}

int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : "exit";
  aco_thread_init(NULL);
  aco_t *main_co = aco_create(NULL, NULL, 0, NULL, NULL);
  aco_share_stack_t *sstk = aco_share_stack_new(0);
  void (*body)(void) = !strcmp(mode, "exit")  ? exit_body
                       : !strcmp(mode, "hub") ? hub_body
                                              : other_body;
  aco_t *co = aco_create(main_co, sstk, 0, body, NULL);
  while (!co->is_end) {
    aco_resume(co);
    if (!strcmp(mode, "hub"))
      usleep(300 * 1000);
  }
  printf("done\n");
  aco_destroy(co);
  aco_share_stack_destroy(sstk);
  aco_destroy(main_co);
  return 0;
}

// EXIT: ERROR: switchguard: must_switch scope 'exit_body' ran {{[0-9]+}} ms without switching (limit 100 ms), on thread {{[0-9]+}} "{{.*}}" in coroutine 'exit_body'
// EXIT-NEXT: Scope: {{.*}}[[FILE]]:
// EXIT-NEXT: Longest stretch: {{[0-9]+}} ms, from {{.*}}[[FILE]]:[[#YIELD]] to {{.*}}[[FILE]]:[[#END]]
// EXIT: SUMMARY: switchguard: must_switch failed in exit_body {{.*}}[[FILE]]:{{[0-9]+}} (stretch)
// EXIT-NEXT: ABORTING
// EXIT-NOT: done

// NESTED: ERROR: switchguard: must_switch scope 'yield_then_block' ran {{[0-9]+}} ms without switching (limit 100 ms), on thread {{[0-9]+}} "{{.*}}" in coroutine 'other_body'
// NESTED: Ended at: {{.*}}[[FILE]]:[[#RET]]
// NESTED: SUMMARY: switchguard: must_switch failed in yield_then_block {{.*}} (stretch)
// NESTED-NEXT: ABORTING
// NESTED-NOT: done

// HUB-NOT: ERROR
// HUB: done

// BEFORE: ERROR: switchguard: must_switch scope 'block_then_yield' ran {{[0-9]+}} ms without switching (limit 100 ms)
// BEFORE-NOT: Ended at
// BEFORE: Longest stretch: {{[0-9]+}} ms, from {{.*}}[[FILE]]:{{[0-9]+}} to {{.*}}[[FILE]]:[[#YIELD]]
// BEFORE: SUMMARY: switchguard: must_switch failed in block_then_yield {{.*}} (stretch)
// BEFORE-NOT: ERROR
// BEFORE: exit summary: {{.*}}; 1 must_switch failure
// BEFORE: done
