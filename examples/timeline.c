/* timeline.c - two threads of PCL coroutines, for the trace and timeline.
 *
 * Each thread's hub runs three coroutines round-robin; each works for a
 * millisecond or two, then yields. Once, the parser on the first thread
 * sleeps for 250 ms instead of yielding (a blockage), and the flusher on the
 * second thread runs 30 ms inside a must_switch(20) function (a failed
 * scope). docs/timeline.md shows the picture this makes.
 *
 *   switchguard-cc -g -O1 timeline.c -lpcl -lpthread -o timeline
 *   export SWITCHGUARD_OPTIONS=trace_path=trace.json:must_switch_action=report
 *   ./timeline
 *   switchguard-timeline trace.json -o timeline.html
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <switchguard.h>
#include <time.h>
#include <unistd.h>

enum { ROUNDS = 24 };

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Stands for real work: runs without switching for `ms`. */
static void work(double ms) {
  double end = now_ms() + ms;
  while (now_ms() < end)
    ;
}

static void parser(void *arg) {
  int thread = *(int *)arg;
  for (int i = 0;; i++) {
    work(1.0 + (i % 3) * 0.5);
    if (thread == 0 && i == 8)
      usleep(250 * 1000); /* blocks the whole thread: should yield */
    co_resume();
  }
}

static void resolver(void *arg) {
  (void)arg;
  for (int i = 0;; i++) {
    work(0.5 + (i % 4) * 0.4);
    co_resume();
  }
}

/* Must switch within 20 ms; once, on the second thread, it works 30 ms. */
SWG_MUST_SWITCH_WITHIN(20) static void flush_once(int thread, int i) {
  work(thread == 1 && i == 12 ? 30.0 : 1.5);
  co_resume();
}

static void flusher(void *arg) {
  int thread = *(int *)arg;
  for (int i = 0;; i++)
    flush_once(thread, i);
}

static void *hub(void *arg) {
  if (*(int *)arg == 1)
    pthread_setname_np(pthread_self(), "worker-thread");
  co_thread_init();
  coroutine_t cos[3] = {
      co_create(parser, arg, NULL, 64 * 1024),
      co_create(resolver, arg, NULL, 64 * 1024),
      co_create(flusher, arg, NULL, 64 * 1024),
  };
  for (int round = 0; round < ROUNDS; round++)
    for (int c = 0; c < 3; c++)
      co_call(cos[c]);
  for (int c = 0; c < 3; c++)
    co_delete(cos[c]);
  co_thread_cleanup();
  return NULL;
}

int main(void) {
  static int ids[2] = {0, 1};
  pthread_t t;
  pthread_create(&t, NULL, hub, &ids[1]);
  hub(&ids[0]);
  pthread_join(t, NULL);
  printf("done\n");
  return 0;
}
