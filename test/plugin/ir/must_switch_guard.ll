; Intent: under opt, must_switch comes from llvm.global.annotations as
; clang writes it. A plain scope with a path that returns without a switch
; gets the inline guard (the thread's switch count at entry, compared at
; each return, the runtime called only if it did not move), and a backend
; warning names the path; a limit (must_switch=50) gets the runtime's
; guard with its frame storage; a function that switches on every path
; gets none. A function marked swg_yield by the user is a switch point.
; RUN: %opt %passplugin -passes='switchguard<profiles=minicoro;verify>' -S %s -o %t.ll 2> %t.err
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=WARN < %t.err

@must = private unnamed_addr constant [24 x i8] c"switchguard.must_switch\00", section "llvm.metadata"
@must50 = private unnamed_addr constant [27 x i8] c"switchguard.must_switch=50\00", section "llvm.metadata"
@yieldmark = private unnamed_addr constant [27 x i8] c"switchguard.mark=swg_yield\00", section "llvm.metadata"
@file = private unnamed_addr constant [4 x i8] c"t.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [4 x { ptr, ptr, ptr, i32, ptr }] [
  { ptr, ptr, ptr, i32, ptr } { ptr @maybe, ptr @must, ptr @file, i32 1, ptr null },
  { ptr, ptr, ptr, i32, ptr } { ptr @limited, ptr @must50, ptr @file, i32 2, ptr null },
  { ptr, ptr, ptr, i32, ptr } { ptr @always, ptr @must, ptr @file, i32 3, ptr null },
  { ptr, ptr, ptr, i32, ptr } { ptr @my_yield, ptr @yieldmark, ptr @file, i32 4, ptr null }
], section "llvm.metadata"

declare i32 @mco_yield(ptr)

define void @my_yield() {
  ret void
}

; CHECK-LABEL: define void @maybe(
; CHECK: call {{.*}}ptr @llvm.threadlocal.address.p0(ptr {{.*}}@__swg_tls)
; CHECK: [[SEQ:%[0-9a-z.]+]] = load atomic i64, ptr {{.*}} unordered
; CHECK: [[OWNER:%[0-9a-z.]+]] = load atomic i64, ptr {{.*}} unordered
; CHECK: %swg.same = icmp eq i64 {{.*}}, [[SEQ]]
; CHECK: call void @__swg_guard_plain_exit(i64 [[SEQ]], i64 [[OWNER]], ptr @__swg_site
; CHECK: ret void
define void @maybe(i1 %c, ptr %co) {
  br i1 %c, label %yield, label %done
yield:
  call i32 @mco_yield(ptr %co)
  br label %done
done:
  ret void
}

; CHECK-LABEL: define void @limited(
; CHECK: %swg.guard = alloca [{{[0-9]+}} x i8], align 8
; CHECK: call void @__swg_guard_enter(ptr %swg.guard, ptr @__swg_site{{[.0-9]*}}, i32 50, i32 0)
; CHECK: call void @__swg_guard_exit(ptr %swg.guard, ptr @__swg_site
define void @limited(ptr %co) {
  call i32 @mco_yield(ptr %co)
  ret void
}

; CHECK-LABEL: define void @always(
; CHECK-NOT: __swg_guard
; CHECK: call ptr @__swg_switch_enter(ptr null, ptr null,
; CHECK: call void @my_yield()
; CHECK-NOT: __swg_guard
; CHECK: ret void
define void @always() {
  call void @my_yield()
  ret void
}

; WARN: warning: {{.*}}'maybe'
; WARN-NOT: 'always'
