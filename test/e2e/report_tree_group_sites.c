// Intent: in run info's text tree, alike siblings are grouped by where they are suspended too: workers that yielded at one site (seen with profile=1) are one line naming that site, apart from the alike workers whose site is not known, the counts add up to the total, and the running coroutine stands alone.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=profile=1 %t 2>/dev/null > %t.out
// RUN: FileCheck %s -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1) < %t.out
// RUN: python3 %S/Inputs/check_tree_scale.py text < %t.out | FileCheck %s --check-prefix=SUM
#include <pcl.h>
#include <stdio.h>

#include "switchguard.h"

static void idle(void *arg) {
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
  coroutine_t w[50];
  co_thread_init();
  for (int i = 0; i < 50; i++)
    w[i] = co_create(idle, NULL, NULL, 16 * 1024); // MARK:spawn
  /* Forty run to their first yield; ten never start, so their site is
   * unknown. */
  for (int i = 0; i < 40; i++)
    co_call(w[i]);
  co_call(co_create(printer, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: * Coroutines of thread {{[0-9]+}} (51):
// CHECK-NEXT: {{^    }}hub
// CHECK-DAG: {{^      }}idle x{{[0-9]+}} suspended at co_resume in idle at {{.*}}report_tree_group_sites.c:[[#YIELD]]:{{[0-9]+}}, age {{[0-9.-]+}} s, spawned at main {{.*}}report_tree_group_sites.c:[[#SPAWN]]{{$}}
// CHECK-DAG: {{^      }}idle x{{[0-9]+}} suspended, age {{[0-9.-]+}} s, spawned at main {{.*}}report_tree_group_sites.c:[[#SPAWN]]{{$}}
// CHECK-DAG: {{^      }}printer 0x{{[0-9a-f]+}} running, age

// SUM: tree of thread {{[0-9]+}}: 51 coroutines, 3 lines, counts sum 51
