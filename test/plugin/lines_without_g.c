// Intent: without -g the site records still carry source lines (the plugin
// tracks locations itself), and neither the IR after the pass nor the
// object file carries debug info that the user did not ask for.
// RUN: %clang %plugin -O2 -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s -D#LINE=$(grep -n 'MARK[:]call' %s | cut -d: -f1) < %t.ll
// RUN: %clang %plugin -O2 -c %s -o %t.o
// RUN: readelf -S %t.o | FileCheck %s --check-prefix=OBJ
#include <pcl.h>

void run(coroutine_t co) {
  co_call(co); // MARK:call
}

// CHECK: @__swg_site = private global {{.*}} i32 [[#LINE]], i32 3,
// CHECK-NOT: !dbg
// CHECK-NOT: !llvm.dbg.cu
// OBJ: swg_sites
// OBJ-NOT: .debug_
