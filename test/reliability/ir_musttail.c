// Intent: a musttail call stays right before its ret: a musttail switch primitive gets its enter hook before it and no return hook between it and the ret, and a must_switch function ending in a musttail call is checked before the call, after the hook when the call is a switch primitive's; the IR verifies at -O0 and -O2.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -c %s -o %t.o
// The inline fast path (the default) keeps the IR valid too (verified).
// RUN: %clang %plugin -O0 -c %s -o /dev/null
// RUN: %clang %plugin -O2 -c %s -o /dev/null
#include <pcl.h>
#include <ucontext.h>

int tail_switch(ucontext_t *a, ucontext_t *b) {
  // CHECK-LABEL: define {{.*}}i32 @tail_switch(
  // CHECK: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
  // CHECK: [[R:%[0-9]+]] = musttail call i32 @swapcontext(
  // CHECK-NEXT: ret i32 [[R]]
  __attribute__((musttail)) return swapcontext(a, b);
}

int helper(int);
__attribute__((must_switch(10))) int guarded_tail(int n) {
  // CHECK-LABEL: define {{.*}}i32 @guarded_tail(
  // CHECK: call void @__swg_guard_enter(
  // CHECK: call void @co_resume()
  // CHECK: call void @__swg_guard_exit(
  // CHECK-NEXT: [[R:%[0-9]+]] = musttail call i32 @helper(
  // CHECK-NEXT: ret i32 [[R]]
  co_resume();
  __attribute__((musttail)) return helper(n);
}

__attribute__((must_switch)) int guarded_tail_switch(ucontext_t *a, ucontext_t *b) {
  // CHECK-LABEL: define {{.*}}i32 @guarded_tail_switch(
  // CHECK: call void @__swg_guard_enter(
  // CHECK: call void @__swg_guard_exit(
  // CHECK: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
  // CHECK: call void @__swg_guard_exit(
  // CHECK-NEXT: [[R:%[0-9]+]] = musttail call i32 @swapcontext(
  // CHECK-NEXT: ret i32 [[R]]
  if (!a)
    return -1;
  __attribute__((musttail)) return swapcontext(a, b);
}

__attribute__((must_switch, noinline)) int always_switches(int n) {
  co_resume();
  return n;
}

// A tail callee that always switches ends the scope as switched: nothing to
// check (a hub-only scope could not tell where it switches to).
__attribute__((must_switch)) int guarded_tail_fn(int n) {
  // CHECK-LABEL: define {{.*}}i32 @guarded_tail_fn(
  // CHECK: call void @__swg_guard_enter(
  // CHECK: call void @__swg_guard_exit(
  // CHECK: call void @__swg_guard_abandon(
  // CHECK-NEXT: [[R:%[0-9]+]] = musttail call i32 @always_switches(
  // CHECK-NEXT: ret i32 [[R]]
  if (n < 0)
    return n;
  __attribute__((musttail)) return always_switches(n);
}

// A limit alone can be checked up to the call.
__attribute__((must_switch(10))) int timed_tail_fn(int n) {
  // CHECK-LABEL: define {{.*}}i32 @timed_tail_fn(
  // CHECK: call void @__swg_guard_enter(
  // CHECK: call void @__swg_guard_exit(
  // CHECK-NEXT: [[R:%[0-9]+]] = musttail call i32 @always_switches(
  // CHECK-NEXT: ret i32 [[R]]
  __attribute__((musttail)) return always_switches(n);
}
