// Intent: SWG_COROUTINE on a C++20 coroutine makes it a task whatever its
// promise type, with the C++20 hooks (not a C body's entry hook); the same
// coroutine unmarked, of a type no profile names, gets none.
// RUN: %swgcxx -std=c++20 -O0 -g0 -S -emit-llvm -o - %s | FileCheck %s
#include <coroutine>
#include <switchguard.h>

struct job {
  struct promise_type {
    job get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// CHECK-LABEL: define {{.*}} @_Z6markedv(
// CHECK: call void @__swg_coro_begin(ptr
// CHECK-NOT: define
// CHECK: call ptr @__swg_switch_enter(ptr null,
SWG_COROUTINE job marked() { co_await std::suspend_always(); }

// CHECK-LABEL: define {{.*}} @_Z8unmarkedv(
// CHECK-NOT: @__swg_
// CHECK: ret
job unmarked() { co_await std::suspend_always(); }
