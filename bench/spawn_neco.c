/* spawn_neco.c - spawn cost of neco (the real one: neco.c compiled with
 * this file): neco_start of a coroutine that returns at once, from the
 * program's main coroutine (neco has no destroy: a coroutine ends by
 * returning). See spawn.h.
 *   cc -I$CORPUS/neco bench/spawn_neco.c $CORPUS/neco/neco.c */
#define SPAWN_OWN_MAIN
#include "neco.h"
#include "spawn.h"

static void body(int argc, void *argv[]) { (void)argc, (void)argv; }

static void setup(void) {}

static void pair(void) {
  if (neco_start(body, 0) != NECO_OK)
    abort();
}

int neco_main(int argc, char *argv[]) { return spawn_run(argc, argv); }
