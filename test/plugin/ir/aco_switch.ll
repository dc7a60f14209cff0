; Intent: libaco's switch acosw(from, to), what its aco_yield() macro
; expands to, is a symmetric switch under opt: with the inline fast path
; (the default) the site learns the hub's name from `from` and maps a
; switch into the hub to NULL; with no-inline it calls the runtime with
; both contexts.
; RUN: %opt %passplugin -passes='switchguard<profiles=aco;verify>' -S %s | FileCheck %s
; RUN: %opt %passplugin -passes='switchguard<profiles=aco;no-inline>' -S %s | FileCheck %s --check-prefix=CALLS

declare void @acosw(ptr, ptr)

; CHECK-LABEL: define void @yield(
; CHECK: call {{.*}}ptr @llvm.threadlocal.address.p0(ptr {{.*}}@__swg_tls)
; CHECK: load atomic i32, ptr {{.*}} unordered
; CHECK: br i1 {{.*}}, label %swg.slow, label %swg.fast
; CHECK: swg.fast:
; CHECK: [[PREV:%[0-9a-z.]+]] = load atomic ptr, ptr {{.*}} monotonic
; The hub's name: learnt when leaving it (prev NULL, from not NULL).
; CHECK: select i1 {{.*}}, ptr %from, ptr
; A switch to the hub's handle makes the hub current (NULL).
; CHECK: icmp eq ptr %to,
; CHECK: select i1 {{.*}}, ptr null, ptr %to
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
