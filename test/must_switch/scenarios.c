// Intent: must_switch semantics, ported from gevent's assert_switches tests
// and more: each scenario runs in a coroutine (PCL) and either passes (no
// report) or fails with the right rule; must_switch_action=report goes on.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// A failed scope is reported after it goes on: the program's lines and the
// reports (each naming its scope) are checked apart.
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t > %t.out 2>&1
// RUN: FileCheck %s -DFILE=scenarios.c -D#EARLY=$(grep -n 'MARK[:]early' %s | cut -d: -f1) < %t.out
// RUN: FileCheck %s --check-prefix=PROG < %t.out
#include <pcl.h>
#include <stdio.h>
#include <string.h>
#include <switchguard.h>
#include <unistd.h>

static volatile int yes = 1;

SWG_MUST_SWITCH static void no_switch(void) { fprintf(stderr, "working\n"); }

SWG_MUST_SWITCH static void does_switch(void) {
  if (yes) /* a runtime choice: the guard is kept and passes */
    co_resume();
}

SWG_MUST_SWITCH_WITHIN(100) static void fast_without_switch(void) {}

SWG_MUST_SWITCH_WITHIN(100) static void switch_then_block(void) {
  co_resume();
  usleep(300 * 1000); /* a 300 ms stretch, over the 100 ms limit */
}

SWG_MUST_SWITCH_WITHIN(100) static void hub_time_is_free(void) {
  co_resume(); /* the hub then sleeps 300 ms: hub time, not a stretch */
}

SWG_MUST_SWITCH static int early_return(int n) {
  if (n > 0)
    return n; // MARK:early
  co_resume();
  return 0;
}

SWG_MUST_SWITCH static void inner(void) {
  if (yes)
    co_resume();
}

SWG_MUST_SWITCH static void outer(void) {
  inner(); /* switches: both pass */
  inner();
}

static const char *scenario;

static void body(void *arg) {
  for (;;) {
    const char *s = scenario;
    if (!strcmp(s, "no_switch"))
      no_switch();
    else if (!strcmp(s, "does_switch"))
      does_switch();
    else if (!strcmp(s, "fast"))
      fast_without_switch();
    else if (!strcmp(s, "block"))
      switch_then_block();
    else if (!strcmp(s, "hub_time"))
      hub_time_is_free();
    else if (!strcmp(s, "early"))
      early_return(1);
    else if (!strcmp(s, "nested"))
      outer();
    fprintf(stderr, "-- %s done\n", s);
    scenario = NULL;
    co_resume();
  }
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 65536);
  static const char *all[] = {"no_switch", "does_switch", "fast", "block",
                              "hub_time",  "early",       "nested"};
  for (unsigned i = 0; i < sizeof all / sizeof *all; i++) {
    scenario = all[i];
    while (scenario) {
      co_call(co);
      if (!strcmp(all[i], "hub_time"))
        usleep(300 * 1000); /* hub time inside the scope */
    }
  }
  co_delete(co);
  return 0;
}

// CHECK: ERROR: switchguard: must_switch scope 'no_switch' did not switch
// CHECK-NOT: ERROR
// CHECK: ERROR: switchguard: must_switch scope 'switch_then_block' ran {{[0-9]+}} ms without switching (limit 100 ms)
// CHECK-NOT: ERROR
// CHECK: ERROR: switchguard: must_switch scope 'early_return' did not switch
// CHECK: [[FILE]]:[[#EARLY]]
// CHECK-NOT: ERROR
// PROG: working
// PROG: -- no_switch done
// PROG: -- does_switch done
// PROG: -- fast done
// PROG: -- block done
// PROG: -- hub_time done
// PROG: -- early done
// PROG: -- nested done
