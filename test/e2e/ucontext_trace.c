// Intent: ucontext (symmetric): switchguard's running context follows the
// program through swapcontext between coroutines and back to main, whose
// ucontext_t it learns as the hub; a coroutine that blocks is reported by
// its entry's name with its makecontext site, and main's own waiting is not.
// RUN: %swgcc -g -O0 %s -o %t0 && %t0 2>&1 | FileCheck %s -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
// RUN: %swgcc -g -O2 %s -o %t2 && %t2 2>&1 | FileCheck %s -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
#include <stdio.h>
#include <switchguard.h>
#include <ucontext.h>
#include <unistd.h>

static ucontext_t hub, a, b, c;
static char sa[65536], sb[65536], sc[65536];

static void check(const char *where, void *expect) {
  printf("%s: %s\n", where, swg_current_coroutine() == expect ? "ok" : "WRONG");
}

static void fa(void) {
  check("a first", &a);
  swapcontext(&a, &b);
  check("a again", &a);
  swapcontext(&a, &hub);
}

static void fb(void) {
  check("b first", &b);
  swapcontext(&b, &a);
}

static void sleeper(void) {
  usleep(600 * 1000); /* blocks the thread: should have switched */
  swapcontext(&c, &hub);
}

static void prepare(ucontext_t *u, char *stack, size_t size, void (*fn)(void)) {
  getcontext(u);
  u->uc_stack.ss_sp = stack;
  u->uc_stack.ss_size = size;
  u->uc_link = &hub;
  makecontext(u, fn, 0); // MARK:spawn
}

int main(void) {
  prepare(&a, sa, sizeof sa, fa);
  prepare(&b, sb, sizeof sb, fb);
  prepare(&c, sc, sizeof sc, sleeper);
  check("main", NULL);
  swapcontext(&hub, &a);
  check("main again", NULL);
  usleep(300 * 1000); /* the hub waiting: not a blockage */
  swapcontext(&hub, &c);
  check("main last", NULL);
  return 0;
}

// The report comes while the program runs; its own lines come at exit.
// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked thread
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in sleeper {{.*}}ucontext_trace.c
// CHECK: Spawned at: {{.*}}ucontext_trace.c:[[#SPAWN]] in prepare
// CHECK-NOT: WARNING
// CHECK: coroutine 'sleeper' unblocked
// CHECK: main: ok
// CHECK-NEXT: a first: ok
// CHECK-NEXT: b first: ok
// CHECK-NEXT: a again: ok
// CHECK-NEXT: main again: ok
// CHECK-NEXT: main last: ok
