// Intent: run info shows the coroutine printing it as running and a suspended one as suspended; where the suspended one left (its yield's site) is shown when the runtime saw that switch (profile=1 sends every switch through it) and, with the defaults, when its saved context says (PCL's is reachable from its handle).
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=profile=1 %t 2>/dev/null | FileCheck %s --check-prefix=SEEN -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
// RUN: %t 2>/dev/null | FileCheck %s --check-prefix=DEFAULT -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1)
#include <pcl.h>
#include <stdio.h>

#include "switchguard.h"

static void sleeper(void *arg) {
  (void)arg;
  for (;;)
    co_resume(); // MARK:yield
}

static void printer(void *arg) {
  (void)arg;
  swg_print_run_info(stdout);
  fflush(stdout);
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t a = co_create(sleeper, NULL, NULL, 64 * 1024);
  coroutine_t b = co_create(printer, NULL, NULL, 64 * 1024);
  co_call(a); /* runs until its first yield */
  co_call(b); /* prints while a is suspended */
  co_delete(a);
  co_delete(b);
  return 0;
}

// SEEN-DAG: sleeper 0x{{[0-9a-f]+}} suspended at co_resume in sleeper at {{.*}}coro_state.c:[[#YIELD]]:{{[0-9]+}}, age
// SEEN-DAG: printer 0x{{[0-9a-f]+}} running, age

// DEFAULT-DAG: sleeper 0x{{[0-9a-f]+}} suspended at co_resume in sleeper at {{.*}}coro_state.c:[[#YIELD]]:{{[0-9]+}}, age
// DEFAULT-DAG: printer 0x{{[0-9a-f]+}} running, age
