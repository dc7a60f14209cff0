// Intent: the user's own primitives, marked with attributes on their
// declarations, get the same hooks as a known library's: resume, yield,
// switch, spawn (handle from the result or a parameter), destroy, a
// yielding call, and a hub function marked at its entry.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -std=c2x -O2 -S -emit-llvm -DSTD_SPELLING %s -o - | FileCheck %s
#ifdef STD_SPELLING
#define A(x) [[swg::x]]
#else
#define A(x) __attribute__((swg_##x))
#endif

A(resume(2)) void my_resume(int sched, void *co);
A(yield) void my_yield(void);
A(switch(1, 2)) void my_switch(void *from, void *to);
A(spawn(1)) void *my_spawn(void (*fn)(void *), void *arg);
A(spawn(2, 1)) void my_spawn_into(void *co, void (*fn)(void *));
A(destroy(1)) void my_destroy(void *co);
A(yielding) int my_sleep(int ms);

void body(void *arg) { my_yield(); }

// CHECK-LABEL: define {{.*}}@run(
void run(void *other) {
  // CHECK: [[CO:%[0-9a-z]+]] = {{.*}}call ptr @my_spawn(ptr {{.*}}@body,
  // CHECK-NEXT: call void @__swg_spawn(ptr [[CO]], ptr {{.*}}@body,
  void *co = my_spawn(body, 0);
  // CHECK: call void @my_spawn_into(
  // CHECK-NEXT: call void @__swg_spawn(ptr {{.*}}, ptr {{.*}}@body,
  my_spawn_into(other, body);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr [[TO:%[0-9a-z]+]],
  // CHECK-NEXT: call void @my_resume(i32 {{.*}}7, ptr {{.*}}[[TO]])
  // CHECK-NEXT: call void @__swg_switch_return(
  my_resume(7, co);
  // CHECK: call ptr @__swg_switch_enter(ptr [[F:%[0-9a-z]+]], ptr [[T:%[0-9a-z]+]],
  // CHECK-NEXT: call void @my_switch(ptr {{.*}}[[F]], ptr {{.*}}[[T]])
  my_switch(co, other);
  // CHECK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // CHECK-NEXT: call i32 @my_sleep(
  // CHECK-NEXT: call void @__swg_switch_return(
  my_sleep(5);
  // CHECK: call void @__swg_destroy(
  // CHECK-NEXT: call void @my_destroy(
  my_destroy(co);
}

// CHECK-LABEL: define {{.*}}@scheduler(
// CHECK-NEXT: call void @__swg_hub(ptr
A(hub) void scheduler(void) {}
