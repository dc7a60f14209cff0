// Intent: the must_switch check warns once at every return statement that a
// path reaches without switching (each with its branches, in source order,
// none twice), not only at the first; and a function whose only switch is
// in a helper that switches on some paths is warned at the return the
// helper lets through, naming the helper and where it is defined, instead
// of being said never to switch.
// RUN: %clang %plugin -S -o /dev/null %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
// RUN: %clang %plugin -O2 -c %s -o /dev/null 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
#include "Inputs/partial_helper.h"

// CHECK: [[FILE]]:[[#@LINE+4]]:5: warning: must_switch function 'two_returns' can return here without switching (taking the true branch at line [[#@LINE+3]])
// CHECK: [[FILE]]:[[#@LINE+5]]:5: warning: must_switch function 'two_returns' can return here without switching (taking the false branch at line [[#@LINE+2]], true branch at line [[#@LINE+4]])
__attribute__((must_switch)) int two_returns(int n) {
  if (n == 1)
    return 1;
  if (n == 2)
    return 2;
  co_resume();
  return 0;
}

// The end of a void function is a return too.
// CHECK: [[FILE]]:[[#@LINE+4]]:5: warning: must_switch function 'early_and_end' can return here without switching (taking the true branch at line [[#@LINE+3]])
// CHECK: [[FILE]]:[[#@LINE+6]]:1: warning: must_switch function 'early_and_end' can return here without switching (taking the false branch at line [[#@LINE+2]], false branch at line [[#@LINE+4]])
__attribute__((must_switch)) void early_and_end(int n) {
  if (n < 0)
    return;
  if (n > 0)
    co_resume();
}

// One return statement reached on two ways (around the loop) is one warning.
// CHECK: [[FILE]]:[[#@LINE+5]]:3: warning: must_switch function 'loop_once' can return here without switching (taking the false branch at line [[#@LINE+2]])
__attribute__((must_switch)) void loop_once(int n) {
  for (int i = 0; i < n; i++)
    if (i == 3)
      co_resume();
  return;
}

static void sometimes(int n) {
  if (n)
    co_resume();
}
// CHECK: [[FILE]]:[[#@LINE+3]]:1: warning: must_switch function 'via_helper' can return here without switching: 'sometimes' (line [[#@LINE-4]]) may return without switching
__attribute__((must_switch)) void via_helper(int n) {
  sometimes(n);
}

// Through a helper's helper; the branch taken is named too.
static void indirect(int n) { sometimes(n - 1); }
// CHECK: [[FILE]]:[[#@LINE+6]]:3: warning: must_switch function 'via_two' can return here without switching (taking the false branch at line [[#@LINE+2]]): 'indirect' (line [[#@LINE-1]]) may return without switching
__attribute__((must_switch)) int via_two(int n) {
  if (n)
    co_resume();
  else
    indirect(n);
  return n;
}

// A helper of a header is named with its file.
// CHECK: [[FILE]]:[[#@LINE+3]]:1: warning: must_switch function 'via_header' can return here without switching: 'hand_over' ({{.*}}partial_helper.h:3) may return without switching
__attribute__((must_switch)) void via_header(int n) {
  hand_over(n);
}

// A helper that never switches leaves the plain warning.
static int pure(int n) { return n * 2; }
// CHECK: [[FILE]]:[[#@LINE+1]]:1: warning: must_switch function 'only_pure' never switches: no call in it resumes, yields or runs the scheduler
__attribute__((must_switch)) int only_pure(int n) { return pure(n); }

// Quiet: a helper that switches on every path.
static void always(int n) {
  (void)n;
  co_resume();
}
__attribute__((must_switch)) void via_always(int n) { always(n); }
