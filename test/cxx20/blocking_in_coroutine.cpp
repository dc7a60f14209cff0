// Intent: the blocking check treats a task coroutine as a coroutine body: a
// blocking call in it, or in an awaiter's await_suspend it co_awaits, is a
// warning with the chain back to it; a generator and a plain function
// calling the same are not.
// RUN: %swgcxx -std=c++20 -fplugin-arg-switchguard-profile-file=%S/Inputs/tasks.yaml -I%S/Inputs -S -o /dev/null %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
#include "task.h"

#include <unistd.h>

struct sleepy_awaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    // CHECK-DAG: [[FILE]]:[[#@LINE+1]]:5: warning: call to blocking function 'usleep' in coroutine context blocks every coroutine of this thread; reached from 'handler' (calls it at line [[#@LINE+10]]) -> '{{.*}}__await_suspend_wrapper__await' (calls it at line [[#@LINE+10]]) -> 'await_suspend', 'handler' being a coroutine body
    usleep(1000);
    demo::loop::current().post(h);
  }
  void await_resume() {}
};

demo::task<> handler() {
  // CHECK-DAG: [[FILE]]:[[#@LINE+1]]:3: warning: call to blocking function 'sleep' in coroutine context blocks every coroutine of this thread; reached from 'handler', 'handler' being a coroutine body
  sleep(1);
  co_await sleepy_awaiter();
}

demo::generator<int> numbers() {
  sleep(1); // a generator runs inside its caller: not a coroutine body
  co_yield 1;
}

int main() {
  sleep(1);
  auto t = handler();
  t.start();
  demo::loop::current().run();
}
