/* guard_cost.c - what a must_switch guard costs when it passes.
 *
 * The "switch" is a no-op function marked as a yield (swg_yield), so each
 * call is a switch event for switchguard but costs almost nothing itself;
 * the difference between a guarded and an unguarded caller is the guard.
 *   guard_cost MODE [N]   MODE: plain | guarded | limited | elided
 * Prints ns per call. Built with switchguard-cc only (it needs the
 * plugin's attributes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <switchguard.h>

#include "timing.h"

SWG_YIELD __attribute__((noinline)) void fake_yield(void);
__attribute__((noinline)) void fake_yield(void) { __asm__ volatile(""); }

static volatile int yes = 1;

/* A runtime choice keeps the guard: the pass cannot prove it switches. */
__attribute__((noinline)) static void plain(void) {
  if (yes)
    fake_yield();
}
SWG_MUST_SWITCH __attribute__((noinline)) static void guarded(void) {
  if (yes)
    fake_yield();
}
SWG_MUST_SWITCH_WITHIN(1000) __attribute__((noinline)) static void limited(void) {
  if (yes)
    fake_yield();
}
/* Every path switches: the pass leaves the guard out. */
SWG_MUST_SWITCH __attribute__((noinline)) static void elided(void) {
  fake_yield();
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "plain";
  long n = argc > 2 ? atol(argv[2]) : 20000000;
  void (*fn)(void) = !strcmp(mode, "guarded")   ? guarded
                     : !strcmp(mode, "limited") ? limited
                     : !strcmp(mode, "elided")  ? elided
                                                : plain;
  printf("%.2f\n", ns_per_call(fn, n));
  return 0;
}
