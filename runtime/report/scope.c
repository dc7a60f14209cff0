/*===- scope.c - A failed scope's report, off the failing thread -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A failed must_switch scope is reported by a thread of switchguard's own
 * ("swg-scope"): the failing code may run on a coroutine's small stack,
 * too small for symbolisation, and a thread cannot read its own stack from
 * /proc. The failing thread waits only while that thread copies its stack
 * (a snapshot, from its system call: it waits in futex) and its thread's
 * coroutines (a picture): microseconds to a millisecond, and never more
 * than SWG_COPY_WAIT_NS however loaded the machine. Symbolising and
 * writing, a hundred milliseconds for a first report, come after it went
 * on. Its wait is switchguard's own: the monitor ignores the thread
 * meanwhile. With must_switch_action=abort it waits for the abort.
 *
 * Reports come out in the order the scopes failed (tickets), and exit
 * waits for those still being built (up to SWG_FLUSH_NS), since a program
 * often ends right after a failure.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SWG_COPY_WAIT_NS 1000000000ull /* the most a failing thread waits */
#define SWG_IN_WAIT_NS 100000000ull    /* for it to be in its wait, to copy */
#define SWG_TURN_NS 5000000000ull      /* for earlier reports, at most */
#define SWG_FLUSH_NS 3000000000ull     /* exit, for reports being built */

enum { SWG_WAITING, SWG_COPIED };

struct job {
  struct swg_scope_report r;
  _Atomic uint32_t state; /* a futex the failing thread waits on */
  _Atomic int refs;       /* the failing thread's and the helper's */
  uint64_t ticket;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static uint64_t next_ticket, served; /* under lock */
static size_t building;              /* reports not written yet; under lock */
static pthread_once_t flush_once = PTHREAD_ONCE_INIT;

void swg__scope_report_prepare(struct swg_scope_report *r,
                               const struct swg_guard_failure *f) {
  *r = (struct swg_scope_report){.f = *f};
  /* A block scope's site lives in its frame, gone once the thread goes
   * on: every site is copied. */
  const struct swg_site **sites[4] = {&r->f.guard, &r->f.exit,
                                      &r->f.stretch_from, &r->f.stretch_to};
  for (int i = 0; i < 4; i++)
    if (*sites[i]) {
      r->site[i] = **sites[i];
      *sites[i] = &r->site[i];
    }
  r->tid = f->thread ? f->thread->tid : gettid();
  swg__thread_comm(r->tid, r->thread_name, sizeof r->thread_name);
  r->time_ns = swg__now_ns();
  r->seq = f->thread ? swg__thread_seq(f->thread) : 0;
  r->last_switch = f->thread ? swg__thread_site(f->thread) : NULL;
  r->coro_known = f->coro && swg__registry_lookup(f->coro, &r->coro_info,
                                                  r->coro_name,
                                                  sizeof r->coro_name);
  if (!r->coro_known || !r->coro_info.name)
    r->coro_name[0] = '\0';
  r->coro_info.name = NULL; /* the copy moves with the report */
  r->abort_after = swg__opts.must_switch_action == SWG_ACTION_ABORT;
}

/* ---- waiting -------------------------------------------------------------- */

static void futex_wait(_Atomic uint32_t *w, uint32_t v, uint64_t ns) {
  struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
  syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, &ts, NULL, 0);
}

/* Thread tid shows running in /proc until it is in its wait: until then
 * its stack still moves. */
static bool in_wait(pid_t tid) {
  struct swg_stack note; /* only its note is used */
  struct swg_sysstate s;
  for (uint64_t end = swg__now_ns() + SWG_IN_WAIT_NS; swg__now_ns() < end;) {
    if (!swg__read_syscall(tid, &s, &note))
      return false;
    if (s.in_kernel && s.nr == SYS_futex)
      return true;
    nanosleep(&(struct timespec){0, 50000}, NULL);
  }
  return false;
}

static void release(struct job *j) {
  if (atomic_fetch_sub(&j->refs, 1) == 1)
    free(j);
}

/* Exit: the reports still being built are written first. */
static void flush(void) {
  struct timespec end;
  clock_gettime(CLOCK_REALTIME, &end);
  end.tv_sec += (time_t)(SWG_FLUSH_NS / 1000000000u);
  pthread_mutex_lock(&lock);
  while (building &&
         pthread_cond_timedwait(&changed, &lock, &end) == 0)
    ;
  pthread_mutex_unlock(&lock);
}

/* A fork child has no helper: the parent's reports in progress are the
 * parent's, and its exit waits for none of them. */
static void after_fork_child(void) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t fresh_cond = PTHREAD_COND_INITIALIZER;
  lock = fresh;
  changed = fresh_cond;
  served = next_ticket;
  building = 0;
}

static void register_flush(void) {
  atexit(flush);
  pthread_atfork(NULL, NULL, after_fork_child);
}

/* Writes j's report once the earlier ones are out. */
static void write_in_turn(struct job *j) {
  struct timespec end;
  clock_gettime(CLOCK_REALTIME, &end);
  end.tv_sec += (time_t)(SWG_TURN_NS / 1000000000u);
  pthread_mutex_lock(&lock);
  while (served < j->ticket &&
         pthread_cond_timedwait(&changed, &lock, &end) == 0)
    ;
  pthread_mutex_unlock(&lock);
  swg__scope_report_write(&j->r); /* returns unless it aborts */
  pthread_mutex_lock(&lock);
  if (served < j->ticket + 1)
    served = j->ticket + 1;
  building--;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
}

/* ---- the helper ----------------------------------------------------------- */

static void *scope_main(void *arg) {
  struct job *j = arg;
  struct swg_scope_report *r = &j->r;
  swg__own_thread_begin("swg-scope", "reporter");
  if (in_wait(r->tid)) {
    r->snapshot = swg__snapshot_take(r->tid, 0, true);
    if (r->f.thread)
      r->picture = swg__picture_take(r->f.thread, r->tid, NULL, r->seq);
  }
  /* A copy confirmed after the fact holds even if it had stopped waiting
   * (snapshot_take re-reads /proc): kept either way. */
  atomic_store(&j->state, SWG_COPIED);
  syscall(SYS_futex, &j->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  write_in_turn(j);
  release(j);
  return NULL;
}

void swg__report_scope_failed(struct swg_guard_failure *f) {
  struct job *j = malloc(sizeof *j);
  if (!j) {
    swg__report_must_switch_failed(f); /* here, without its stack */
    return;
  }
  swg__scope_report_prepare(&j->r, f);
  atomic_init(&j->state, SWG_WAITING);
  atomic_init(&j->refs, 2);
  pthread_once(&flush_once, register_flush);
  pthread_mutex_lock(&lock);
  j->ticket = next_ticket++;
  building++;
  pthread_mutex_unlock(&lock);
  struct swg_thread *t = f->thread;
  int was = t ? atomic_exchange(&t->ignored, 1) : 0;
  pthread_t th;
  if (swg__own_thread_create(&th, true, scope_main, j) != 0) {
    write_in_turn(j); /* no thread of our own: here, without its stack */
    free(j);
  } else {
    uint64_t end = swg__now_ns() + SWG_COPY_WAIT_NS, now;
    while (atomic_load(&j->state) == SWG_WAITING &&
           (now = swg__now_ns()) < end)
      futex_wait(&j->state, SWG_WAITING, end - now);
    while (j->r.abort_after) /* the helper aborts once it is written */
      futex_wait(&j->state, atomic_load(&j->state), SWG_COPY_WAIT_NS);
    release(j);
  }
  if (t)
    atomic_store(&t->ignored, was);
}
