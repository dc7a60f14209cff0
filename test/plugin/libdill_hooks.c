// Intent: libdill: go(fn()) is a start: after dill_prologue the caller's
// thread of control is the new coroutine (spawn, then a switch into it,
// named by the call go() runs), and the caller switches back where the
// macro's setjmp returns again; msleep/yield are yielding calls.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -I%inputs/standins -S -emit-llvm %s -o - | FileCheck %s
#include "libdill.h"

coroutine void worker(int n) { msleep(now() + n); }

// CHECK-DAG: [[NAME:@__swg_str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"worker\00"
// CHECK-DAG: [[SITE:@__swg_site[.0-9]*]] = private global {{.*}} i32 9, i32 4, ptr {{.*}}, ptr {{.*}}, ptr [[NAME]] }
// CHECK-LABEL: define {{.*}}@main(
int main(void) {
  // CHECK: call {{.*}}i32 @dill_prologue(
  // CHECK: [[HP:%[0-9a-z.]+]] = inttoptr i{{32|64}} {{.*}} to ptr
  // CHECK-NEXT: call void @__swg_spawn(ptr [[HP]], ptr null, ptr null, ptr null, i64 0, ptr {{.*}}[[SITE]])
  // CHECK-NEXT: [[PREV:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr null, ptr [[HP]], ptr {{.*}}[[SITE]])
  // The caller comes back by a second return of its setjmp: what it left
  // is kept in memory the optimiser leaves alone.
  // CHECK-NEXT: store volatile ptr [[PREV]], ptr [[SLOT:%[0-9a-z.]+]]
  // CHECK: [[SAVED:%[0-9a-z.]+]] = load volatile ptr, ptr [[SLOT]]
  // CHECK-NEXT: call void @__swg_switch_return(ptr [[SAVED]], ptr {{.*}}[[SITE]])
  // The body ends in dill_epilogue, an exit.
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call {{.*}}void @dill_epilogue()
  int h = go(worker(5));
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call {{.*}}@dill_yield()
  yield();
  return hclose(h);
}
