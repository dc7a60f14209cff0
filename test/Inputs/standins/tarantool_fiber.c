/* tarantool_fiber.c -- the implementation of switchguard's Tarantool fiber
 * stand-in (see tarantool/module.h), standing in for the tarantool binary
 * that a C module runs in.  Compile it with the program.  Fibers switch
 * with swapcontext inside these functions; sched's event loop
 * (fiber_loop_run) waits in poll(2) here when no fiber is ready.
 */
#include "tarantool/module.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

struct fiber_attr { size_t stack_size; };

struct fiber {
  ucontext_t ctx;
  void *stk;
  char name[64];
  uint64_t fid;
  fiber_func f;
  va_list f_data;
  int f_ret;
  void *f_arg;
  struct fiber *caller;              /* where fiber_yield goes */
  bool started, dead, joinable, cancelled, ready;
  int64_t deadline;                  /* ns (monotonic) or -1 */
  int fd;
  short events, revents;
  struct fiber *next;                /* ready list or dead list */
  struct fiber *wnext, *wake;        /* joiners: a list through wnext */
  struct fiber *anext;               /* all live fibers */
};

enum { TNT_STACK = 256 * 1024, TNT_MAXFD = 64 };

static _Thread_local struct fiber tnt_sched;
static _Thread_local struct fiber *tnt_current, *tnt_ready, *tnt_ready_tail;
static _Thread_local struct fiber *tnt_alive, *tnt_dead;
static _Thread_local uint64_t tnt_fidgen;
static _Thread_local int tnt_nlive;

static int64_t tnt_ns(clockid_t clk) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void tnt_panic(const char *what) {
  fprintf(stderr, "tarantool stand-in: %s\n", what);
  abort();
}

double fiber_time(void) { return (double)tnt_ns(CLOCK_REALTIME) / 1e9; }
int64_t fiber_time64(void) { return tnt_ns(CLOCK_REALTIME) / 1000; }
double fiber_clock(void) { return (double)tnt_ns(CLOCK_MONOTONIC) / 1e9; }
int64_t fiber_clock64(void) { return tnt_ns(CLOCK_MONOTONIC) / 1000; }

struct fiber *fiber_self(void) {
  if (!tnt_current) {
    strcpy(tnt_sched.name, "sched");
    tnt_sched.fid = 1;
    tnt_sched.deadline = -1;
    tnt_sched.fd = -1;
    tnt_fidgen = 100; /* ids up to 100 are reserved, as in Tarantool */
    tnt_current = &tnt_sched;
  }
  return tnt_current;
}

const char *fiber_name(struct fiber *f) { return f->name; }

static void tnt_unready(struct fiber *f) {
  struct fiber **p, *prev = NULL;
  for (p = &tnt_ready; *p; prev = *p, p = &(*p)->next)
    if (*p == f) {
      *p = f->next;
      if (tnt_ready_tail == f)
        tnt_ready_tail = prev;
      break;
    }
  f->ready = false;
}

static void tnt_append(struct fiber *f) {
  f->ready = true;
  f->next = NULL;
  if (tnt_ready_tail)
    tnt_ready_tail->next = f;
  else
    tnt_ready = f;
  tnt_ready_tail = f;
}

/* Makes f ready to run; the loop in sched will call it. */
void fiber_wakeup(struct fiber *f) {
  if (f == fiber_self() || f == &tnt_sched || f->dead || f->ready)
    return;
  tnt_append(f);
}

/* Runs callee now; it comes back here at its next fiber_yield. */
static void tnt_call(struct fiber *callee) {
  struct fiber *caller = fiber_self();
  if (callee->ready)
    tnt_unready(callee);
  callee->caller = caller;
  tnt_current = callee;
  swapcontext(&caller->ctx, &callee->ctx);
}

void fiber_yield(void) {
  struct fiber *me = fiber_self(), *to = me->caller ? me->caller : &tnt_sched;
  if (me == &tnt_sched)
    tnt_panic("fiber_yield() called in sched");
  me->caller = &tnt_sched;
  tnt_current = to;
  swapcontext(&me->ctx, &to->ctx);
}

static void tnt_collect(void) { /* frees finished, non-joinable fibers */
  while (tnt_dead) {
    struct fiber *f = tnt_dead;
    tnt_dead = f->next;
    free(f->stk);
    free(f);
  }
}

static void tnt_unlink(struct fiber *f) {
  for (struct fiber **p = &tnt_alive; *p; p = &(*p)->anext)
    if (*p == f) {
      *p = f->anext;
      break;
    }
}

