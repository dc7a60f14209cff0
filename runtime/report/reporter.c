/*===- reporter.c - The thread that writes the monitor's reports -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The monitor decides; this thread ("swg-reporter") reports. A report can
 * take long: the first one loads the program's and libc's symbols (over a
 * second on a loaded machine), and each walks a stack, names coroutines
 * and lists threads. Were the monitor to write them itself, a blockage
 * that began and ended meanwhile would go unseen. So the monitor posts its
 * decisions here, in order, with a copy of the blocked thread's stack
 * taken as it decided, and looks again a period later whatever the
 * reports cost; a late report still comes, exactly once, with that stack,
 * and with its threads and coroutines as read when it is written (marked
 * so if the thread has switched since). Run info asked for through
 * run_info_path or swg_print_run_info(NULL) is written here too.
 *
 * Lifecycle as the monitor's: started with it, stopped after it (the
 * monitor's last pass closes every incident, and all of it is written
 * before the exit summary), reset in a fork child.
 *
 * The view lock lives here too: the monitor's passes and run info take it
 * to read every thread as one picture.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER; /* posted, or stop */
static struct swg_incident *queue; /* posted, not yet taken */
static size_t queued, cap_queued;
static struct swg_incident *batch;  /* taken, being reported; in statics */
static size_t cap_batch;            /* so a fork child still owns it */
static bool run_info_wanted, running, stopping;
static pthread_t reporter;
static pthread_mutex_t view_lock = PTHREAD_MUTEX_INITIALIZER;

void swg__view_lock(void) { pthread_mutex_lock(&view_lock); }
void swg__view_unlock(void) { pthread_mutex_unlock(&view_lock); }

static void *reporter_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-reporter", "reporter");
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!queued && !run_info_wanted && !stopping)
      pthread_cond_wait(&more, &lock);
    if (!queued && !run_info_wanted)
      break; /* stopping, and everything posted is out */
    /* Take the whole queue: the monitor posts into the other array. */
    struct swg_incident *taken = queue;
    size_t n = queued, cap = cap_queued;
    queue = batch, cap_queued = cap_batch, queued = 0;
    batch = taken, cap_batch = cap;
    bool info = run_info_wanted;
    run_info_wanted = false;
    pthread_mutex_unlock(&lock);
    if (info) {
      swg__dwfl_lock(); /* fork() waits for it */
      swg__run_info_report();
      swg__dwfl_unlock();
    }
    for (size_t i = 0; i < n; i++)
      swg__report_incident(&batch[i]);
    pthread_mutex_lock(&lock);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

void swg__reporter_post(const struct swg_incident *incs, size_t n) {
  if (!n)
    return;
  pthread_mutex_lock(&lock);
  if (!running) { /* no thread to hand it to: report it here */
    pthread_mutex_unlock(&lock);
    for (size_t i = 0; i < n; i++)
      swg__report_incident(&incs[i]);
    return;
  }
  if (queued + n > cap_queued) {
    size_t cap = cap_queued ? cap_queued : 16;
    while (cap < queued + n)
      cap *= 2;
    struct swg_incident *q = realloc(queue, cap * sizeof *q);
    if (!q) { /* out of memory: these reports are lost, not the program */
      pthread_mutex_unlock(&lock);
      for (size_t i = 0; i < n; i++) {
        if (incs[i].snapshot)
          swg__snapshot_free(incs[i].snapshot);
        if (incs[i].picture)
          swg__picture_free(incs[i].picture);
      }
      return;
    }
    queue = q, cap_queued = cap;
  }
  memcpy(queue + queued, incs, n * sizeof *incs);
  queued += n;
  pthread_cond_signal(&more);
  pthread_mutex_unlock(&lock);
}

void swg__reporter_run_info(void) {
  pthread_mutex_lock(&lock);
  bool handed = running;
  run_info_wanted |= running;
  pthread_cond_signal(&more);
  pthread_mutex_unlock(&lock);
  if (!handed)
    swg__run_info_report();
}

/* The queue and the reporter's batch get room for a few reports now,
 * while memory is plentiful: a blockage may come when it is short. */
static void make_room(void) {
  enum { ROOM = 16 };
  if (!cap_queued && (queue = malloc(ROOM * sizeof *queue)))
    cap_queued = ROOM;
  if (!cap_batch && (batch = malloc(ROOM * sizeof *batch)))
    cap_batch = ROOM;
}

void swg__reporter_start(void) {
  pthread_mutex_lock(&lock);
  make_room();
  stopping = false;
  running =
      swg__own_thread_create(&reporter, false, reporter_main, NULL) == 0;
  pthread_mutex_unlock(&lock);
}

/* Writes everything posted, then ends the thread. */
void swg__reporter_stop(void) {
  pthread_mutex_lock(&lock);
  bool was_running = running;
  stopping = true;
  pthread_cond_signal(&more);
  pthread_mutex_unlock(&lock);
  if (was_running && !pthread_equal(pthread_self(), reporter)) {
    pthread_join(reporter, NULL);
    pthread_mutex_lock(&lock);
    running = false;
    pthread_mutex_unlock(&lock);
  }
}

/* fork() waits until no report is being taken or posted; a report being
 * written is waited for by the libdwfl lock. */
void swg__reporter_lock(void) { pthread_mutex_lock(&lock); }
void swg__reporter_unlock(void) { pthread_mutex_unlock(&lock); }

/* The parent's reports are the parent's: the child starts empty, and has
 * no reporter until its monitor starts one. */
void swg__reporter_after_fork(void) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t fresh_cond = PTHREAD_COND_INITIALIZER;
  view_lock = fresh;
  lock = fresh;
  more = fresh_cond;
  queued = 0;
  swg__snapshots_after_fork();
  swg__pictures_after_fork();
  running = stopping = run_info_wanted = false;
}
