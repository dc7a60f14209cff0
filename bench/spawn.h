/* spawn.h - the shared shape of the spawn-cost benchmarks: N times, make a
 * coroutine and destroy it (where the library has no destroy call, let it
 * end or make the next one in its place), and print ns per pair. Each
 * spawn_*.c defines
 *   static void setup(void);   what the library needs once
 *   static void pair(void);    one create and one destroy
 * then includes this header, which supplies spawn_run() and, unless the
 * file defines SPAWN_OWN_MAIN (a library that must own main), main.
 *   spawn_LIB [N]      (default 1,000,000 pairs) */
#ifndef SWG_BENCH_SPAWN_H
#define SWG_BENCH_SPAWN_H

#include <stdio.h>
#include <stdlib.h>

#include "timing.h"

static void setup(void);
static void pair(void);

static int spawn_run(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  setup();
  printf("%.2f\n", ns_per_call(pair, n));
  fflush(stdout); /* some libraries end the program with _exit */
  return 0;
}

#ifndef SPAWN_OWN_MAIN
int main(int argc, char **argv) { return spawn_run(argc, argv); }
#endif

#endif
