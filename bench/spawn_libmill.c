/* spawn_libmill.c - spawn cost of libmill, on the project's stand-in
 * (test/Inputs/standins/libmill.c, compiled with this file): go() of a
 * coroutine that returns at once (libmill has no destroy: its stack is
 * kept for the next go). See spawn.h.
 *   cc -Itest/Inputs/standins bench/spawn_libmill.c test/Inputs/standins/libmill.c */
#include "libmill.h"

static coroutine void body(void) {}

static void setup(void) {}

static void pair(void) { go(body()); }

#include "spawn.h"
