/* spawn_dill.c - spawn cost of libdill (the real one, built with its CMake
 * and linked): go() of a coroutine that returns at once, then hclose (as
 * libdill's own perf/go.c does). See spawn.h.
 *   cc -I$CORPUS/libdill bench/spawn_dill.c LIBDILL_BUILD/libdill.a */
#include "libdill.h"

static coroutine void body(void) {}

static void setup(void) {}

static void pair(void) { hclose(go(body())); }

#include "spawn.h"
