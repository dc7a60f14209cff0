/* timing.h - how the benchmarks time a loop: n calls of fn, in ns per
 * call, on CLOCK_MONOTONIC. Inline, so that a constant fn becomes a
 * direct call in the loop. */
#ifndef SWG_BENCH_TIMING_H
#define SWG_BENCH_TIMING_H

#include <time.h>

static inline double ns_per_call(void (*fn)(void), long n) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++)
    fn();
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
  return ns / (double)n;
}

#endif
