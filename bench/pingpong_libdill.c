/* pingpong_libdill.c - switch cost of libdill: main and one coroutine
 * started with go() both call yield(), so each yield runs libdill's
 * scheduler (on the yielding stack) and switches to the other. Built
 * with libdill's own sources, as its CMake build compiles them. See
 * pingpong.h. */
#include <libdill.h>

coroutine static void echo(void) {
  for (;;)
    if (yield() < 0)
      return;
}

static void setup(void) {
  if (go(echo()) < 0)
    abort();
}

static void round_trip(void) { yield(); }

#include "pingpong.h"
