/* seed.c - a coroutine that blocks its thread, and switchguard catching it.
 *
 * The hub (main) prints a dot each time round its loop and resumes the
 * coroutine f, which yields straight back. On its tenth turn f calls
 * sleep(3) instead of yielding: the dots stop, because the whole thread is
 * asleep. switchguard's monitor notices after max_blocking_ms (100 ms by
 * default) and reports f, its stack and where it was spawned; when f
 * yields again the dots resume and switchguard says how long it lasted.
 *
 *   switchguard-cc -g -O2 seed.c -lpcl -o seed && ./seed
 */
#include <pcl.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static bool done;
static double slept;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void f(void *arg) {
  (void)arg;
  for (int turn = 0; turn < 30; turn++) {
    if (turn == 10) {
      double start = now();
      sleep(3); /* blocks the thread: should have been a yield */
      slept = now() - start;
    }
    co_resume(); /* back to the hub */
  }
  done = true;
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(f, NULL, NULL, 64 * 1024);
  double start = now();
  while (!done) {
    putchar('.');
    fflush(stdout);
    co_call(co);
    usleep(50 * 1000); /* the hub waiting for events: not a blockage */
  }
  co_delete(co);
  printf("\nsleep(3) in f took %.2f s; the program ran %.2f s\n", slept,
         now() - start);
  return 0;
}
