// Intent: State Threads: st_init makes main a coroutine (named by
// st_thread_self()), st_thread_create is a spawn whose body names itself at
// entry, and every call that runs ST's scheduler (sleep, I/O, cond, join)
// is a yielding call: hub time, bracketed by enter/return. ST frees a
// thread that returns or calls st_thread_exit: the context left there is
// destroyed once left.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o %t0.ll
// RUN: FileCheck %s < %t0.ll
// RUN: FileCheck %s --check-prefix=BODY < %t0.ll
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o %t2.ll
// RUN: FileCheck %s < %t2.ll
// RUN: FileCheck %s --check-prefix=BODY < %t2.ll
#include <st.h>

static void *worker(void *arg) {
  st_usleep(1000);
  return arg;
}

int main(void) {
  // CHECK-LABEL: define {{.*}}@main(
  // CHECK: call i32 @st_init()
  // CHECK-NEXT: [[SELF:%[0-9a-z]+]] = {{.*}}call ptr @st_thread_self()
  // CHECK-NEXT: call void @__swg_coro_begin(ptr [[SELF]],
  st_init();
  // CHECK: [[T:%[0-9a-z]+]] = {{.*}}call ptr @st_thread_create(ptr {{.*}}@worker,
  // CHECK-NEXT: call void @__swg_spawn(ptr [[T]], ptr {{.*}}@worker, ptr null, ptr null, i64 0,
  st_thread_t t = st_thread_create(worker, NULL, 1, 0);
  // CHECK: [[P:%[0-9]+]] = {{.*}}call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call i32 @st_thread_join(
  // CHECK-NEXT: call void @__swg_switch_return(ptr [[P]],
  st_thread_join(t, NULL);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call i32 @st_sleep(
  st_sleep(1);
  // CHECK: [[LEFT:%[0-9a-z]+]] = {{.*}}call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call void @__swg_destroy(ptr [[LEFT]],
  // CHECK-NEXT: call void @st_thread_exit(
  // CHECK-NOT: __swg_switch_return
  // CHECK: ret i32 0
  st_thread_exit(NULL);
  return 0;
}

// BODY-LABEL: define internal {{.*}}ptr @worker(
// BODY: [[S:%[0-9a-z]+]] = {{.*}}call ptr @st_thread_self()
// BODY-NEXT: call void @__swg_coro_begin(ptr [[S]],
// BODY: call ptr @__swg_switch_enter(ptr null, ptr null,
// BODY-NEXT: call i32 @st_usleep(
// BODY: call ptr @__swg_switch_enter(ptr null, ptr null,
// BODY-NEXT: call void @__swg_destroy(ptr [[S]],
// BODY-NEXT: ret ptr
