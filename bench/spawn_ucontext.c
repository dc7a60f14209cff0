/* spawn_ucontext.c - spawn cost of POSIX ucontext: makecontext on the same
 * context each time (ucontext has no destroy: a new coroutine in the same
 * ucontext_t is the old one's end). See spawn.h. */
#include <ucontext.h>

static ucontext_t co;
static char stack[16 * 1024];

static void body(void) {}

static void setup(void) {
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
}

static void pair(void) { makecontext(&co, body, 0); }

#include "spawn.h"
