// Intent: the profiles of the scheduler-owning stand-ins — libmill, libtask,
// neco and Tarantool fibers — instrument their calls: starts/creates are
// spawns, yielding calls are bracketed as hub time, and bodies the library
// starts (taskmain, neco's main, fiber bodies) name themselves at entry
// with the library's self() and say when they return; the libraries free
// a coroutine that returns or exits (libtask, neco, fibers), so it is
// destroyed there once left. libmill's go() body is not.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm -DLIB_MILL %s -o - | FileCheck %s --check-prefix=MILL
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm -DLIB_MILL -DMILL_STANDIN_SIGSETJMP %s -o - | FileCheck %s --check-prefix=MILL
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm -DLIB_TASK %s -o - | FileCheck %s --check-prefix=TASK
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm -DLIB_NECO %s -o - | FileCheck %s --check-prefix=NECO
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/standins -S -emit-llvm -DLIB_FIBER %s -o - | FileCheck %s --check-prefix=FIBER
#if defined(LIB_MILL)
#include "libmill.h"
coroutine void worker(int n) { msleep(now() + n); }
int main(void) {
  // go() saves the caller's context (a setjmp call or inline assembly),
  // then leaves it at the prologue; the caller comes back where that
  // setjmp returns again.
  // MILL: [[SAVED:%[0-9a-z.]+]] = load volatile ptr, ptr [[SLOT:%[0-9a-z.]+]]
  // MILL-NEXT: call void @__swg_switch_return(ptr [[SAVED]], ptr [[SITE:@__swg_site[.0-9]*]])
  // MILL: [[PREV:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr null, ptr null, ptr [[SITE]])
  // MILL-NEXT: store volatile ptr [[PREV]], ptr [[SLOT]]
  // MILL-NEXT: call {{.*}}@mill_prologue_(
  // MILL: call void @__swg_spawn(ptr {{.*}}, ptr null, ptr null, ptr null, i64 0, ptr [[SITE]])
  // MILL: call void @__swg_coro_begin(ptr {{.*}}, ptr [[SITE]])
  // MILL-NOT: __swg_destroy
  // MILL: call void @mill_epilogue_()
  go(worker(5));
  // MILL: call ptr @__swg_switch_enter(ptr null, ptr null,
  // MILL-NEXT: call {{.*}}@mill_yield_(
  yield();
  return 0;
}
#elif defined(LIB_TASK)
#define TASK_MAIN_IMPL
#include "task.h"
static void worker(void *arg) { taskdelay(1); }
void taskmain(int argc, char **argv) {
  // TASK-LABEL: define {{.*}}void @taskmain(
  // TASK: [[ID:%[0-9a-z.]+]] = call i32 @taskid()
  // Integer handles are shifted by one: 0 is a task, NULL the hub.
  // TASK-NEXT: [[W:%[0-9a-z.]+]] = sext i32 [[ID]] to i64
  // TASK-NEXT: [[S:%[0-9a-z.]+]] = add i64 [[W]], 1
  // TASK-NEXT: [[P:%[0-9a-z.]+]] = inttoptr i64 [[S]] to ptr
  // TASK-NEXT: call void @__swg_coro_begin(ptr [[P]],
  // TASK: call i32 @taskcreate(ptr {{.*}}@worker,
  // TASK: inttoptr
  // TASK-NEXT: call void @__swg_spawn(ptr {{.*}}, ptr {{.*}}@worker,
  taskcreate(worker, 0, 32768);
  // TASK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // TASK-NEXT: call i32 @taskyield()
  taskyield();
  // TASK: call ptr @__swg_switch_enter(ptr null, ptr null,
  // TASK-NEXT: call void @__swg_destroy(ptr [[P]],
  // TASK-NEXT: ret void
}
#elif defined(LIB_NECO)
#include "neco.h"
static void worker(int argc, void *argv[]) { neco_sleep(1000); }
int neco_main(int argc, char *argv[]) {
  // NECO-LABEL: define {{.*}}@__neco_main(
  // NECO: call {{.*}}@neco_getid()
  // NECO: [[H:%[0-9a-z.]+]] = inttoptr
  // NECO-NEXT: call void @__swg_coro_begin(ptr [[H]],
  // NECO: call void @__swg_spawn(ptr null, ptr {{.*}}@worker,
  // NECO-NEXT: call ptr @__swg_switch_enter(ptr null, ptr null,
  // NECO-NEXT: call {{.*}}@neco_start(ptr {{.*}}@worker,
  neco_start(worker, 0);
  // NECO: call ptr @__swg_switch_enter(ptr null, ptr null,
  // NECO-NEXT: call {{.*}}@neco_yield()
  neco_yield();
  // NECO: [[L:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr null, ptr null,
  // NECO-NEXT: call void @__swg_destroy(ptr [[L]],
  // NECO-NEXT: call void @neco_exit()
  if (argc > 5)
    neco_exit();
  // NECO: call ptr @__swg_switch_enter(ptr null, ptr null,
  // NECO-NEXT: call void @__swg_destroy(ptr [[H]],
  // NECO-NEXT: ret i32
  return 0;
}
#elif defined(LIB_FIBER)
#include <tarantool/module.h>
static int body(va_list ap) {
  fiber_sleep(0.01);
  return 0;
}
int run(void) {
  // FIBER-LABEL: define {{.*}}@run(
  // FIBER: [[F:%[0-9a-z.]+]] = call ptr @fiber_new(ptr {{.*}}, ptr {{.*}}@body)
  // FIBER-NEXT: call void @__swg_spawn(ptr [[F]], ptr {{.*}}@body, ptr {{.*}},
  struct fiber *f = fiber_new("worker", body);
  // FIBER: call ptr @__swg_switch_enter(ptr null, ptr
  // FIBER-NEXT: call void (ptr, ...) @fiber_start(
  fiber_start(f);
  return 0;
}
// The body names itself with fiber_self() and yields through fiber_sleep.
// FIBER-LABEL: define internal i32 @body(
// FIBER: call ptr @fiber_self()
// FIBER-NEXT: call void @__swg_coro_begin(
// FIBER: call ptr @__swg_switch_enter(ptr null, ptr null,
// FIBER-NEXT: call void @fiber_sleep(
// FIBER: call ptr @__swg_switch_enter(ptr null, ptr null,
// FIBER-NEXT: call void @__swg_destroy(
#endif