static void tnt_trampoline(void) {
  struct fiber *f = tnt_current;
  f->f_ret = f->f(f->f_data);
  f->dead = true;
  tnt_nlive--;
  while (f->wake) {
    struct fiber *j = f->wake;
    f->wake = j->wnext;
    fiber_wakeup(j);
  }
  if (f->ready)
    tnt_unready(f);
  tnt_unlink(f);
  if (!f->joinable) {
    f->next = tnt_dead;
    tnt_dead = f;
  }
  fiber_yield();
  tnt_panic("a dead fiber was resumed");
}

struct fiber_attr *fiber_attr_new(void) {
  struct fiber_attr *a = (struct fiber_attr *)malloc(sizeof *a);
  if (a)
    a->stack_size = TNT_STACK;
  return a;
}

void fiber_attr_delete(struct fiber_attr *a) { free(a); }

int fiber_attr_setstacksize(struct fiber_attr *a, size_t stack_size) {
  a->stack_size = stack_size < 65536 ? 65536 : stack_size;
  return 0;
}

size_t fiber_attr_getstacksize(struct fiber_attr *a) { return a ? a->stack_size : TNT_STACK; }

struct fiber *fiber_new_ex(const char *name, const struct fiber_attr *attr, fiber_func f) {
  size_t size = attr ? attr->stack_size : TNT_STACK;
  struct fiber *fb = (struct fiber *)calloc(1, sizeof *fb);
  fiber_self();
  tnt_collect();
  if (!fb || !(fb->stk = malloc(size))) {
    free(fb);
    errno = ENOMEM;
    return NULL;
  }
  snprintf(fb->name, sizeof fb->name, "%s", name ? name : "");
  fb->fid = ++tnt_fidgen;
  fb->f = f;
  fb->deadline = -1;
  fb->fd = -1;
  getcontext(&fb->ctx);
  fb->ctx.uc_stack.ss_sp = fb->stk;
  fb->ctx.uc_stack.ss_size = size;
  fb->ctx.uc_link = NULL;
  makecontext(&fb->ctx, tnt_trampoline, 0);
  fb->anext = tnt_alive;
  tnt_alive = fb;
  return fb;
}

struct fiber *fiber_new(const char *name, fiber_func f) { return fiber_new_ex(name, NULL, f); }

void fiber_start(struct fiber *callee, ...) {
  callee->started = true;
  tnt_nlive++;
  va_start(callee->f_data, callee);
  tnt_call(callee);
  va_end(callee->f_data);
}

void fiber_set_ctx(struct fiber *f, void *f_arg) { f->f_arg = f_arg; }
void *fiber_get_ctx(struct fiber *f) { return f->f_arg; }

void fiber_cancel(struct fiber *f) {
  f->cancelled = true;
  fiber_wakeup(f);
}

bool fiber_set_cancellable(bool yesno) {
  (void)yesno;
  return true;
}

bool fiber_is_cancelled(void) { return fiber_self()->cancelled; }

void fiber_set_joinable(struct fiber *f, bool yesno) { (f ? f : fiber_self())->joinable = yesno; }

void fiber_reschedule(void) {
  struct fiber *me = fiber_self();
  if (!me->ready)
    tnt_append(me);
  fiber_yield();
}

/* Yields until woken or until `timeout` seconds passed (< 0: no limit). */
static void tnt_wait(double timeout) {
  struct fiber *me = fiber_self();
  me->deadline = timeout < 0 ? -1 : tnt_ns(CLOCK_MONOTONIC) + (int64_t)(timeout * 1e9);
  fiber_yield();
  me->deadline = -1;
}

void fiber_sleep(double s) { tnt_wait(s < 0 ? 0 : s); }

