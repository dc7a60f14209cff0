// Intent: a must_switch(ms) scope that longjmp skips (no exit check runs) does not break the program: the thread keeps switching afterwards without crashing and without a false report.
// XFAIL: *
// BUG (runtime/guard.c): a timed or hub-only scope joins its thread's watch
// list with its record in the guarded function's frame. longjmp out of the
// function skips __swg_guard_exit, and the record is only dropped "when an
// enclosing scope of the same coroutine exits": with none, the dead frame
// stays on the list, and the next switch walks it (swg__guards_on_switch,
// guard.c:80) once the stack below has been reused: SIGSEGV. Fix idea:
// drop records of the current coroutine that lie below the current stack
// pointer (dead frames) before walking the list.
// RUN: %swgcc -g -O0 %s -lpcl -o %t0 2>/dev/null
// RUN: %t0 | FileCheck %s
// RUN: %swgcc -g -O2 %s -lpcl -o %t2 2>/dev/null
// RUN: %t2 | FileCheck %s
#include <pcl.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static jmp_buf jb;
static int turns;

static void body(void *arg) {
  for (;;) {
    turns++;
    co_resume();
  }
}

__attribute__((noinline)) void leave(void) { longjmp(jb, 1); }

__attribute__((must_switch(50))) void scoped(coroutine_t co, int n) {
  co_call(co);
  if (n)
    leave(); /* skips the scope's exit */
}

/* Reuses the stack where scoped()'s frame was. */
__attribute__((noinline)) void scribble(void) {
  volatile char junk[4096];
  memset((char *)junk, 0xa5, sizeof junk);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 65536);
  if (!setjmp(jb))
    scoped(co, 1);
  printf("left by longjmp\n");
  scribble();
  for (int i = 0; i < 1000; i++)
    co_call(co);
  printf("turns %d\n", turns);
  co_delete(co);
  return 0;
}
// CHECK: left by longjmp
// CHECK-NEXT: turns 1001
