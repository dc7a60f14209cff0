// Intent: a must_switch(ms) scope that an exception leaves through a function with no landing pad of its own (nothing to destroy, so no abandon hook) does not break the program: the thread keeps switching afterwards without crashing.
// Was a bug: no hook ran, the record in the dead frame stayed on the
// thread's watch list and the next switches walked it: SIGSEGV. As for
// longjmp (must_switch_longjmp.c), the switch path no longer reads records,
// and the dead scope's entry is dropped when the hub lands above its frame
// (runtime/guard.c).
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
