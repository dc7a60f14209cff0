// Intent: the inline plain guard judges by its thread, not by the count
// alone: a scope resumed on another thread whose count happens to equal
// the one it was entered at passes (it switched); a scope on a thread
// whose first event (a spawn) makes its record inside the scope, with no
// switch, fails; and the -no-inline build of the runtime's guard agrees.
// RUN: %swgcc -g -O1 %s -lpthread -o %t
// A failed scope is reported after it goes on: the program's lines and the
// reports are checked apart.
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=PROG < %t.out
// RUN: %swgcc -fplugin-arg-switchguard-no-inline -g -O1 %s -lpthread -o %t.calls
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t.calls > %t.calls.out 2>&1
// RUN: FileCheck %s < %t.calls.out
// RUN: FileCheck %s --check-prefix=PROG < %t.calls.out
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <switchguard.h>
#include <ucontext.h>

static ucontext_t hub_a, hub_b, co;
static char stack[64 * 1024];
static volatile int yes = 1;
static unsigned long entered_at;

/* Entered on thread A, leaves to A's hub, comes back on thread B. */
SWG_MUST_SWITCH static void moves(void) {
  entered_at = swg_switch_count();
  if (yes)
    swapcontext(&co, &hub_a);
}

static void body(void) {
  moves();
  fprintf(stderr, "-- moved scope done, count %s\n",
          swg_switch_count() == entered_at ? "equal" : "differs");
  setcontext(&hub_b);
}

static void spare_body(void) {}

static void *thread_a(void *arg) {
  for (int i = 0; i < 10; i++) /* each a switch event into the hub */
    swg_set_hub();
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
  makecontext(&co, body, 0);
  swapcontext(&hub_a, &co); /* back when `moves` leaves for the hub */
  return NULL;
}

static void *thread_b(void *arg) {
  /* Resuming `co` here counts 2 (this side's switch, then the scope's
   * return from its own): make the count meet `entered_at` exactly. */
  while (swg_switch_count() + 2 < entered_at)
    swg_set_hub();
  if (swg_switch_count() + 2 != entered_at) {
    fprintf(stderr, "cannot align: %lu vs %lu\n", swg_switch_count(),
            entered_at);
    exit(1);
  }
  swapcontext(&hub_b, &co);
  return NULL;
}

/* Its thread's first event is the spawn inside it: no switch. */
SWG_MUST_SWITCH static void spawns_only(void) {
  static ucontext_t c;
  static char s[16 * 1024];
  getcontext(&c);
  c.uc_stack.ss_sp = s;
  c.uc_stack.ss_size = sizeof s;
  if (yes)
    makecontext(&c, spare_body, 0);
}

static void *thread_c(void *arg) {
  spawns_only();
  fprintf(stderr, "-- spawn scope done\n");
  return NULL;
}

static void run(void *(*fn)(void *)) {
  pthread_t t;
  pthread_create(&t, NULL, fn, NULL);
  pthread_join(t, NULL);
}

int main(void) {
  run(thread_a);
  run(thread_b);
  run(thread_c);
  return 0;
}
// CHECK-NOT: ERROR
// CHECK: ERROR: switchguard: must_switch scope 'spawns_only' did not switch
// CHECK-NOT: ERROR
// PROG: -- moved scope done, count equal
// PROG: -- spawn scope done
