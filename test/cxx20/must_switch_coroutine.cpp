// Intent: must_switch on a C++20 coroutine covers its whole life: a path
// from its start to its final suspend through no co_await or co_yield is a
// warning there (the initial suspend and an exception do not count), and
// the function gets no entry/return guard, which would cover only the ramp
// that returns at the first suspend: the program runs as without it.
// RUN: %swgcxx -std=c++20 -O1 -fplugin-arg-switchguard-profile-file=%S/Inputs/tasks.yaml -I%S/Inputs %s -o %t 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
// RUN: %t | FileCheck %s --check-prefix=OUT
#include "task.h"
#include "switchguard.h"

#include <cstdio>

static volatile bool maybe = false;

SWG_MUST_SWITCH demo::task<> always() { // every path suspends
  std::puts("always");
  co_await demo::yield();
}

// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:30: warning: must_switch coroutine 'sometimes' can reach its final suspend without suspending at a co_await or co_yield
SWG_MUST_SWITCH demo::task<> sometimes() {
  if (maybe)
    co_await demo::yield();
}

// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:30: warning: must_switch coroutine 'never' can reach its final suspend without suspending at a co_await or co_yield
SWG_MUST_SWITCH demo::task<> never() {
  std::puts("never");
  co_return;
}

SWG_MUST_SWITCH demo::generator<int> numbers() { co_yield 1; }

int main() {
  auto a = always(), s = sometimes(), n = never();
  a.start(), s.start(), n.start();
  demo::loop::current().run();
  auto g = numbers();
  g.next();
  std::puts("done");
}

// OUT: always
// OUT: never
// OUT: done
