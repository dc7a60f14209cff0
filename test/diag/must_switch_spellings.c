// Intent: must_switch is accepted in every spelling, with and without a
// limit, and reaches IR as an annotation carrying the limit.
// RUN: %clang %plugin -std=c2x -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -x c++ -std=c++17 -S -emit-llvm %s -o - | FileCheck %s

// CHECK-DAG: c"switchguard.must_switch\00"
// CHECK-DAG: c"switchguard.must_switch=50\00"
// CHECK-DAG: c"switchguard.must_switch=7\00"
// CHECK-DAG: c"switchguard.must_switch=1000\00"
// CHECK-DAG: c"switchguard.must_switch=3\00"
#ifdef __cplusplus
extern "C" {
#endif
__attribute__((must_switch)) void gnu_plain(void) {}
__attribute__((must_switch(50))) void gnu_limit(void) {}
[[must_switch(7)]] void std_limit(void) {}
[[swg::must_switch(1000)]] void scoped_limit(void) {}
enum { LIMIT = 3 };
[[swg::must_switch(LIMIT)]] void scoped_const(void) {}
#ifdef __cplusplus
}
#endif
// CHECK: @llvm.global.annotations = {{.*}}@gnu_plain{{.*}}@gnu_limit{{.*}}@std_limit{{.*}}@scoped_limit{{.*}}@scoped_const
