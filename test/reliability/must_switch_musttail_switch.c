// Intent: a must_switch function whose switch is a musttail call of a switch primitive passes at run time: the tail call switches, as the static check agrees (it warns only about the path that returns without switching).
// XFAIL: *
// BUG (plugin/Guards.cpp, exitPoints): the exit check goes before every
// musttail call, so a scope whose only switch is the musttail swapcontext is
// checked before it switches and fails ("did not switch") at run time, and
// aborts the program. A musttail call of a switch primitive should end the
// scope as switched (or abandon the guard) instead.
// RUN: %swgcc -O2 %s -o %t 2>/dev/null
// RUN: %t 2>&1 | FileCheck %s
#include <stdio.h>
#include <ucontext.h>

static ucontext_t main_uc, co_uc;
static char stack[65536];

__attribute__((must_switch)) int guarded_tail_switch(ucontext_t *a, ucontext_t *b) {
  if (!a)
    return -1;
  __attribute__((musttail)) return swapcontext(a, b);
}

static void body(void) {
  for (;;)
    swapcontext(&co_uc, &main_uc);
}

int main(void) {
  getcontext(&co_uc);
  co_uc.uc_stack.ss_sp = stack;
  co_uc.uc_stack.ss_size = sizeof stack;
  makecontext(&co_uc, body, 0);
  for (int i = 0; i < 3; i++)
    guarded_tail_switch(&main_uc, &co_uc);
  puts("done");
  return 0;
}
// CHECK-NOT: must_switch scope
// CHECK: done
