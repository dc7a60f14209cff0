/* intercept_cost.c - what an intercepted call costs.
 *
 * read() on an empty O_NONBLOCK pipe (it fails at once with EAGAIN), N
 * times: from the hub (the interceptor's one test, outside a coroutine)
 * or from a PCL coroutine (the test, then fcntl and fstat: a non-blocking
 * descriptor is no finding). Built plain and with switchguard-cc.
 *   intercept_cost MODE [N]   MODE: hub | coroutine
 * Prints ns per call. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pcl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static long n;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void reads(void) {
  char c;
  for (long i = 0; i < n; i++)
    if (read(fds[0], &c, 1) != -1)
      abort();
}

static void body(void *arg) {
  (void)arg;
  reads();
  co_resume();
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "hub";
  n = argc > 2 ? atol(argv[2]) : 1000000;
  if (pipe2(fds, O_NONBLOCK))
    return 1;
  double t0 = now();
  if (!strcmp(mode, "coroutine")) {
    co_thread_init();
    coroutine_t co = co_create(body, NULL, NULL, 64 * 1024);
    co_call(co);
    co_delete(co);
  } else {
    reads();
  }
  printf("%.1f\n", (now() - t0) / (double)n);
  return 0;
}
