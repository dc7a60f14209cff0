// Intent: a must_switch(ms) scope that an exception leaves through a function with no landing pad of its own (nothing to destroy, so no abandon hook) does not break the program: the thread keeps switching afterwards without crashing.
// XFAIL: *
// BUG (plugin/Guards.cpp with runtime/guard.c): the pass abandons a guard
// only at a `resume` in the guarded function; a function with no cleanup has
// no landing pad, so an exception from a callee leaves it without any hook
// and its guard record (in the dead frame) stays on the thread's watch list;
// the next switches walk it: SIGSEGV in swg__guards_on_switch. Fix ideas:
// give guarded functions a cleanup landing pad that abandons the guard
// under -fexceptions, and drop dead records (below the stack pointer) in
// the runtime, which also covers longjmp (must_switch_longjmp.c).
// RUN: %swgcc -fexceptions -g -O0 %s -lpcl -lstdc++ -o %t0 2>/dev/null
// RUN: %t0 | FileCheck %s
#include <pcl.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

static int turns;
static void body(void *) {
  for (;;) {
    turns++;
    co_resume();
  }
}

__attribute__((noinline)) void fail_now(int n) {
  if (n)
    throw std::runtime_error("boom");
}

__attribute__((must_switch(50))) void scoped(coroutine_t co, int n) {
  co_call(co);
  fail_now(n); /* no landing pad here: the exception leaves at once */
}

__attribute__((noinline)) void scribble() {
  volatile char junk[4096];
  std::memset((char *)junk, 0xa5, sizeof junk);
}

int main() {
  setvbuf(stdout, nullptr, _IONBF, 0);
  co_thread_init();
  coroutine_t co = co_create(body, nullptr, nullptr, 65536);
  try {
    scoped(co, 1);
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
  }
  scribble();
  for (int i = 0; i < 1000; i++)
    co_call(co);
  std::printf("turns %d\n", turns);
  co_delete(co);
  return 0;
}
// CHECK: caught boom
// CHECK-NEXT: turns 1001
