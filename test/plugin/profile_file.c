// Intent: a library described in a profile file is instrumented like a
// built-in one: spawn, resume, yield, a yielding call and destroy, matched
// by its header; without the file nothing is instrumented.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -fplugin-arg-switchguard-profile-file=%inputs/profiles/mylib.yaml -I%inputs/profiles -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -I%inputs/profiles -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=NOFILE
#include "mylib.h"

// CHECK-DAG: c"mylib\00"

static void body(void *arg) { mylib_yield(); }

void run(void) {
  // CHECK: [[CO:%[0-9a-z]+]] = {{.*}}call ptr @mylib_spawn(ptr {{.*}}@body,
  // CHECK-NEXT: call void @__swg_spawn(ptr [[CO]], ptr {{.*}}@body,
  mylib_co *co = mylib_spawn(body, 0);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr [[CO]],
  // CHECK-NEXT: call void @mylib_resume(ptr {{.*}}[[CO]])
  mylib_resume(co);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call i32 @mylib_sleep(
  mylib_sleep(3);
  // CHECK: call void @__swg_destroy(ptr [[CO]],
  mylib_free(co);
}
// NOFILE-NOT: __swg
