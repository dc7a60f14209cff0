/*===- monitoring_functions.c - The program's periodic checks ---*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * swg_add_monitoring_function (switchguard.h), gevent's monitoring
 * functions: a program's checks called every period_ms off its own
 * threads. They run on a thread of their own ("swg-monitorfn", started with
 * the first), never on the monitor's or the reporter's: a check that is
 * slow, or stuck for good, delays only the checks after it, never a
 * detection or a report; one that ends the thread is removed and the
 * others go on on a new one. A check that overruns its period is called
 * again a period after it returned, never twice in a row to catch up.
 * Without a monitor (monitor=0) switchguard runs no thread and no check.
 * Stopped at exit (a stuck check cannot hold exit up for more than a
 * second), started again in a fork child that has checks.
 *
 *===----------------------------------------------------------------------===*/
#include "monitor.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define SWG_MAX_CHECKS 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Both re-made on CLOCK_MONOTONIC, the clock due_ns is on, before use. */
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER; /* added, removed,
                                                             or stop */
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;    /* a call ended */
static struct {
  int id; /* 0: a free slot */
  void (*fn)(void *);
  void *arg;
  uint64_t period_ns;
  uint64_t due_ns;
} checks[SWG_MAX_CHECKS];
static int next_id = 1;
static int calling; /* the check being called; 0: none */
static bool running, stopping;
static pthread_t checker;

static void init_conditions(void) {
  pthread_condattr_t a;
  pthread_condattr_init(&a);
  pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
  pthread_cond_init(&changed, &a);
  pthread_cond_init(&idle, &a);
  pthread_condattr_destroy(&a);
}

static pthread_once_t conditions_once = PTHREAD_ONCE_INIT;

static struct timespec at(uint64_t ns) {
  return (struct timespec){(time_t)(ns / 1000000000u),
                           (long)(ns % 1000000000u)};
}

static bool on_checker(void) {
  return running && pthread_equal(pthread_self(), checker);
}

/* ---- the thread ---------------------------------------------------- */

/* The slot due first, or -1 if none; under the lock. */
static int first_due(void) {
  int first = -1;
  for (int i = 0; i < SWG_MAX_CHECKS; i++)
    if (checks[i].id && (first < 0 || checks[i].due_ns < checks[first].due_ns))
      first = i;
  return first;
}

static void start_checker(void);

/* The check being called, for check_ended_thread. */
struct call {
  int slot, id;
  void (*fn)(void *);
};

/* A check that ended our thread (pthread_exit) is removed, said once, and
 * the others go on on a new thread. Runs as the thread unwinds, with the
 * lock not held. */
static void check_ended_thread(void *arg) {
  const struct call *c = arg;
  char line[160];
  int n = snprintf(line, sizeof line,
                   "==%d== switchguard: monitoring function %p ended its "
                   "thread (pthread_exit); removed, the others go on\n",
                   (int)getpid(), (void *)c->fn);
  pthread_mutex_lock(&lock);
  if (checks[c->slot].id == c->id) /* not removed, the slot not reused */
    checks[c->slot].id = 0;
  calling = 0;
  running = false;
  if (!stopping) { /* else swg__monitoring_functions_stop joins us */
    pthread_detach(pthread_self());
    start_checker();
  }
  pthread_cond_broadcast(&idle);
  pthread_mutex_unlock(&lock);
  swg__report_write(line, (size_t)n);
}

static void *checker_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-monitorfn", "monitoring");
  pthread_mutex_lock(&lock);
  while (!stopping) {
    int i = first_due();
    if (i < 0) {
      pthread_cond_wait(&changed, &lock);
      continue;
    }
    if (swg__now_ns() < checks[i].due_ns) {
      struct timespec ts = at(checks[i].due_ns);
      pthread_cond_timedwait(&changed, &lock, &ts);
      continue; /* the table may have changed meanwhile */
    }
    struct call c = {i, checks[i].id, checks[i].fn};
    void *fn_arg = checks[i].arg;
    calling = c.id;
    pthread_mutex_unlock(&lock); /* a check runs without our lock */
    pthread_cleanup_push(check_ended_thread, &c);
    c.fn(fn_arg);
    pthread_cleanup_pop(0);
    pthread_mutex_lock(&lock);
    if (checks[i].id == calling) /* not removed meanwhile */
      checks[i].due_ns = swg__now_ns() + checks[i].period_ns;
    calling = 0;
    pthread_cond_broadcast(&idle);
  }
  running = false;
  pthread_cond_broadcast(&idle);
  pthread_mutex_unlock(&lock);
  return NULL;
}

/* Under the lock. */
static void start_checker(void) {
  if (running || stopping)
    return;
  running = swg__own_thread_create(&checker, false, checker_main, NULL) == 0;
  if (running) /* named now, not when it first runs: run info lists it */
    pthread_setname_np(checker, "swg-monitorfn");
}

void swg__monitoring_functions_stop(int timeout_ms) {
  pthread_mutex_lock(&lock);
  stopping = true;
  bool wait = running && !on_checker();
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
  if (!wait)
    return;
  struct timespec ts = swg__deadline_in(timeout_ms);
  pthread_timedjoin_np(checker, NULL, &ts); /* a stuck check stays behind */
}

/* The child has no checker thread; its checks run again, from now. */
void swg__monitoring_functions_after_fork(void) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  lock = fresh;
  init_conditions();
  running = false;
  calling = 0;
  uint64_t now = swg__now_ns();
  bool any = false;
  for (int i = 0; i < SWG_MAX_CHECKS; i++)
    if (checks[i].id)
      checks[i].due_ns = now + checks[i].period_ns, any = true;
  if (any)
    start_checker();
}

/* ---- the public calls ---------------------------------------------- */

int swg_add_monitoring_function(void (*fn)(void *arg), void *arg,
                                unsigned period_ms) {
  if (!fn || !period_ms || !swg__opts.monitor)
    return -1;
  pthread_once(&conditions_once, init_conditions);
  uint64_t period = (uint64_t)period_ms * 1000000u;
  int id = -1;
  pthread_mutex_lock(&lock);
  for (int i = 0; i < SWG_MAX_CHECKS && id < 0 && !stopping; i++) {
    if (checks[i].id)
      continue;
    id = next_id++;
    checks[i].id = id, checks[i].fn = fn, checks[i].arg = arg;
    checks[i].period_ns = period;
    checks[i].due_ns = swg__now_ns() + period;
    start_checker();
    pthread_cond_broadcast(&changed);
  }
  pthread_mutex_unlock(&lock);
  return id;
}

int swg_remove_monitoring_function(int id) {
  int found = -1;
  pthread_once(&conditions_once, init_conditions);
  pthread_mutex_lock(&lock);
  for (int i = 0; i < SWG_MAX_CHECKS && found < 0; i++)
    if (id > 0 && checks[i].id == id)
      checks[i].id = 0, found = 0;
  /* A call in progress finishes before we return, unless it is ours. */
  while (found == 0 && calling == id && running && !on_checker())
    pthread_cond_wait(&idle, &lock);
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
  return found;
}
