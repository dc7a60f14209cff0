/* pingpong_ucontext.c - switch cost of POSIX ucontext (swapcontext both
 * ways; each one saves and restores the signal mask with a system call).
 * See pingpong.h. */
#include <ucontext.h>

static ucontext_t hub, co;
static char stack[64 * 1024];

static void echo(void) {
  for (;;)
    swapcontext(&co, &hub);
}

static void setup(void) {
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
  co.uc_link = &hub;
  makecontext(&co, echo, 0);
}

static void round_trip(void) { swapcontext(&hub, &co); }

#include "pingpong.h"
