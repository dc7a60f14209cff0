// Intent: SWG_ASSERT_SWITCHES needs no plugin: built with GCC or plain
// clang against the runtime, a block with no switch fails, a fast block
// with a limit passes, a slow one fails by its stretch, and leaving the
// block by break still ends the scope.
// RUN: gcc -std=gnu11 -g -O1 -I%rtsrc/include %s %swglib -o %t.gcc
// A failed scope is reported after it goes on: the program's lines and the
// reports (each naming its block's line) are checked apart.
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t.gcc > %t.gcc.out 2>&1
// RUN: FileCheck %s -D#PLAIN=$(grep -n 'MARK[:]plain' %s | cut -d: -f1) -D#SLOW=$(grep -n 'MARK[:]slow' %s | cut -d: -f1) < %t.gcc.out
// RUN: FileCheck %s --check-prefix=PROG < %t.gcc.out
// RUN: %clang -std=gnu11 -g -O1 -I%rtsrc/include %s %swglib -o %t.clang
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t.clang > %t.clang.out 2>&1
// RUN: FileCheck %s -D#PLAIN=$(grep -n 'MARK[:]plain' %s | cut -d: -f1) -D#SLOW=$(grep -n 'MARK[:]slow' %s | cut -d: -f1) < %t.clang.out
// RUN: FileCheck %s --check-prefix=PROG < %t.clang.out
#include <stdio.h>
#include <switchguard.h>
#include <unistd.h>

int main(void) {
  SWG_ASSERT_SWITCHES(0) { fprintf(stderr, "inside\n"); } // MARK:plain
  fprintf(stderr, "-- plain done\n");
  SWG_ASSERT_SWITCHES(200) { fprintf(stderr, "quick\n"); }
  fprintf(stderr, "-- quick done\n");
  for (int i = 0; i < 3; i++)
    SWG_ASSERT_SWITCHES(50) { // MARK:slow
      usleep(120 * 1000);
      break; /* leaves the block: the scope still ends here */
    }
  fprintf(stderr, "-- slow done\n");
  return 0;
}
// CHECK: ERROR: switchguard: must_switch scope 'main' did not switch
// CHECK-NEXT: Scope: {{.*}}block_form.c:[[#PLAIN]]
// CHECK-NOT: ERROR
// CHECK: ERROR: switchguard: must_switch scope 'main' ran {{[0-9]+}} ms without switching (limit 50 ms)
// CHECK-NEXT: Scope: {{.*}}block_form.c:[[#SLOW]]
// CHECK: ERROR: switchguard: must_switch scope 'main' ran
// CHECK-NEXT: Scope: {{.*}}block_form.c:[[#SLOW]]
// CHECK: ERROR: switchguard: must_switch scope 'main' ran
// CHECK-NEXT: Scope: {{.*}}block_form.c:[[#SLOW]]
// CHECK-NOT: ERROR
// PROG: inside
// PROG: -- plain done
// PROG: quick
// PROG: -- quick done
// PROG: -- slow done
