// Intent: SWG_ASSERT_SWITCHES needs no plugin: built with GCC or plain
// clang against the runtime, a block with no switch fails, a fast block
// with a limit passes, a slow one fails by its stretch, and leaving the
// block by break still ends the scope.
// RUN: gcc -std=gnu11 -g -O1 -I%rtsrc/include %s %swglib -o %t.gcc
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t.gcc 2>&1 | FileCheck %s
// RUN: %clang -std=gnu11 -g -O1 -I%rtsrc/include %s %swglib -o %t.clang
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t.clang 2>&1 | FileCheck %s
#include <stdio.h>
#include <switchguard.h>
#include <unistd.h>

int main(void) {
  SWG_ASSERT_SWITCHES(0) { fprintf(stderr, "inside\n"); }
  fprintf(stderr, "-- plain done\n");
  SWG_ASSERT_SWITCHES(200) { fprintf(stderr, "quick\n"); }
  fprintf(stderr, "-- quick done\n");
  for (int i = 0; i < 3; i++)
    SWG_ASSERT_SWITCHES(50) {
      usleep(120 * 1000);
      break; /* leaves the block: the scope still ends here */
    }
  fprintf(stderr, "-- slow done\n");
  return 0;
}
// CHECK: inside
// CHECK-NEXT: ERROR: switchguard: must_switch scope 'main' did not switch
// CHECK: -- plain done
// CHECK-NOT: ERROR
// CHECK: -- quick done
// CHECK: ERROR: switchguard: must_switch scope 'main' ran {{[0-9]+}} ms without switching (limit 50 ms)
// CHECK: ERROR: switchguard: must_switch scope 'main' ran
// CHECK: ERROR: switchguard: must_switch scope 'main' ran
// CHECK-NOT: ERROR
// CHECK: -- slow done
