; Intent: where the scheduler runs inside the yielding calls (libmill,
; libdill) a yielding call's hooks are inline like any other site's: the
; fast side calls nothing, and only leaving the native context (prev NULL),
; which the runtime must name, or a slow thread goes to
; __swg_switch_enter; the return is the usual three stores.
; RUN: %opt %passplugin -passes='switchguard<profiles=libmill;verify>' -S %s | FileCheck %s
; RUN: %opt %passplugin -passes='switchguard<profiles=libdill;verify>' -S %s | FileCheck %s --check-prefix=DILL

declare void @mill_yield_(ptr)
declare i32 @dill_yield()

; CHECK-LABEL: define void @yield(
; CHECK: load atomic i32, ptr {{.*}} unordered
; CHECK-NEXT: [[SLOW:%[0-9]+]] = icmp ne i32
; CHECK-NEXT: br i1 [[SLOW]], label %swg.slow, label %swg.fast
; CHECK: swg.fast:
; CHECK-NOT: call
; CHECK: [[PREV:%[0-9]+]] = load atomic ptr, ptr {{.*}} monotonic
; CHECK-NEXT: [[NATIVE:%[0-9]+]] = icmp eq ptr [[PREV]], null
; CHECK-NEXT: br i1 [[NATIVE]], label %swg.slow, label %swg.fast.on
; CHECK: swg.slow:
; CHECK-NEXT: call ptr @__swg_switch_enter(ptr null, ptr null, ptr @__swg_site
; CHECK: swg.fast.on:
; CHECK-NOT: call
; CHECK: store atomic ptr null, ptr {{.*}} monotonic
; CHECK: store atomic ptr @__swg_site{{.*}} monotonic
; CHECK: store atomic i64 {{.*}} release
; CHECK: call void @mill_yield_(
; CHECK: swg.fast{{[0-9]+}}:
; CHECK-NEXT: getelementptr
; CHECK-NEXT: store atomic ptr %swg.prev, ptr {{.*}} monotonic
define void @yield(ptr %here) {
  call void @mill_yield_(ptr %here)
  ret void
}

; DILL-LABEL: define i32 @dyield(
; DILL: swg.fast:
; DILL-NOT: call
; DILL: icmp eq ptr {{.*}}, null
; DILL-NEXT: br i1 {{.*}}, label %swg.slow, label %swg.fast.on
; DILL: call i32 @dill_yield()
define i32 @dyield() {
  %r = call i32 @dill_yield()
  ret i32 %r
}
