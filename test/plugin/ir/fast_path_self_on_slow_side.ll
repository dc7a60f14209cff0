; Intent: byuu libco's co_switch(to) leaves co_active(), which the site
; needs only to learn the hub's name: the inline fast path calls nothing
; (co_active is called on the slow side, taken while the thread is slow or
; it is in the hub with no name for it yet), and still maps a switch to
; the hub's handle to NULL. With no-inline, co_active() is called before
; the runtime's hook as before.
; RUN: %opt %passplugin -passes='switchguard<profiles=libco;verify>' -S %s | FileCheck %s
; RUN: %opt %passplugin -passes='switchguard<profiles=libco;no-inline>' -S %s | FileCheck %s --check-prefix=CALLS

declare ptr @co_active()
declare void @co_switch(ptr)

; CHECK-LABEL: define void @switch_to(
; CHECK-NOT: call ptr @co_active()
; CHECK: swg.fast:
; CHECK-NOT: call
; CHECK: [[PREV:%[0-9]+]] = load atomic ptr, ptr {{.*}} monotonic
; CHECK: [[HUB:%[0-9]+]] = load atomic ptr, ptr {{.*}} monotonic
; CHECK-DAG: icmp eq ptr [[PREV]], null
; CHECK-DAG: icmp eq ptr [[HUB]], null
; CHECK: br i1 {{.*}}, label %swg.slow, label %swg.fast.on
; CHECK: swg.slow:
; CHECK-NEXT: [[FROM:%[0-9]+]] = call ptr @co_active()
; CHECK-NEXT: call ptr @__swg_switch_enter(ptr [[FROM]], ptr %to, ptr @__swg_site
; CHECK: swg.fast.on:
; CHECK-NOT: call
; CHECK: icmp eq ptr %to, [[HUB]]
; CHECK: select i1 {{.*}}, ptr null, ptr %to
; CHECK: store atomic i64 {{.*}} release
; CHECK: call void @co_switch(ptr %to)
; CHECK-NOT: call ptr @co_active()
; CHECK: ret void

; CALLS-LABEL: define void @switch_to(
; CALLS: [[FROM:%[0-9]+]] = call ptr @co_active()
; CALLS-NEXT: call ptr @__swg_switch_enter(ptr [[FROM]], ptr %to,
; CALLS-NEXT: call void @co_switch(ptr %to)
define void @switch_to(ptr %to) {
  call void @co_switch(ptr %to)
  ret void
}
