// Intent: ucontext's swapcontext and setcontext are switches (from/to),
// makecontext a spawn with its entry; getcontext (returns twice) is left
// alone. Checked at -O0 and -O2.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o %t0.ll
// RUN: FileCheck %s < %t0.ll && FileCheck %s --check-prefix=BODY < %t0.ll
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o %t2.ll
// RUN: FileCheck %s < %t2.ll && FileCheck %s --check-prefix=BODY < %t2.ll
#include <ucontext.h>

ucontext_t hub, co;
static char stack[65536];

static void body(void) { swapcontext(&co, &hub); }

void setup(void) {
  // CHECK-LABEL: define {{.*}}@setup(
  // CHECK-NOT: __swg
  // CHECK: call i32 @getcontext(
  // CHECK-NOT: __swg
  // CHECK: call void (ptr, ptr, i32, ...) @makecontext(ptr {{.*}}@co, ptr {{.*}}@body, i32 {{.*}}0)
  // CHECK-NEXT: call void @__swg_spawn(ptr {{.*}}@co, ptr {{.*}}@body, ptr
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
  makecontext(&co, body, 0);
}

void go(void) {
  // CHECK-LABEL: define {{.*}}@go(
  // CHECK: [[P:%[0-9]+]] = {{.*}}call ptr @__swg_switch_enter(ptr {{.*}}@hub, ptr {{.*}}@co,
  // CHECK-NEXT: call i32 @swapcontext(ptr {{.*}}@hub, ptr {{.*}}@co)
  // CHECK-NEXT: call void @__swg_switch_return(ptr [[P]],
  swapcontext(&hub, &co);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr {{.*}}@co,
  // CHECK-NEXT: call i32 @setcontext(ptr {{.*}}@co)
  setcontext(&co);
}

// The body's own switch back is traced too.
// BODY-LABEL: define internal void @body(
// BODY: call ptr @__swg_switch_enter(ptr {{.*}}@co, ptr {{.*}}@hub,
// BODY-NEXT: call i32 @swapcontext(
