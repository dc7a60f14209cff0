/* pingpong_libco.c - switch cost of the byuu/higan libco stand-in
 * (test/Inputs/standins, libco.c compiled with the program): symmetric
 * co_switch both ways, to the coroutine and back to the host thread. See
 * pingpong.h. */
#include "libco.h"
#include <stdlib.h>

static cothread_t host, co;

static void echo(void) {
  for (;;)
    co_switch(host);
}

static void setup(void) {
  host = co_active();
  co = co_create(64 * 1024, echo);
  if (!co)
    abort();
}

static void round_trip(void) { co_switch(co); }

#include "pingpong.h"
