// Intent: by default a failed must_switch reports, then aborts like a
// failed assert, so any test harness fails; the report is whole before the
// abort.
// RUN: %swgcc -g -O0 %s -lpcl -o %t
// RUN: not --crash %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <switchguard.h>

SWG_MUST_SWITCH static void lazy(void) { fprintf(stderr, "lazy ran\n"); }

int main(void) {
  lazy();
  fprintf(stderr, "not reached\n");
  return 0;
}
// CHECK: lazy ran
// CHECK-NEXT: ERROR: switchguard: must_switch scope 'lazy' did not switch, on thread
// CHECK: SUMMARY: switchguard: must_switch failed in lazy
// CHECK-NEXT: ABORTING
// CHECK-NOT: not reached
