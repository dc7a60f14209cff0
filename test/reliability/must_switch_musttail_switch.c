// Intent: a must_switch function whose switch is a musttail call of a switch primitive passes at run time: the tail call switches, as the static check agrees (it warns only about the path that returns without switching); a hub-only one whose tail switch goes elsewhere fails, naming the coroutine that made it.
// Was a bug: the exit check went before the musttail call, so the scope was
// checked before it switched and failed ("did not switch"). The pass now
// puts the switch's hooks before the check (plugin/Guards.cpp, tailExit).
// RUN: %swgcc -O2 %s -o %t2 2>/dev/null
// RUN: %t2 2>&1 | FileCheck %s
// RUN: %swgcc -O0 %s -o %t0 2>/dev/null
// RUN: %t0 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t2 hub 2>&1 | FileCheck %s --check-prefix=HUB
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report %t0 hub 2>&1 | FileCheck %s --check-prefix=HUB
#include <stdio.h>
#include <ucontext.h>

static ucontext_t main_uc, co_uc, other_uc;
static char stack[65536], other_stack[65536];

__attribute__((must_switch)) int guarded_tail_switch(ucontext_t *a, ucontext_t *b) {
  if (!a)
    return -1;
  __attribute__((musttail)) return swapcontext(a, b);
}

__attribute__((must_switch_hub)) int hub_tail_switch(ucontext_t *a, ucontext_t *b) {
  if (!a)
    return -1;
  __attribute__((musttail)) return swapcontext(a, b);
}

static void body(void) {
  for (;;)
    swapcontext(&co_uc, &main_uc);
}

static void other(void) {
  for (;;)
    swapcontext(&other_uc, &main_uc);
}

/* Switches into other, not into the hub: the hub-only scope fails. */
static void sender(void) {
  for (;;)
    hub_tail_switch(&co_uc, &other_uc);
}

int main(int argc, char **argv) {
  int hub = argc > 1;
  getcontext(&co_uc);
  co_uc.uc_stack.ss_sp = stack;
  co_uc.uc_stack.ss_size = sizeof stack;
  makecontext(&co_uc, hub ? sender : body, 0);
  getcontext(&other_uc);
  other_uc.uc_stack.ss_sp = other_stack;
  other_uc.uc_stack.ss_size = sizeof other_stack;
  makecontext(&other_uc, other, 0);
  for (int i = 0; i < 3; i++)
    if (hub)
      swapcontext(&main_uc, &co_uc);
    else
      guarded_tail_switch(&main_uc, &co_uc);
  puts("done");
  return 0;
}
// CHECK-NOT: must_switch scope
// CHECK: done

// HUB: must_switch scope 'hub_tail_switch' did not switch into the hub, {{.*}} in coroutine 'sender'
// HUB: must_switch scope 'hub_tail_switch' did not switch into the hub, {{.*}} in coroutine 'sender'
// HUB: must_switch scope 'hub_tail_switch' did not switch into the hub, {{.*}} in coroutine 'sender'
// HUB-NOT: must_switch scope
// HUB: done
