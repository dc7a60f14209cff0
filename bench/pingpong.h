/* pingpong.h - the shared shape of the switch-cost benchmarks: the hub
 * hands control to one coroutine that hands it straight back, N times
 * (2N switches), and prints ns per switch. Each pingpong_*.c defines
 *   static void setup(void);        make the coroutine
 *   static void round_trip(void);   hub -> coroutine -> hub
 * then includes this header, which supplies main. A library whose
 * program must run inside its scheduler (libtask's taskmain, neco_main)
 * defines PINGPONG_OWN_MAIN and calls pingpong(argc, argv) from there.
 *   pingpong_LIB [N]      (default 2,000,000 round trips) */
#ifndef SWG_BENCH_PINGPONG_H
#define SWG_BENCH_PINGPONG_H

#include <stdio.h>
#include <stdlib.h>

#include "timing.h"

static void setup(void);
static void round_trip(void);

static void pingpong(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 2000000;
  setup();
  printf("%.2f\n", ns_per_call(round_trip, n) / 2); /* two switches each */
  fflush(stdout); /* neco ends the program with _Exit */
}

#ifndef PINGPONG_OWN_MAIN
int main(int argc, char **argv) {
  pingpong(argc, argv);
  return 0;
}
#endif

#endif
