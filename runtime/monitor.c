/*===- monitor.c - The thread that notices blockages -------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Started once, when the first thread switches; threads that never switch
 * cost it nothing. Every period it reads each thread's switch count: a
 * thread whose count has not moved for max_blocking_ms while a coroutine
 * (not the hub) is current is blocked. It cannot know when the last switch
 * happened without a clock on the fast path, so it dates a new count midway
 * between the look that first saw it and the look before, within half a
 * period of the truth: a report comes at most max_blocking + 1.5 periods
 * after the block began (1.3 x max_blocking at the default period of a
 * fifth), and durations are right to half a period.
 *
 * One blockage is one incident: a `blocked` report, `still_blocked` at 2x,
 * 4x, 8x ... the threshold, and one `unblocked` line when the count moves.
 * Lifecycle as libuv runs its workers: started once with a handshake,
 * stopped with a flag and joined from a destructor, re-made in a fork child.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static pthread_t monitor_thread;
static _Atomic int state; /* 0 never started, 1 running, 2 stopping/off */
static _Atomic pid_t monitor_tid;
static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;

uint64_t swg__now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

pid_t swg__monitor_tid(void) { return atomic_load(&monitor_tid); }

static uint64_t period_ns(void) {
  int ms = swg__opts.monitor_period_ms;
  uint64_t ns = ms ? (uint64_t)ms * 1000000u
                   : (uint64_t)swg__opts.max_blocking_ms * 1000000u / 5;
  return ns ? ns : 1000000u;
}

static void report(enum swg_event_kind kind, struct swg_thread *t,
                   uint64_t blocked_ns) {
  /* Name it once: by its end the coroutine may be destroyed. */
  if (kind == SWG_EV_BLOCKED)
    swg__coro_name(t->mon_current, t->mon_name, sizeof t->mon_name);
  struct swg_incident inc = {
      .kind = kind,
      .thread = t,
      .coro = t->mon_current,
      .name = t->mon_name,
      .site = t->mon_site,
      .end_site = atomic_load_explicit(&t->site, memory_order_relaxed),
      .blocked_ns = blocked_ns,
      .report_no = t->mon_incident,
  };
  swg__report_incident(&inc);
}

/* One look at one thread: `now`, and `since`, the best guess of when a
 * change first seen now happened. */
static void check(struct swg_thread *t, uint64_t now, uint64_t since,
                  uint64_t threshold) {
  uint32_t gen = atomic_load_explicit(&t->generation, memory_order_acquire);
  bool alive = atomic_load_explicit(&t->alive, memory_order_acquire);
  if (gen != t->mon_generation || !alive) {
    if (t->mon_incident) /* the thread exited while blocked */
      report(SWG_EV_UNBLOCKED, t, since - t->mon_seen_ns);
    t->mon_generation = gen;
    t->mon_incident = 0;
    t->mon_seq = ~0ull; /* forces a fresh look below */
    if (!alive)
      return;
  }
  /* seqlock read: current/site belong to seq if seq did not move. */
  uint64_t seq = atomic_load_explicit(&t->seq, memory_order_acquire);
  void *cur = atomic_load_explicit(&t->current, memory_order_relaxed);
  const struct swg_site *site =
      atomic_load_explicit(&t->site, memory_order_relaxed);
  atomic_thread_fence(memory_order_acquire);
  if (atomic_load_explicit(&t->seq, memory_order_relaxed) != seq)
    seq = ~0ull - 1; /* moved while read: certainly not blocked */

  if (seq != t->mon_seq) {
    if (t->mon_incident) {
      report(SWG_EV_UNBLOCKED, t, since - t->mon_seen_ns);
      t->mon_incident = 0;
    }
    t->mon_seq = seq;
    t->mon_seen_ns = since;
    t->mon_current = cur;
    t->mon_site = site;
    return;
  }
  if (!cur || atomic_load_explicit(&t->ignored, memory_order_relaxed))
    return; /* the hub may wait as long as it likes */
  uint64_t blocked = now - t->mon_seen_ns;
  if (!t->mon_incident && blocked >= threshold) {
    t->mon_incident = 1;
    t->mon_next_report_ns = 2 * threshold;
    report(SWG_EV_BLOCKED, t, blocked);
  } else if (t->mon_incident && blocked >= t->mon_next_report_ns) {
    t->mon_incident++;
    t->mon_next_report_ns *= 2;
    report(SWG_EV_STILL_BLOCKED, t, blocked);
  }
}

static void *monitor_main(void *arg) {
  (void)arg;
  sigset_t all;
  sigfillset(&all); /* the program's signals belong to its own threads */
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  prctl(PR_SET_NAME, "swg-monitor");
  atomic_store(&monitor_tid, gettid());

  uint64_t threshold = (uint64_t)swg__opts.max_blocking_ms * 1000000u;
  uint64_t period = period_ns();
  uint64_t last_round = swg__now_ns(); /* switches so far came after it */
  pthread_mutex_lock(&wake_lock);
  while (atomic_load(&state) == 1) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t ns = (uint64_t)ts.tv_nsec + period;
    ts.tv_sec += (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    pthread_cond_timedwait(&wake, &wake_lock, &ts);
    if (atomic_load(&state) != 1)
      break;
    pthread_mutex_unlock(&wake_lock);
    uint64_t now = swg__now_ns();
    uint64_t since = last_round + (now - last_round) / 2;
    for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
      check(t, now, since, threshold);
    last_round = now;
    pthread_mutex_lock(&wake_lock);
  }
  pthread_mutex_unlock(&wake_lock);
  /* Exiting: close every open incident so none is left without its end,
   * whether the thread switched since the last look or not. */
  uint64_t now = swg__now_ns();
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    check(t, now, now, threshold);
    if (t->mon_incident)
      report(SWG_EV_UNBLOCKED, t, now - t->mon_seen_ns);
  }
  return NULL;
}

static void start(void) {
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&wake, &ca);
  pthread_condattr_destroy(&ca);
  swg__capture_init(swg__opts.capture_signal ? swg__opts.capture_signal
                                             : SIGRTMIN + 3);
  /* The monitor must not inherit a signal mask that differs from what it
   * sets itself, nor be cancelled mid-report: plain attributes suffice. */
  if (pthread_create(&monitor_thread, NULL, monitor_main, NULL))
    atomic_store(&state, 2); /* no monitor; the program runs on unwatched */
}

void swg__monitor_ensure_started(void) {
  if (!swg__opts.monitor)
    return;
  int expected = 0;
  if (atomic_compare_exchange_strong(&state, &expected, 1))
    start();
}

void swg__monitor_stop(void) {
  int expected = 1;
  if (!atomic_compare_exchange_strong(&state, &expected, 2))
    return;
  pthread_mutex_lock(&wake_lock);
  pthread_cond_signal(&wake);
  pthread_mutex_unlock(&wake_lock);
  pthread_join(monitor_thread, NULL); /* a report in flight completes */
}

/* The child has no monitor thread; start a fresh one if the parent had. */
void swg__monitor_after_fork(void) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  wake_lock = fresh;
  atomic_store(&monitor_tid, 0);
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    t->mon_incident = 0, t->mon_seq = ~0ull;
  if (atomic_load(&state) == 1) {
    atomic_store(&state, 1);
    start();
  }
}

__attribute__((destructor)) static void monitor_fini(void) {
  swg__monitor_stop();
}
