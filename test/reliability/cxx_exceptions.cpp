// Intent: C++ compiled with the plugin and -fexceptions: switch calls inside try blocks become invokes whose normal edge gets the return hook; exceptions thrown and caught inside coroutines, a captureless lambda as a coroutine body, a switch in a template member, and RAII objects living across switches all give valid IR at -O0 and -O2 and the same output as a plain build. (must_switch scopes left by an exception: must_switch_cxx_*.cpp.)
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -fexceptions -O0 -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -fexceptions -O2 -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: %swgcc -fexceptions -O0 %s -lpcl -lstdc++ -o %t0 2>/dev/null && %t0 > %t0.out
// RUN: %swgcc -fexceptions -O2 %s -lpcl -lstdc++ -o %t2 2>/dev/null && %t2 > %t2.out
// RUN: %clang -fexceptions -O2 -Wno-unknown-attributes %s -lpcl -lstdc++ -o %tp && %tp > %tp.out
// RUN: diff %tp.out %t0.out
// RUN: diff %tp.out %t2.out
// RUN: FileCheck %s < %t2.out
// The inline fast path (the default) keeps the IR valid too (verified).
// RUN: %clang %plugin -fexceptions -O0 -c %s -o /dev/null
// RUN: %clang %plugin -fexceptions -O2 -c %s -o /dev/null
#include <pcl.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

static int turns;
static std::vector<std::string> log_lines;

struct Noisy { // RAII across switches
  std::string name;
  explicit Noisy(std::string n) : name(std::move(n)) { log_lines.push_back("+" + name); }
  ~Noisy() { log_lines.push_back("-" + name); }
};

__attribute__((noinline)) void maybe_throw(int n) {
  if (n % 3 == 2)
    throw std::runtime_error("odd " + std::to_string(n));
}

template <typename T> struct Channel {
  std::vector<T> items;
  coroutine_t peer;
  void send(T v) {
    items.push_back(v);
    co_call(peer); // a switch inside a template member
  }
};

// IR-LABEL: define {{.*}}@{{.*}}switch_in_try{{.*}}(
// IR: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR: invoke void @co_call(
// IR-NEXT: to label %[[NORMAL:[0-9a-z._]+]] unwind label
// IR: [[NORMAL]]:
// IR-NEXT: {{call void @__swg_switch_return|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
int switch_in_try(coroutine_t co, int n) {
  Noisy guard("try" + std::to_string(n));
  try {
    co_call(co);
    maybe_throw(n);
    return 1;
  } catch (const std::exception &e) {
    log_lines.push_back(std::string("caught ") + e.what());
    return 0;
  }
}

int main() {
  co_thread_init();
  // A captureless lambda as the coroutine body; it throws and catches
  // inside the coroutine, between switches.
  coroutine_t co = co_create(
      +[](void *) {
        for (int i = 0;; i++) {
          turns++;
          try {
            Noisy inner("co" + std::to_string(i));
            if (i % 4 == 3)
              throw std::logic_error("inside");
            co_resume();
          } catch (const std::logic_error &) {
            log_lines.push_back("co caught");
            co_resume();
          }
        }
      },
      nullptr, nullptr, 256 * 1024);
  int ok = 0;
  for (int n = 0; n < 6; n++)
    ok += switch_in_try(co, n);
  for (int n = 6; n < 9; n++) {
    try {
      Noisy outer("outer" + std::to_string(n));
      co_call(co);
      maybe_throw(n); // through `outer`'s cleanup, across no switch
    } catch (const std::runtime_error &e) {
      log_lines.push_back(std::string("main caught ") + e.what());
    }
  }
  Channel<int> ch{{}, co};
  for (int i = 0; i < 3; i++)
    ch.send(i * 10);
  std::printf("ok %d sent %zu turns %d\n", ok, ch.items.size(), turns);
  for (const std::string &l : log_lines)
    std::printf("%s\n", l.c_str());
  co_delete(co);
  return 0;
}
// CHECK: ok 4 sent 3 turns 12
// CHECK: caught odd 2
// CHECK: co caught
// CHECK: main caught odd 8
