// Intent: after go(), the coroutine that called go() is running again once
// the child yields back to it, and blocking there is reported as that
// coroutine's ('main'), whichever way the go() macro saves the caller's
// context: libmill's x86-64 form (inline assembly) and its portable form
// (sigsetjmp, MILL_STANDIN_SIGSETJMP here).
// RUN: %swgcc -g -O0 -c %inputs/standins/libmill.c -o %t.lib.o
// RUN: %swgcc -g -O0 -DMILL_STANDIN_SIGSETJMP -c %inputs/standins/libmill.c -o %t.libsj.o
// RUN: %swgcc -g -O0 -w -DMILL_STANDIN_SIGSETJMP -I%inputs/standins %s %t.libsj.o -o %t.sj
// RUN: %swgcc -g -O0 -w -I%inputs/standins %s %t.lib.o -o %t.asm
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t.sj 2>&1 | FileCheck %s -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t.asm 2>&1 | FileCheck %s -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1)
#include "libmill.h"
#include <stdio.h>
#include <unistd.h>

coroutine void child(void) { msleep(now() + 1000); }

int main(void) {
  go(child());
  usleep(300 * 1000); // MARK:block
  printf("main: done\n");
  return 0;
}

// CHECK-NOT: switchguard
// CHECK: WARNING: switchguard: coroutine 'main' blocked thread
// CHECK: in main {{.*}}libmill_go_parent_blocks.c:[[#LINE]]
// CHECK-NOT: WARNING
// CHECK: main: done
