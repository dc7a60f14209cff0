// Intent: a must_switch(ms) scope that longjmp skips (no exit check runs) does not break the program: the thread keeps switching afterwards without crashing and without a false report.
// Was a bug: the scope's record, in the dead frame, stayed on the thread's
// watch list and the next switch walked it: SIGSEGV. The switch path now
// keeps a scope's state in a table of the thread's and never reads the
// record; the entry is dropped when the hub lands above its frame
// (runtime/guard.c).
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

/* Switches from frames laid over the dead one, the junk in them too. */
__attribute__((noinline)) void deeper(coroutine_t co, int depth) {
  volatile char junk[256];
  memset((char *)junk, 0xa5, sizeof junk);
  if (depth)
    deeper(co, depth - 1);
  else
    co_call(co);
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
  for (int i = 0; i < 100; i++) {
    if (!setjmp(jb))
      scoped(co, 1);
    deeper(co, i % 4);
  }
  printf("turns %d\n", turns);
  co_delete(co);
  return 0;
}
// CHECK: left by longjmp
// CHECK-NEXT: turns 1001
// CHECK-NEXT: turns 1201
