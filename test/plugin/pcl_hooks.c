// Intent: every PCL primitive call gets its hooks, at -O0 to -O3 and -Os, with a
// site record naming the function, file, line, role, primitive and library.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o %t0.ll
// RUN: FileCheck %s < %t0.ll
// RUN: FileCheck %s --check-prefix=SITE -D#LINE=$(grep -n 'MARK[:]create' %s | cut -d: -f1) < %t0.ll
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o %t2.ll
// RUN: FileCheck %s < %t2.ll
// RUN: FileCheck %s --check-prefix=SITE -D#LINE=$(grep -n 'MARK[:]create' %s | cut -d: -f1) < %t2.ll
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O1 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O3 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -Os -S -emit-llvm %s -o - | FileCheck %s
#include <pcl.h>

// SITE-DAG: [[FN:@__swg_str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"spawn\00"
// SITE-DAG: [[FILE:@__swg_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"{{.*}}pcl_hooks.c\00"
// SITE-DAG: [[PRIM:@__swg_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"co_create\00"
// SITE-DAG: [[LIB:@__swg_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"pcl\00"
// SITE-DAG: [[ENTRY:@__swg_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"body\00"
// SITE-DAG: @__swg_site{{[.0-9]*}} = private global {{.*}} { ptr [[FN]], ptr [[FILE]], i32 [[#LINE]], i32 {{[0-9]+}}, i32 1, i32 0, ptr [[PRIM]], ptr [[LIB]], ptr [[ENTRY]] }, section "swg_sites", align 8
// SITE-DAG: @llvm.compiler.used = appending global {{.*}}@__swg_site

void body(void *arg) {
  // CHECK-LABEL: define {{.*}}@body(
  // CHECK: [[PREV:%[0-9]+]] = {{.*}}call ptr @__swg_switch_enter(ptr null, ptr null, ptr {{.*}}@__swg_site
  // CHECK-NEXT: call void @co_resume()
  // CHECK-NEXT: call void @__swg_switch_return(ptr [[PREV]],
  co_resume();
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call void @co_exit()
  // CHECK-NOT: @__swg_switch_return
  co_exit();
}

coroutine_t spawn(void) {
  // CHECK-LABEL: define {{.*}}@spawn(
  // CHECK: [[CO:%[0-9a-z]+]] = {{.*}}call ptr @co_create(ptr {{.*}}@body,
  // CHECK-NEXT: call void @__swg_spawn(ptr [[CO]], ptr {{.*}}@body, ptr
  return co_create(body, 0, 0, 32768); // MARK:create
}

void run(coroutine_t co) {
  // CHECK-LABEL: define {{.*}}@run(
  // CHECK: [[P:%[0-9]+]] = {{.*}}call ptr @__swg_switch_enter(ptr null, ptr [[CO1:%[0-9a-z]+]],
  // CHECK-NEXT: call void @co_call(ptr {{.*}}[[CO1]])
  // CHECK-NEXT: call void @__swg_switch_return(ptr [[P]],
  co_call(co);
  // CHECK: call void @__swg_destroy(ptr [[CO2:%[0-9a-z]+]],
  // CHECK-NEXT: call void @co_delete(ptr {{.*}}[[CO2]])
  co_delete(co);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr [[CO3:%[0-9a-z]+]],
  // CHECK-NEXT: call void @co_exit_to(ptr {{.*}}[[CO3]])
  co_exit_to(co);
}
