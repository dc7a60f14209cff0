/* pingpong_pcl.c - switch cost: the hub resumes a PCL coroutine that
 * yields straight back, N times (2N switches). Prints ns per switch.
 *   pingpong_pcl [N]      (default 2,000,000 round trips) */
#include <pcl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void echo(void *arg) {
  (void)arg;
  for (;;)
    co_resume();
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 2000000;
  co_thread_init();
  coroutine_t co = co_create(echo, NULL, NULL, 64 * 1024);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++)
    co_call(co);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
  printf("%.2f\n", ns / (2.0 * (double)n));
  co_delete(co);
  return 0;
}
