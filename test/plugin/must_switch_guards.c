// Intent: a must_switch function gets a guard at entry and at every
// return (early ones too), none on a noreturn path, an abandon where an
// exception leaves; nested guarded calls each get their own frame slot; a
// function whose every path switches (and has no limit) has its guard left
// out, and -Rpass=switchguard says so. A plain guard (no limit, not
// hub-only) is inline: the switch count and thread loaded at entry, the
// count compared at each return, the runtime called only if it is the same.
// RUN: %clang %plugin -O0 -S -emit-llvm %s -o - -Rpass=switchguard -Rpass-analysis=switchguard 2>%t.remarks | FileCheck %s
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: %clang %plugin -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O2
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=CALLS
#include <pcl.h>
#include <stdlib.h>

__attribute__((must_switch)) int early(int n) {
  // CHECK-LABEL: define {{.*}}@early(
  // CHECK-NOT: alloca [128 x i8]
  // CHECK: [[SEQ:%[0-9]+]] = load atomic i64, ptr {{%[0-9]+}} unordered
  // CHECK: [[OWNER:%[0-9]+]] = load atomic i64, ptr {{%[0-9]+}} unordered
  // Each `return` statement is checked where it is.
  // CHECK: [[NOW1:%[0-9]+]] = load atomic i64, ptr {{%[0-9]+}} unordered
  // CHECK-NEXT: [[SAME1:%[0-9]+]] = icmp eq i64 [[NOW1]], [[SEQ]]
  // CHECK-NEXT: br i1 [[SAME1]]
  // CHECK: call void @__swg_guard_plain_exit(i64 [[SEQ]], i64 [[OWNER]], ptr [[SITE:@__swg_site[.0-9]*]], ptr [[EXIT1:@__swg_site[.0-9]*]])
  // CHECK: icmp eq i64 {{%[0-9]+}}, [[SEQ]]
  // CHECK: call void @__swg_guard_plain_exit(i64 [[SEQ]], i64 [[OWNER]], ptr [[SITE]], ptr [[EXIT2:@__swg_site[.0-9]*]])
  // CHECK-NOT: __swg_guard
  // CHECK: ret i32
  // With -no-inline, the runtime's scope record in the frame.
  // CALLS-LABEL: define {{.*}}@early(
  // CALLS: [[G:%[0-9a-z.]+]] = alloca [128 x i8], align 8
  // CALLS: call void @__swg_guard_enter(ptr [[G]], ptr @__swg_site{{[.0-9]*}}, i32 0, i32 0)
  // CALLS: call void @__swg_guard_exit(ptr [[G]], ptr [[EXIT1:@__swg_site[.0-9]*]])
  // CALLS-NEXT: br label
  // CALLS: call void @__swg_guard_exit(ptr [[G]], ptr [[EXIT2:@__swg_site[.0-9]*]])
  // CALLS-NEXT: br label
  // CALLS-NOT: __swg_guard_exit
  // CALLS: ret i32
  if (n > 0)
    return n;
  co_resume();
  return 0;
}

__attribute__((noreturn)) void die(void);

__attribute__((must_switch(50))) void limited(int n) {
  // CHECK-LABEL: define {{.*}}@limited(
  // CHECK: call void @__swg_guard_enter(ptr {{.*}}, ptr {{.*}}, i32 50, i32 0)
  // CHECK: call void @die()
  // CHECK-NEXT: unreachable
  if (n < 0)
    die();
  co_resume();
  // CHECK: call void @__swg_guard_exit(
  // CHECK-NEXT: ret void
}

__attribute__((must_switch_hub)) void to_hub(void) {
  // CHECK-LABEL: define {{.*}}@to_hub(
  // CHECK: call void @__swg_guard_enter(ptr {{.*}}, ptr {{.*}}, i32 0, i32 1)
  co_resume();
}

// Every path switches: no guard.
__attribute__((must_switch)) void always(int n) {
  // CHECK-LABEL: define {{.*}}@always(
  // CHECK-NOT: __swg_guard
  // CHECK: ret void
  if (n)
    co_resume();
  else
    co_call(0);
}

// Calls a function proven to always switch: no guard either.
__attribute__((must_switch)) void via_helper(void) {
  // CHECK-LABEL: define {{.*}}@via_helper(
  // CHECK-NOT: __swg_guard
  // CHECK: ret void
  always(1);
}

// REMARK-DAG: remark: must_switch guard of 'always' left out: every path from entry to a return switches
// REMARK-DAG: remark: must_switch guard of 'via_helper' left out: every path from entry to a return switches
// REMARK-DAG: remark: must_switch guard of 'early' kept: a path returns without switching
// REMARK-DAG: remark: must_switch guard of 'limited' kept: it has a limit of 50 ms
// REMARK-DAG: remark: must_switch_hub guard of 'to_hub' kept: only a switch into the hub counts, known at run time

// At -O2 the guard survives inlining of the guarded function's body.
// O2-LABEL: define {{.*}}@early(
// O2-NOT: @__swg_guard_enter(
// O2: call void @__swg_guard_plain_exit(
