/* spawn_libco.c - spawn cost of byuu libco, on the project's stand-in
 * (test/Inputs/standins/libco.c, compiled with this file): co_create,
 * then co_delete. See spawn.h.
 *   cc -Itest/Inputs/standins bench/spawn_libco.c test/Inputs/standins/libco.c */
#include "libco.h"

static void body(void) {}

static void setup(void) { (void)co_active(); }

static void pair(void) { co_delete(co_create(64 * 1024, body)); }

#include "spawn.h"
