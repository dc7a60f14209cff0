; Intent: Boost.Context's fcontext has no C header: C programs declare it
; themselves, so it matches by name and signature, in opt as in clang.
; make_fcontext is a spawn that passes the stack range (handles are
; addresses that change on every switch), jump_fcontext a switch to its
; first argument; a function of the same name with another shape is left
; alone. The hooks stay in place through the -O2 pipeline.
; RUN: split-file %s %t
; RUN: %opt %passplugin -passes='switchguard<no-inline;verify>' -S %t/fcontext.ll | FileCheck %s
; RUN: %opt %passplugin -passes='switchguard<no-inline;verify>,default<O2>' -S %t/fcontext.ll | FileCheck %s
; RUN: %opt %passplugin -passes='switchguard<no-inline;verify>' -S %t/shape.ll | FileCheck %s --check-prefix=SHAPE

;--- fcontext.ll
@stack = internal global [65536 x i8] zeroinitializer

declare { ptr, ptr } @jump_fcontext(ptr, ptr)
declare ptr @make_fcontext(ptr, i64, ptr)

define internal void @body(ptr %fctx, ptr %data) {
  call { ptr, ptr } @jump_fcontext(ptr %fctx, ptr null)
  ret void
}

; CHECK-LABEL: define {{.*}}void @run(
; CHECK: [[C:%[0-9a-z]+]] = {{.*}}call ptr @make_fcontext(ptr {{.*}}, i64 65536, ptr {{.*}}@body)
; CHECK-NEXT: call void @__swg_spawn(ptr [[C]], ptr {{.*}}@body, ptr null, ptr {{.*}}, i64 65536,
; CHECK: [[P:%[0-9a-z.]+]] = {{.*}}call ptr @__swg_switch_enter(ptr null, ptr [[C]],
; CHECK-NEXT: call { ptr, ptr } @jump_fcontext(ptr {{.*}}[[C]], ptr
; CHECK-NEXT: call void @__swg_switch_return(ptr [[P]],
define void @run() {
  %c = call ptr @make_fcontext(ptr getelementptr (i8, ptr @stack, i64 65536), i64 65536, ptr @body)
  call { ptr, ptr } @jump_fcontext(ptr %c, ptr null)
  ret void
}

;--- shape.ll
declare i32 @jump_fcontext(double)

; SHAPE-NOT: call {{.*}}@__swg_switch_enter
define void @run() {
  call i32 @jump_fcontext(double 1.0)
  ret void
}
