// Intent: spawn_stack=1 keeps the stack that made each coroutine and a
// blocked report shows it, down through the helper that spawned it; by
// default there is none.
// RUN: %swgcc -g -O0 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=spawn_stack=1 %t 2>&1 | FileCheck %s
// RUN: %t 2>&1 | FileCheck %s --check-prefix=OFF
#include "../Inputs/pcl_hub.h"

static void sleeper(void *arg) {
  co_resume();
  usleep(400 * 1000);
  hub_finish();
}

__attribute__((noinline)) static coroutine_t make_sleeper(void) {
  return co_create(sleeper, NULL, NULL, 64 * 1024);
}

int main(void) {
  co_thread_init();
  hub_run(make_sleeper());
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked
// CHECK: Spawned at: {{.*}}spawn_stack.c:{{[0-9]+}} in make_sleeper
// CHECK-NEXT: Spawn stack:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in make_sleeper {{.*}}spawn_stack.c
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}spawn_stack.c
// OFF: Spawned at:
// OFF-NOT: Spawn stack
