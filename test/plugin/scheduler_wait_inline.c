// Intent: a library's own scheduler wait (libmill.c's poll in mill_poll,
// compiled with the plugin as users compile it) is bracketed as hub time
// by the inline fast path, like a switch site in the program: three
// stores of the thread's state around the poll, the runtime's hooks only
// on the slow side. With no-inline they are calls, as before.
// RUN: %clang %plugin -O0 -S -emit-llvm %inputs/standins/libmill.c -o - | FileCheck %s
// RUN: %clang %plugin -O2 -S -emit-llvm %inputs/standins/libmill.c -o - | FileCheck %s --check-prefix=O2
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %inputs/standins/libmill.c -o - | FileCheck %s --check-prefix=CALLS

// CHECK-LABEL: define internal void @mill_poll(
// CHECK: call {{.*}}ptr @llvm.threadlocal.address.p0(ptr {{.*}}@__swg_tls)
// CHECK: load atomic i32, ptr {{.*}} unordered
// CHECK: [[PREV:%[0-9]+]] = load atomic ptr, ptr {{.*}} monotonic
// CHECK: store atomic ptr null, ptr {{.*}} monotonic
// CHECK: store atomic ptr @__swg_site{{[.0-9]*}}, ptr {{.*}} monotonic
// CHECK: store atomic i64 {{.*}} release
// CHECK: call ptr @__swg_switch_enter(ptr null, ptr null, ptr @__swg_site
// CHECK: call i32 @poll(
// CHECK: load atomic i32, ptr {{.*}} unordered
// CHECK: store atomic ptr {{%.*}}, ptr {{.*}} monotonic
// CHECK: store atomic i64 {{.*}} release
// CHECK: call void @__swg_switch_return(

// At -O2 the poll's hooks are still inline: no call to the runtime but on
// the slow side, which comes after the inline stores.
// O2-LABEL: define internal {{.*}}void @mill_poll(
// O2: store atomic i64 {{.*}} release
// O2: call i32 @poll(
// O2: store atomic i64 {{.*}} release

// CALLS-LABEL: define internal void @mill_poll(
// CALLS-NOT: __swg_tls
// CALLS: call ptr @__swg_switch_enter(ptr null, ptr null,
// CALLS-NEXT: call i32 @poll(
// CALLS-NEXT: call void @__swg_switch_return(
