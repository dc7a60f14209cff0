// Intent: a coroutine stack whose outermost return address is not code (a
// library's sentinel, as minicoro's 0xdeaddeaddeaddead, or garbage) ends
// cleanly at the coroutine's entry: that address is neither printed nor
// given to a module, whether it lies past every mapping, in no mapping, or
// in the program's own data. ucontext, its return address overwritten.
// RUN: %swgcc -g -O0 %s -o %t0
// RUN: %t0 high 2>&1 | FileCheck %s -DFILE=stack_end_sentinel.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#CALL=$(grep -n 'MARK[:]call' %s | cut -d: -f1)
// RUN: %t0 low 2>&1 | FileCheck %s -DFILE=stack_end_sentinel.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#CALL=$(grep -n 'MARK[:]call' %s | cut -d: -f1)
// RUN: %t0 data 2>&1 | FileCheck %s -DFILE=stack_end_sentinel.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#CALL=$(grep -n 'MARK[:]call' %s | cut -d: -f1)
// RUN: %swgcc -O2 %s -o %t2
// RUN: %t2 high 2>&1 | FileCheck %s -DFILE=stack_end_sentinel.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#CALL=$(grep -n 'MARK[:]call' %s | cut -d: -f1)
// RUN: %t2 data 2>&1 | FileCheck %s -DFILE=stack_end_sentinel.c -D#SLEEP=$(grep -n 'MARK[:]sleep' %s | cut -d: -f1) -D#CALL=$(grep -n 'MARK[:]call' %s | cut -d: -f1)
#define _GNU_SOURCE /* REG_RSP */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static ucontext_t hub, co;
static char stack[65536];
static uintptr_t data_word[4]; /* mapped, in the program, but not code */

/* Not the entry itself: at -O0 the walk needs the frame record of the
 * function that called usleep, and finds it by its return address. */
static __attribute__((noinline)) void blocker(void) {
  usleep(400 * 1000); // MARK:sleep
}

static void body(void) {
  blocker(); // MARK:call
  swapcontext(&co, &hub);
}

int main(int argc, char **argv) {
  const char *kind = argc > 1 ? argv[1] : "high";
  uintptr_t sentinel = !strcmp(kind, "low")    ? (uintptr_t)0x1230
                       : !strcmp(kind, "data") ? (uintptr_t)&data_word[2]
                                               : (uintptr_t)0xfeedfacefeedfaceull;
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
  co.uc_link = &hub;
  makecontext(&co, body, 0);
  /* body's return address, where makecontext put it: the sentinel instead
   * (body never returns) */
#if defined(__x86_64__)
  *(uintptr_t *)co.uc_mcontext.gregs[REG_RSP] = sentinel;
#elif defined(__aarch64__)
  co.uc_mcontext.regs[30] = sentinel;
#endif
  swapcontext(&hub, &co);
  printf("back in main\n");
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'body' blocked thread
// CHECK: Blocked stack (read from its system call):
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in usleep
// CHECK-NEXT: #{{[0-9]+}} 0x{{[0-9a-f]+}} in blocker {{.*}}[[FILE]]:[[#SLEEP]]
// CHECK-NEXT: #{{[0-9]+}} 0x{{[0-9a-f]+}} in body {{.*}}[[FILE]]:[[#CALL]]
// CHECK-NEXT: Last switch: swapcontext in main
// CHECK: SUMMARY: switchguard: blocked coroutine 'body' for {{[0-9]+}} ms on thread {{[0-9]+}} in blocker {{.*}}[[FILE]]:[[#SLEEP]]
// CHECK-NOT: ??
// CHECK: back in main
