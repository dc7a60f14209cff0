// Intent: the must_switch check warns at each return reachable without a
// switching call, naming the branches taken (if/else, switch, goto,
// loops), and plainly when nothing in the function switches; it is quiet
// when every path switches (directly, through a static inline helper, a
// macro, or a function proven to switch), and on calls it cannot see into.
// RUN: %clang %plugin -S -o /dev/null %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
// No -g: the lines are the same.
// RUN: %clang %plugin -O2 -c %s -o /dev/null 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
#include <pcl.h>

static inline void yield_now(void) { co_resume(); }
#define YIELD() co_resume()
void elsewhere(void); /* defined in another file: may switch */

// CHECK: [[FILE]]:[[#@LINE+4]]:5: warning: must_switch function 'early' can return here without switching (taking the true branch at line [[#@LINE+3]])
__attribute__((must_switch)) int early(int n) {
  int r = 0;
  if (n > 0)
    return n;
  co_resume();
  return r;
}

// CHECK: [[FILE]]:[[#@LINE+1]]:1: warning: must_switch function 'nothing' never switches: no call in it resumes, yields or runs the scheduler
__attribute__((must_switch)) void nothing(int *p) { *p = 1; }

// CHECK: [[FILE]]:[[#@LINE+7]]:5: warning: must_switch function 'by_case' can return here without switching (taking the case 2 at line [[#@LINE+2]])
__attribute__((must_switch)) int by_case(int n) {
  switch (n) {
  case 1:
    co_resume();
    break;
  case 2:
    return 7;
  default:
    yield_now(); /* switches through a static inline helper */
  }
  return 0;
}

// A loop that may run zero times does not switch on every path.
// CHECK: [[FILE]]:[[#@LINE+4]]:3: warning: must_switch function 'maybe_loop' can return here without switching (taking the false branch at line [[#@LINE+2]])
__attribute__((must_switch)) void maybe_loop(int n) {
  for (int i = 0; i < n; i++)
    YIELD();
  return;
}

// The jump that leads to the return is blamed.
// CHECK: [[FILE]]:[[#@LINE+3]]:5: warning: must_switch function 'with_goto' can return here without switching (taking the true branch at line [[#@LINE+2]])
__attribute__((must_switch)) void with_goto(int n) {
  if (n)
    goto out;
  co_resume();
out:
  return;
}

// Quiet: every path switches, through macros, helpers and callees.
__attribute__((must_switch)) void all_paths(int n) {
  if (n)
    YIELD();
  else
    yield_now();
}
static void always(void) { co_resume(); }
__attribute__((must_switch)) void via_callee(void) { always(); }
__attribute__((must_switch)) void recursion(int n) {
  if (n)
    recursion(n - 1); /* proves nothing by itself */
  co_resume();
}
// Quiet: a call into another file may switch (switchguard-check decides).
__attribute__((must_switch)) void unknown(void) { elsewhere(); }

// Quiet: setjmp may return again after the switch and a longjmp; the path
// through its second return cannot be told from the first.
#include <setjmp.h>
static jmp_buf again;
__attribute__((must_switch)) int through_setjmp(void) {
  if (!setjmp(again)) {
    co_resume();
    longjmp(again, 1);
  }
  return 1;
}
// But a setjmp in a function that never switches is no excuse.
// CHECK: [[FILE]]:[[#@LINE+1]]:1: warning: must_switch function 'setjmp_only' never switches: no call in it resumes, yields or runs the scheduler
__attribute__((must_switch)) int setjmp_only(void) { return setjmp(again); }
