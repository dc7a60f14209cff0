// Intent: by default the switch fast path is inline at each site: a check
// of the thread-local slow flag (no pointer to load first) and the three
// stores, with the runtime called only on the slow side; a symmetric
// switch also learns the hub's name (when it leaves the hub) and maps a
// switch to it to NULL, a resume does not compare. -no-inline calls instead.
// RUN: %clang %plugin -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -O2 -S %s -o - | FileCheck %s --check-prefix=ASM
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=CALLS
#include <pcl.h>
#include <ucontext.h>

// CHECK-LABEL: define {{.*}}@resume(
void resume(coroutine_t co) {
  // CHECK: [[T:%[0-9a-z.]+]] = {{.*}}call {{.*}}ptr @llvm.threadlocal.address.p0(ptr {{.*}}@__swg_tls)
  // CHECK-NOT: load ptr, ptr [[T]]
  // CHECK: [[SLOW:%[0-9a-z.]+]] = getelementptr inbounds {{(nuw )?}}i8, ptr [[T]], i64 32
  // CHECK: load atomic i32, ptr [[SLOW]] unordered
  // The fast side: prev, then current (to as it is), site, seq.
  // CHECK: load atomic ptr, ptr {{.*}} monotonic, align 8
  // CHECK-NOT: select
  // CHECK: store atomic ptr %0, ptr {{.*}} monotonic, align 8
  // CHECK: store atomic ptr {{.*}}@__swg_site{{.*}} monotonic, align 8
  // CHECK: store atomic i64 {{.*}} release, align 8
  // The slow side calls the runtime.
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr
  // CHECK: call void @co_call(
  // CHECK: call void @__swg_switch_return(
  co_call(co);
}
// On x86-64 the check is one compare with %fs-relative memory.
// ASM-LABEL: resume:
// ASM: cmpl $0, %fs:32(
// ASM: incq %fs:(
// ASM: callq co_call

// CALLS-LABEL: define {{.*}}@resume(
// CALLS-NOT: __swg_tls
// CALLS: call ptr @__swg_switch_enter(
// CALLS-NEXT: call void @co_call(
// CALLS-NEXT: call void @__swg_switch_return(

ucontext_t hub, co;
// CHECK-LABEL: define {{.*}}@swap(
void swap(void) {
  // The hub's name: stored when leaving it (prev NULL, from not NULL), in
  // a block a switch from a coroutine branches around.
  // CHECK: [[PREV:%[0-9]+]] = load atomic ptr, ptr {{.*}} monotonic
  // CHECK: icmp eq ptr [[PREV]], null
  // CHECK-NEXT: br i1 {{.*}}, label %[[LEARN:[0-9]+]], label %[[LEARNT:[0-9]+]]
  // CHECK: [[LEARN]]:
  // CHECK: store atomic ptr @hub, ptr {{.*}} monotonic
  // CHECK-NEXT: br label %[[LEARNT]]
  swapcontext(&hub, &co);
}
