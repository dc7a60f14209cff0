// Intent: a C++ must_switch function holding an object with a destructor, left by an exception, abandons its guard through its landing pad: the program links, runs as a plain build does and reports no failed scope.
// RUN: %clang %plugin -fexceptions -O0 -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: %clang %plugin -fexceptions -O2 -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: %swgcc -fexceptions -O2 %s -lpcl -lstdc++ -o %t 2>/dev/null
// RUN: %t 2>&1 | FileCheck %s
#include <pcl.h>

#include <cstdio>
#include <stdexcept>
#include <string>

static int turns;
static void body(void *) {
  for (;;) {
    turns++;
    co_resume();
  }
}

struct Held {
  int n;
  ~Held() { std::printf("released %d\n", n); }
};

__attribute__((noinline)) void maybe_throw(int n) {
  if (n % 2)
    throw std::runtime_error("odd " + std::to_string(n));
}

// IR-LABEL: define {{.*}}@{{.*}}guarded_raii{{.*}}(
// IR: call void @__swg_guard_enter(
// IR: call void @__swg_guard_abandon(
// IR-NEXT: resume
__attribute__((must_switch(1000))) int guarded_raii(coroutine_t co, int n) {
  Held held{n};
  if (n == 0)
    return -1; // the only path without a switch: the guard is kept
  co_call(co);
  maybe_throw(n); // leaves through the landing pad of `held`
  return n;
}

int main() {
  co_thread_init();
  coroutine_t co = co_create(body, nullptr, nullptr, 64 * 1024);
  int sum = 0;
  for (int n = 1; n < 6; n++) {
    try {
      sum += guarded_raii(co, n);
    } catch (const std::runtime_error &e) {
      std::printf("caught %s\n", e.what());
    }
  }
  for (int i = 0; i < 1000; i++) // the abandoned guards must be gone
    co_call(co);
  std::printf("sum %d turns %d\n", sum, turns);
  co_delete(co);
  return 0;
}
// CHECK-NOT: must_switch scope
// CHECK: caught odd 1
// CHECK: sum 6 turns 1005
