; Intent: the pass alone, under opt, traces minicoro once profiles= selects
; it: mco_create announces the coroutine with __swg_spawn, naming the entry
; that mco_desc_init put in the descriptor (minicoro has no self(), so the
; body is named by its resumes, not at its entry); mco_resume and mco_yield
; are bracketed by __swg_switch_enter and __swg_switch_return. Without
; profiles= nothing is traced: minicoro's names are matched by the header
; that declared them, which only the frontend knows.
; RUN: %opt %passplugin -passes='switchguard<profiles=minicoro;no-inline;verify>' -S %s | FileCheck %s
; RUN: %opt %passplugin -passes=switchguard -S %s | FileCheck %s --check-prefix=NONE

%desc = type { ptr, [120 x i8] }

declare void @mco_desc_init(ptr sret(%desc), ptr, i64)
declare i32 @mco_create(ptr, ptr)
declare i32 @mco_resume(ptr)
declare i32 @mco_yield(ptr)

; CHECK-LABEL: define void @body(
; CHECK-NEXT: [[P:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr null, ptr null, ptr @__swg_site
; CHECK-NEXT: call i32 @mco_yield(ptr %co)
; CHECK-NEXT: call void @__swg_switch_return(ptr [[P]], ptr @__swg_site
; CHECK-NEXT: ret void
define void @body(ptr %co) {
  call i32 @mco_yield(ptr %co)
  ret void
}

; CHECK-LABEL: define void @run(
; CHECK: call i32 @mco_create(ptr %co, ptr %d)
; CHECK-NEXT: [[H:%[0-9a-z.]+]] = load ptr, ptr %co
; CHECK-NEXT: call void @__swg_spawn(ptr [[H]], ptr @body, ptr null, ptr null, i64 0, ptr @__swg_site
; CHECK: [[P:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr null, ptr [[C:%[0-9a-z.]+]], ptr @__swg_site
; CHECK-NEXT: call i32 @mco_resume(ptr [[C]])
; CHECK-NEXT: call void @__swg_switch_return(ptr [[P]], ptr @__swg_site
define void @run() {
  %co = alloca ptr
  %d = alloca %desc
  call void @mco_desc_init(ptr sret(%desc) %d, ptr @body, i64 0)
  call i32 @mco_create(ptr %co, ptr %d)
  %c = load ptr, ptr %co
  call i32 @mco_resume(ptr %c)
  ret void
}

; NONE-NOT: call {{.*}}@__swg_
