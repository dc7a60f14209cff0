// Intent: the runtime's current coroutine follows C++20 tasks through every
// way control moves: start, symmetric transfer into a child and back, a
// direct resume() of a child, an exception out of resume(), a destroy
// before completion, a task resumed on another thread; a generator is
// never a coroutine of its own. At -O0 and -O2, and with the runtime's
// out-of-line hooks (no-inline), and while a trace sends every switch
// through the runtime.
// RUN: %swgcxx -std=c++20 -O0 -fplugin-arg-switchguard-profile-file=%S/Inputs/tasks.yaml -I%S/Inputs %s -o %t0
// RUN: %t0 2>&1 | FileCheck %s
// RUN: %swgcxx -std=c++20 -O2 -fplugin-arg-switchguard-profile-file=%S/Inputs/tasks.yaml -I%S/Inputs %s -o %t2
// RUN: %t2 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=trace_path=%t.trace.json %t2 2>&1 | FileCheck %s
// RUN: %swgcxx -std=c++20 -O2 -fplugin-arg-switchguard-no-inline -fplugin-arg-switchguard-profile-file=%S/Inputs/tasks.yaml -I%S/Inputs %s -o %tn
// RUN: %tn 2>&1 | FileCheck %s
#include "task.h"
#include "switchguard.h"

#include <cstdio>
#include <stdexcept>
#include <thread>

#define EXPECT(what, cond)                                                     \
  std::printf("%s: %s\n", what, (cond) ? "ok" : "WRONG")

static void *child_self, *parent_self;

demo::task<int> child(int x) {
  // Entered by symmetric transfer from the parent.
  EXPECT("child runs as itself",
         swg_current_coroutine() && swg_current_coroutine() != parent_self);
  child_self = swg_current_coroutine();
  co_await demo::yield();
  EXPECT("child resumed by the loop", swg_current_coroutine() == child_self);
  co_return x + 1;
}

demo::task<> parent() {
  parent_self = swg_current_coroutine();
  EXPECT("parent runs as itself", parent_self != nullptr);
  int v = co_await child(1);
  // Back by symmetric transfer from the child's final suspend.
  EXPECT("parent back after symmetric transfer",
         swg_current_coroutine() == parent_self && v == 2);
}

// CHECK: parent runs as itself: ok
// CHECK: child runs as itself: ok
// CHECK: child resumed by the loop: ok
// CHECK: parent back after symmetric transfer: ok
// CHECK: hub after the loop: ok

demo::task<> stepper() {
  co_await std::suspend_always(); // back to whoever resumed it
  EXPECT("direct resume enters the child", swg_current_coroutine() != nullptr);
}

demo::task<> driver() {
  void *me = swg_current_coroutine();
  auto t = stepper();
  t.h.resume(); // runs to its first co_await
  EXPECT("back in the driver after a direct resume",
         swg_current_coroutine() == me);
  t.h.resume();
  EXPECT("and after the second", swg_current_coroutine() == me);
  co_return;
}

// CHECK: back in the driver after a direct resume: ok
// CHECK: direct resume enters the child: ok
// CHECK: and after the second: ok

struct eager_throw {
  struct promise_type {
    eager_throw get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
  std::coroutine_handle<promise_type> h;
};

eager_throw thrower() {
  co_await std::suspend_always();
  throw std::runtime_error("out of resume");
}

// CHECK: exception out of resume leaves the hub current: ok

demo::task<> never_finished() {
  co_await std::suspend_always();
  std::puts("WRONG: resumed after destroy");
}

// CHECK: destroy before completion from the hub: ok

demo::generator<int> numbers() {
  for (int i = 0;; ++i) {
    EXPECT("generator body runs as its caller", swg_current_coroutine() ==
                                                    nullptr);
    co_yield i;
  }
}

// CHECK: generator body runs as its caller: ok
// CHECK: generator body runs as its caller: ok

static void *migrant_frame;

demo::task<> migrant() {
  co_await std::suspend_always(); // parked until the other thread resumes it
  EXPECT("resumed on another thread as itself",
         swg_current_coroutine() == migrant_frame);
}

// CHECK: resumed on another thread as itself: ok
// CHECK: other thread's hub after: ok
// CHECK: main's hub after: ok

int main() {
  auto p = parent();
  p.start();
  demo::loop::current().run();
  EXPECT("hub after the loop", swg_current_coroutine() == nullptr);

  auto d = driver();
  d.start();
  demo::loop::current().run();

  {
    auto t = thrower();
    t.h.resume();
    try {
      t.h.resume();
    } catch (const std::runtime_error &) {
    }
    EXPECT("exception out of resume leaves the hub current",
           swg_current_coroutine() == nullptr);
    t.h.destroy();
  }
  {
    auto n = never_finished();
    n.start();
    demo::loop::current().run(); // runs to the co_await, then destroyed
  }
  EXPECT("destroy before completion from the hub",
         swg_current_coroutine() == nullptr);

  auto g = numbers();
  g.next();
  g.next();

  auto m = migrant();
  migrant_frame = m.h.address();
  m.start();
  demo::loop::current().run();
  std::thread([&] {
    m.h.resume();
    EXPECT("other thread's hub after", swg_current_coroutine() == nullptr);
  }).join();
  EXPECT("main's hub after", swg_current_coroutine() == nullptr);
  return 0;
}
