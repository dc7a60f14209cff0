/* pingpong_libmill.c - switch cost of the libmill stand-in
 * (test/Inputs/standins): main and one coroutine started with go() both
 * call yield(), whose scheduler (in libmill.c, compiled with the program)
 * switches to the other. See pingpong.h. */
#include "libmill.h"
#include <stdlib.h>

coroutine void echo(void) {
  for (;;)
    yield();
}

static void setup(void) { go(echo()); }

static void round_trip(void) { yield(); }

#include "pingpong.h"
