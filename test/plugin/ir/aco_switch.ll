; Intent: libaco's switch acosw(from, to), what its aco_yield() macro
; expands to, is a symmetric switch under opt: with the inline fast path
; (the default) the site maps a switch into the hub to NULL, and learns
; nothing from `from`, libaco having named its hub when aco_create made the
; main co (nothing stored but current, site and seq); with no-inline it
; calls the runtime with both contexts.
; RUN: %opt %passplugin -passes='switchguard<profiles=aco;verify>' -S %s | FileCheck %s
; RUN: %opt %passplugin -passes='switchguard<profiles=aco;no-inline>' -S %s | FileCheck %s --check-prefix=CALLS

declare void @acosw(ptr, ptr)

; CHECK-LABEL: define void @yield(
; CHECK: call {{.*}}ptr @llvm.threadlocal.address.p0(ptr {{.*}}@__swg_tls)
; CHECK: load atomic i32, ptr {{.*}} unordered
; CHECK: br i1 {{.*}}, label %swg.slow, label %swg.fast
; CHECK: swg.fast:
; CHECK: [[PREV:%[0-9a-z.]+]] = load atomic ptr, ptr {{.*}} monotonic
; CHECK-NOT: ptr %from
; A switch to the hub's handle makes the hub current (NULL).
; CHECK: icmp eq ptr %to,
; CHECK-NEXT: [[CUR:%[0-9]+]] = select i1 {{.*}}, ptr null, ptr %to
; CHECK-NOT: store
; CHECK: store atomic ptr [[CUR]], ptr {{.*}} monotonic
; CHECK-NOT: store
; CHECK: store atomic ptr @__swg_site{{.*}} monotonic
; CHECK-NOT: store
; CHECK: store atomic i64 {{.*}} release
; CHECK: swg.slow:
; CHECK-NEXT: call ptr @__swg_switch_enter(ptr %from, ptr %to, ptr @__swg_site
; CHECK: call void @acosw(ptr %from, ptr %to)
define void @yield(ptr %from, ptr %to) {
  call void @acosw(ptr %from, ptr %to)
  ret void
}

; CALLS-LABEL: define void @yield(
; CALLS-NEXT: [[P:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr %from, ptr %to, ptr @__swg_site
; CALLS-NEXT: call void @acosw(ptr %from, ptr %to)
; CALLS-NEXT: call void @__swg_switch_return(ptr [[P]], ptr @__swg_site
