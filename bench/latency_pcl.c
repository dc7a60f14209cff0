/* latency_pcl.c - how soon a blockage is reported, as a multiple of
 * max_blocking_ms. A PCL coroutine blocks in usleep() N times, for 3x the
 * threshold ("fixed") or for a random 1x to 5x ("random"), at random phases
 * against the monitor's period (the hub yields for a random 0..T ms
 * between trials). A subscriber records, per trial,
 * when the monitor decided (ev->time_ns) and when the callback ran (after
 * the report was written whole), both from the moment the block began.
 * Prints one line: T, trials, then p50/p90/p99/max of each, divided by T,
 * and how many blocks ended unreported (with "random", those too short to
 * outlast the threshold plus the monitor's period) and the longest of them.
 *   SWITCHGUARD_OPTIONS=max_blocking_ms=T latency_pcl T [N] [sleep|spin] [fixed|random]
 * With "spin" the coroutine spins in user space instead (the signal path
 * of the stack capture, not /proc). With "busy" the hub also resumes
 * another coroutine every 500 us while it waits, so the blocking one is
 * rarely the first switch after the monitor's look (which it dates
 * exactly) but a later one (which it dates to half a period).
 *   ... latency_pcl T N sleep|spin fixed|random busy */
#define _GNU_SOURCE /* clock_gettime, usleep under -std=c11 */
#include <pcl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <switchguard.h>
#include <time.h>
#include <unistd.h>

#define MAX_TRIALS 1000

static int threshold_ms, trials, spin, random_length, busy;
static volatile uint64_t began_ns; /* the block in progress began */
static uint64_t length_ns;         /* and lasts this long */
static double decided[MAX_TRIALS], written[MAX_TRIALS];
static volatile int seen;
static int done;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void on_blocked(const struct swg_event *ev, void *arg) {
  (void)arg;
  /* A block's report that comes after the next block began (a starved
   * machine) is not the next one's: that block counts as unreported. */
  if (seen < MAX_TRIALS && ev->time_ns >= began_ns) {
    double t = threshold_ms * 1e6;
    decided[seen] = (double)(ev->time_ns - began_ns) / t;
    written[seen] = (double)(now_ns() - began_ns) / t;
    seen++;
  }
}

static void blocker(void *arg) {
  (void)arg;
  for (;;) {
    co_resume();
    began_ns = now_ns();
    uint64_t until = began_ns + length_ns;
    if (spin)
      while (now_ns() < until)
        ;
    else
      usleep((useconds_t)(length_ns / 1000));
  }
}

static void idler(void *arg) {
  (void)arg;
  for (;;)
    co_resume();
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void stats(const char *what, double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp);
  printf(" | %s %.2f %.2f %.2f %.2f", what, v[n / 2], v[n * 9 / 10],
         v[n * 99 / 100 < n ? n * 99 / 100 : n - 1], v[n - 1]);
}

int main(int argc, char **argv) {
  threshold_ms = argc > 1 ? atoi(argv[1]) : 100;
  trials = argc > 2 ? atoi(argv[2]) : 40;
  spin = argc > 3 && !strcmp(argv[3], "spin");
  random_length = argc > 4 && !strcmp(argv[4], "random");
  busy = argc > 5 && !strcmp(argv[5], "busy");
  if (threshold_ms <= 0 || trials <= 0 || trials > MAX_TRIALS)
    return 2;
  srand(1);
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_BLOCKED), on_blocked, NULL);
  co_thread_init();
  coroutine_t co = co_create(blocker, NULL, NULL, 64 * 1024);
  co_call(co);
  coroutine_t other = co_create(idler, NULL, NULL, 16 * 1024);
  int missed = 0;
  double longest_missed = 0;
  for (done = 0; done < trials; done++) {
    double length = random_length ? 1.0 + 4.0 * rand() / (double)RAND_MAX : 3.0;
    length_ns = (uint64_t)(length * threshold_ms * 1e6);
    /* a random phase against the monitor's period, yielding all along */
    uint64_t until = now_ns() + (uint64_t)(rand() % (threshold_ms * 1000)) * 1000u;
    while (now_ns() < until) {
      if (busy)
        co_call(other);
      usleep(500);
    }
    int before = seen;
    co_call(co); /* blocks for length x T */
    for (int i = 0; i < threshold_ms && seen == before; i++)
      usleep(1000); /* the callback may still be on its way */
    if (seen == before) {
      missed++;
      if (length > longest_missed)
        longest_missed = length;
    }
  }
  co_delete(co);
  co_delete(other);
  printf("T=%d ms, %d reported, %s %s%s, p50 p90 p99 max in units of T",
         threshold_ms, seen, spin ? "spin" : "sleep",
         random_length ? "1-5T" : "3T", busy ? " busy" : "");
  if (seen) {
    stats("decided", decided, seen);
    stats("written", written, seen);
  }
  printf(" | unreported %d, longest %.2f\n", missed, longest_missed);
  return 0;
}
