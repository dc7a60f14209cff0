// Intent: PCL's co_create and byuu libco's co_create share a name but not a
// header: each call is matched to its own library (its own roles and
// argument positions), whichever header a file includes.
// RUN: %clang %plugin -O1 -S -emit-llvm -DUSE_PCL %s -o - | FileCheck %s --check-prefix=PCL
// RUN: %clang %plugin -O0 -I%inputs/standins -S -emit-llvm %s -o - | FileCheck %s --check-prefix=LIBCO
#ifdef USE_PCL
#include <pcl.h>
static void body(void *arg) { co_resume(); }
void *run(void) {
  // PCL-DAG: c"pcl\00"
  // PCL: [[C:%[0-9a-z.]+]] = {{.*}}call ptr @co_create(ptr {{.*}}@body,
  // PCL-NEXT: call void @__swg_spawn(ptr [[C]], ptr {{.*}}@body,
  return co_create(body, 0, 0, 65536);
}
#else
#include "libco.h"
static void body(void) {}
void *run(void) {
  // LIBCO-DAG: c"libco\00"
  // LIBCO: call void @__swg_spawn(ptr {{.*}}, ptr {{.*}}@body,
  return co_create(65536, body);
}
#endif