int fiber_join_timeout(struct fiber *f, double timeout) {
  struct fiber *me = fiber_self(), **p;
  int64_t end = tnt_ns(CLOCK_MONOTONIC) + (int64_t)(timeout * 1e9);
  if (!f->joinable)
    tnt_panic("fiber_join of a non-joinable fiber");
  while (!f->dead) {
    int64_t left = end - tnt_ns(CLOCK_MONOTONIC);
    if (left <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    me->wnext = f->wake;
    f->wake = me;
    tnt_wait((double)left / 1e9);
    for (p = &f->wake; *p; p = &(*p)->wnext)
      if (*p == me) {
        *p = me->wnext;
        break;
      }
  }
  int ret = f->f_ret;
  free(f->stk);
  free(f);
  return ret;
}

int fiber_join(struct fiber *f) { return fiber_join_timeout(f, 1e9); }

/* Yields until fd is ready for `events` (COIO_READ/COIO_WRITE) or timeout;
 * returns the ready events, 0 on timeout. */
int coio_wait(int fd, int events, double timeout) {
  struct fiber *me = fiber_self();
  me->fd = fd;
  me->events = (short)((events & COIO_READ ? POLLIN : 0) | (events & COIO_WRITE ? POLLOUT : 0));
  me->revents = 0;
  tnt_wait(timeout);
  me->fd = -1;
  return (me->revents & (POLLIN | POLLHUP | POLLERR) ? COIO_READ : 0) |
         (me->revents & POLLOUT ? COIO_WRITE : 0);
}

/* Condition variables: waiters yield until signalled, woken, cancelled or
 * timed out; like Tarantool's, a wait may end spuriously. */
struct fiber_cond { struct fiber *waiters; };

struct fiber_cond *fiber_cond_new(void) {
  return (struct fiber_cond *)calloc(1, sizeof(struct fiber_cond));
}

void fiber_cond_delete(struct fiber_cond *c) { free(c); }

void fiber_cond_signal(struct fiber_cond *c) {
  struct fiber *f = c->waiters;
  if (!f)
    return;
  c->waiters = f->wnext;
  fiber_wakeup(f);
}

void fiber_cond_broadcast(struct fiber_cond *c) {
  while (c->waiters)
    fiber_cond_signal(c);
}

int fiber_cond_wait_timeout(struct fiber_cond *c, double timeout) {
  struct fiber *me = fiber_self(), **p = &c->waiters;
  int64_t end = tnt_ns(CLOCK_MONOTONIC) + (int64_t)(timeout * 1e9);
  me->wnext = NULL;
  while (*p)
    p = &(*p)->wnext;
  *p = me;
  tnt_wait(timeout);
  for (p = &c->waiters; *p; p = &(*p)->wnext)
    if (*p == me) {
      *p = me->wnext;
      break;
    }
  if (me->cancelled || tnt_ns(CLOCK_MONOTONIC) >= end) {
    errno = me->cancelled ? ECANCELED : ETIMEDOUT;
    return -1;
  }
  return 0;
}

int fiber_cond_wait(struct fiber_cond *c) { return fiber_cond_wait_timeout(c, 1e9); }

/* sched's event loop (see module.h): one round of ready fibers, then a
 * poll(2) for descriptors until the earliest timer. */
int fiber_loop_run(double seconds) {
  struct pollfd pfd[TNT_MAXFD];
  struct fiber *pf[TNT_MAXFD], *f, *best;
  int64_t end = seconds < 0 ? -1 : tnt_ns(CLOCK_MONOTONIC) + (int64_t)(seconds * 1e9);
  if (fiber_self() != &tnt_sched)
    tnt_panic("fiber_loop_run() called in a fiber");
  for (;;) {
    int n = 0, batch = 0;
    for (f = tnt_ready; f; f = f->next)
      batch++;
    while (batch-- > 0 && tnt_ready)
      tnt_call(tnt_ready);
    tnt_collect();
    int64_t now = tnt_ns(CLOCK_MONOTONIC), next = end;
    if ((seconds < 0 && tnt_nlive == 0) || (end >= 0 && now >= end))
      return tnt_nlive;
    for (f = tnt_alive; f; f = f->anext) {
      if (f->fd >= 0 && n < TNT_MAXFD) {
        pfd[n].fd = f->fd;
        pfd[n].events = f->events;
        pfd[n].revents = 0;
        pf[n++] = f;
      }
      if (f->deadline >= 0 && (next < 0 || f->deadline < next))
        next = f->deadline;
    }
    if (!tnt_ready && n == 0 && next < 0)
      return tnt_nlive; /* stalled */
    int timeout = tnt_ready ? 0 : next < 0 ? -1 : next <= now ? 0 : (int)((next - now + 999999) / 1000000);
    if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR)
      tnt_panic("poll failed");
    for (int i = 0; i < n; i++)
      if (pfd[i].revents) {
        pf[i]->revents = pfd[i].revents;
        pf[i]->fd = -1;
        fiber_wakeup(pf[i]);
      }
    now = tnt_ns(CLOCK_MONOTONIC);
    for (;;) { /* expired timers, earliest first */
      best = NULL;
      for (f = tnt_alive; f; f = f->anext)
        if (f->deadline >= 0 && f->deadline <= now && (!best || f->deadline < best->deadline))
          best = f;
      if (!best)
        break;
      best->deadline = -1;
      fiber_wakeup(best);
    }
  }
}
