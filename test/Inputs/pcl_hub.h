/* A tiny PCL hub for the end-to-end tests: runs one coroutine to its end,
 * resuming it every millisecond, and measures how long calls take. */
#include <pcl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static bool hub_done;

static double hub_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Called by the coroutine when it has nothing more to do. */
static void hub_finish(void) {
  hub_done = true;
  for (;;)
    co_resume();
}

static void hub_run(coroutine_t co) {
  while (!hub_done) {
    co_call(co);
    usleep(1000); /* waiting in the hub is never a blockage */
  }
  co_delete(co);
}

/* Fails the test unless a blocking call lasted its full time: looking at a
 * blocked thread must never end its sleep early. */
static void expect_full(const char *what, double took, double want) {
  printf("%s took %.2f s\n", what, took);
  if (took < want - 0.05) {
    printf("FAIL: %s returned early\n", what);
    exit(1);
  }
}
