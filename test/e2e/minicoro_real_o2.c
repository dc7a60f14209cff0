// Intent: the real minicoro (MINICORO_IMPL compiled into the program): a
// coroutine body that ends in a call to sleep() keeps its frame in the
// blocked stack at -O0 and -O2, with and without -g (no sibling call), so
// the report and its SUMMARY name the body's line, not minicoro.h; and the
// stack ends at minicoro's entry trampoline, without the sentinel return
// address (0xdeaddeaddeaddead) minicoro puts below it.
// REQUIRES: corpus
// RUN: rm -rf %t.d && mkdir -p %t.d && cp %corpus/minicoro/minicoro.h %t.d/
// RUN: %swgcc -O0 -I%t.d %s -o %t.d/o0 2>/dev/null
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=200:blocking_calls=0 %t.d/o0 2>&1 | FileCheck %s -DFILE=minicoro_real_o2.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1)
// RUN: %swgcc -O2 -I%t.d %s -o %t.d/o2 2>/dev/null
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=200:blocking_calls=0 %t.d/o2 2>&1 | FileCheck %s -DFILE=minicoro_real_o2.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1)
// RUN: %swgcc -g -O0 -I%t.d %s -o %t.d/g0 2>/dev/null
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=200:blocking_calls=0 %t.d/g0 2>&1 | FileCheck %s -DFILE=minicoro_real_o2.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1)
// RUN: %swgcc -g -O2 -I%t.d %s -o %t.d/g2 2>/dev/null
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=200:blocking_calls=0 %t.d/g2 2>&1 | FileCheck %s -DFILE=minicoro_real_o2.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1)
#define MINICORO_IMPL
#include "minicoro.h"
#include <stdio.h>
#include <unistd.h>

static void f(mco_coro *co) {
  (void)co;
  sleep(3); // MARK:sleep
}

int main(void) {
  mco_desc desc = mco_desc_init(f, 0);
  mco_coro *co;
  if (mco_create(&co, &desc) != MCO_SUCCESS)
    return 1;
  mco_resume(co);
  printf("f done: %s\n", mco_status(co) == MCO_DEAD ? "dead" : "alive");
  mco_destroy(co);
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'f' blocked thread [[TID:[0-9]+]] "{{.*}}" for {{[0-9]+}} ms (max_blocking_ms=200)
// CHECK-NEXT: Blocked stack (read from its system call):
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in {{_*}}sleep {{.*}}
// CHECK-NEXT: #{{[0-9]+}} 0x{{[0-9a-f]+}} in f {{.*}}[[FILE]]:[[#SLEEP]]
// CHECK-NEXT: #{{[0-9]+}} 0x{{[0-9a-f]+}} in _mco_main {{.*}}minicoro.h
// CHECK-NEXT: Last switch: mco_resume in main
// CHECK: SUMMARY: switchguard: blocked coroutine 'f' for {{[0-9]+}} ms on thread [[TID]] in f {{.*}}[[FILE]]:[[#SLEEP]]
// CHECK-NOT: deaddead
// CHECK: coroutine 'f' unblocked on thread [[TID]] after {{2.9[0-9]|3.[0-9]+}} s
// CHECK: f done: dead
