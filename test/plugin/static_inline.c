// Intent: calls inside static inline wrappers and macros are instrumented
// before inlining hides them, so the hooks survive into the caller at -O2
// and each site record names the wrapper where the call was written.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O2
#include <pcl.h>

// CHECK-DAG: c"yield_now\00"
static inline void yield_now(void) { co_resume(); }
#define RESUME(c) co_call(c)

void loop(coroutine_t co) {
  // CHECK-LABEL: define {{.*}}@loop(
  // O2: call ptr @__swg_switch_enter(ptr null, ptr null,
  // O2-NEXT: call void @co_resume()
  // O2-NEXT: call void @__swg_switch_return(
  // O0: call void @yield_now()
  yield_now();
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr
  // CHECK-NEXT: call void @co_call(
  // CHECK-NEXT: call void @__swg_switch_return(
  RESUME(co);
}

// O0-LABEL: define internal void @yield_now(
// O0: call ptr @__swg_switch_enter(ptr null, ptr null,
// O0-NEXT: call void @co_resume()
// O0-NEXT: call void @__swg_switch_return(
