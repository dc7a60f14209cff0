// Intent: minicoro, compiled into the user's file: mco_create is a spawn
// whose handle is stored through its first argument and whose entry comes
// from the mco_desc_init that filled the descriptor; resume, yield and
// destroy get their hooks; the library's own implementation (in the same
// header) gets none.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm %s -o %t0.ll
// RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t0.ll
// RUN: FileCheck %s --check-prefix=BODY < %t0.ll
// RUN: FileCheck %s --check-prefix=LIB < %t0.ll
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -I%inputs/standins -S -emit-llvm %s -o %t2.ll
// RUN: FileCheck %s < %t2.ll
// RUN: FileCheck %s --check-prefix=BODY < %t2.ll
#define MINICORO_IMPL
#include "minicoro.h"

static void body(mco_coro *co) { mco_yield(co); }

// CHECK-LABEL: define {{.*}}@run(
void run(void) {
  mco_desc desc = mco_desc_init(body, 0);
  mco_coro *co;
  // O0: call {{.*}}@mco_create(ptr {{.*}}[[OUT:%[0-9a-z.]+]],
  // O0-NEXT: [[CO:%[0-9a-z.]+]] = load ptr, ptr [[OUT]]
  // CHECK: call void @__swg_spawn(ptr {{.*}}, ptr {{.*}}@body,
  mco_create(&co, &desc);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr [[TO:%[0-9a-z.]+]],
  // O0-NEXT: call {{.*}}@mco_resume(ptr {{.*}}[[TO]])
  // CHECK: call void @__swg_switch_return(
  mco_resume(co);
  // CHECK: call void @__swg_destroy(
  // O0-NEXT: call {{.*}}@mco_destroy(
  mco_destroy(co);
}

// The body's yield is traced; the library's internals are not.
// BODY-LABEL: define {{.*}}@body(
// BODY: call ptr @__swg_switch_enter(ptr null, ptr null,
// BODY: call void @__swg_switch_return(
// LIB-LABEL: define {{.*}}@mco_resume(
// LIB-NOT: __swg_
// LIB: ret
