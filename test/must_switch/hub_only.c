// Intent: must_switch_hub: a switch to another coroutine that never goes
// through the hub fails; one through the hub passes (ucontext, symmetric).
// RUN: %swgcc -g -O1 %s -o %t
// A failed scope is reported after it goes on: the program's lines and the
// reports are checked apart.
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=PROG < %t.out
#include <stdio.h>
#include <switchguard.h>
#include <ucontext.h>

static ucontext_t hub, a, b;
static char sa[65536], sb[65536];

SWG_MUST_SWITCH_TO_HUB static void sideways(void) {
  swapcontext(&a, &b); /* to b, which comes straight back */
}

SWG_MUST_SWITCH_TO_HUB static void via_hub(void) {
  swapcontext(&a, &hub);
}

static void fa(void) {
  sideways();
  fprintf(stderr, "-- sideways done\n");
  via_hub();
  fprintf(stderr, "-- via_hub done\n");
  swapcontext(&a, &hub);
}

static void fb(void) {
  for (;;)
    swapcontext(&b, &a);
}

static void prepare(ucontext_t *u, char *stack, size_t n, void (*fn)(void)) {
  getcontext(u);
  u->uc_stack.ss_sp = stack;
  u->uc_stack.ss_size = n;
  u->uc_link = &hub;
  makecontext(u, fn, 0);
}

int main(void) {
  prepare(&a, sa, sizeof sa, fa);
  prepare(&b, sb, sizeof sb, fb);
  swapcontext(&hub, &a); /* runs until via_hub switches here */
  swapcontext(&hub, &a);
  swapcontext(&hub, &a);
  fprintf(stderr, "end\n");
  return 0;
}
// CHECK: ERROR: switchguard: must_switch scope 'sideways' did not switch into the hub
// CHECK-NOT: ERROR
// PROG: -- sideways done
// PROG: -- via_hub done
// PROG: end
