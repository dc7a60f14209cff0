// Intent: in a C++ program built without debug info, a blocked task's
// frames named from the ELF symbols are demangled (the runtime finds the
// C++ ABI's demangler in the program's libstdc++), and the coroutine is
// named by its demangled name; the blocking still lasts its full second.
// RUN: %swgcxx -std=c++20 -g0 -O1 -fplugin-arg-switchguard-profile-file=%S/Inputs/tasks.yaml -I%S/Inputs %s -o %t
// RUN: %t 2>&1 | FileCheck %s
#include "task.h"

#include <chrono>
#include <cstdio>
#include <unistd.h>

namespace app {
__attribute__((noinline)) void slow_io(int seconds) {
  sleep(seconds);
  asm volatile("" ::: "memory"); // not a tail call
}

demo::task<> handler() {
  co_await demo::yield();
  auto t0 = std::chrono::steady_clock::now();
  slow_io(1);
  std::printf("slept %.1f s\n", std::chrono::duration<double>(
                                    std::chrono::steady_clock::now() - t0)
                                    .count());
}
} // namespace app

int main() {
  auto t = app::handler();
  t.start();
  demo::loop::current().run();
}

// CHECK: WARNING: switchguard: coroutine 'app::handler' blocked thread
// CHECK: Blocked stack
// CHECK: in {{.*}}sleep
// CHECK: in app::slow_io(int)
// CHECK: in app::handler() [clone .resume]
// CHECK: SUMMARY: switchguard: blocked coroutine 'app::handler'
// CHECK: slept 1.{{[0-9]}} s
