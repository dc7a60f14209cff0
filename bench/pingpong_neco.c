/* pingpong_neco.c - switch cost of neco: the program's main coroutine
 * (neco_main) and one coroutine both call neco_yield(), so each yield
 * runs neco's scheduler and switches to the other. Built with neco.c
 * compiled in, as its users do. See pingpong.h. */
#define PINGPONG_OWN_MAIN
#include "neco.h"
#include <stdbool.h>
#include <stdlib.h>

static bool done;

static void echo(int argc, void *argv[]) {
  (void)argc, (void)argv;
  while (!done)
    neco_yield();
}

static void setup(void) {
  if (neco_start(echo, 0) != NECO_OK)
    abort();
}

static void round_trip(void) { neco_yield(); }

#include "pingpong.h"

int neco_main(int argc, char *argv[]) {
  pingpong(argc, argv);
  done = true;
  return 0;
}
