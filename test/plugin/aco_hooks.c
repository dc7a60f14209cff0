// Intent: libaco: aco_yield() is a macro over acosw(co, co->main_co), a
// switch traced where the macro is used; aco_create with a NULL entry
// makes the main co (the hub's handle: its site is flagged
// SWG_SITE_NULL_ENTRY_IS_HUB = 2); aco_resume is a resume. At -O2 the
// stand-in's calls are inlined away and only the hooks remain.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm %s -o %t0.ll
// RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t0.ll
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -I%inputs/standins -S -emit-llvm %s -o %t2.ll
// RUN: FileCheck %s < %t2.ll
#include "aco.h"

static void body(void) { aco_yield(); }

// CHECK-DAG: [[MAINSITE:@__swg_site[.0-9]*]] = private global {{.*}} i32 1, i32 2, ptr @__swg_str{{[.0-9]*}}, ptr @__swg_str{{[.0-9]*}}, ptr null }
// CHECK-LABEL: define {{.*}}@run(
void run(void) {
  aco_thread_init(NULL);
  // O0: call ptr @aco_create(ptr {{.*}}null, ptr {{.*}}null, i64 {{.*}}0, ptr {{.*}}null,
  // CHECK: call void @__swg_spawn(ptr {{.*}}, ptr null, ptr null, ptr null, i64 0, ptr {{.*}}[[MAINSITE]])
  aco_t *main_co = aco_create(NULL, NULL, 0, NULL, NULL);
  aco_share_stack_t *ss = aco_share_stack_new(0);
  // CHECK: call void @__swg_spawn(ptr {{.*}}, ptr {{.*}}@body,
  aco_t *co = aco_create(main_co, ss, 0, body, NULL);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr
  // O0-NEXT: call void @aco_resume(
  // CHECK: call void @__swg_switch_return(
  aco_resume(co);
}

// CHECK-LABEL: define {{.*}}@body(
// CHECK: call ptr @__swg_switch_enter(ptr {{.*}}, ptr {{.*}}, ptr
// O0-NEXT: call {{.*}}@acosw(
// CHECK: call void @__swg_switch_return(
