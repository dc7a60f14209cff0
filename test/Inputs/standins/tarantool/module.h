/* tarantool/module.h -- switchguard test stand-in for the fiber part of
 *                       Tarantool's C module API (<tarantool/module.h>,
 *                       https://tarantool.io); ../tarantool_fiber.h includes it
 *
 * This is NOT Tarantool.  It is switchguard's own small stand-in, written
 * from the documented module API (names, signatures) and the documented
 * scheduling model, so tests can build and run programs shaped like
 * Tarantool C modules.  No code comes from the real project.  Header-only
 * (everything `static`); use it from one translation unit.  Switches with
 * POSIX ucontext (Tarantool uses its own coro_transfer).
 *
 * Covered: struct fiber (defined here; treat it as opaque), fiber_func
 *   = int (*)(va_list), fiber_attr_new, fiber_attr_delete,
 *   fiber_attr_setstacksize, fiber_attr_getstacksize, fiber_self, fiber_new,
 *   fiber_new_ex, fiber_start, fiber_yield, fiber_wakeup, fiber_cancel,
 *   fiber_set_cancellable (deprecated, returns true), fiber_is_cancelled,
 *   fiber_set_joinable, fiber_join, fiber_join_timeout, fiber_sleep,
 *   fiber_reschedule, fiber_set_ctx, fiber_get_ctx, fiber_time,
 *   fiber_time64, fiber_clock, fiber_clock64, coio_wait (COIO_READ/WRITE),
 *   fiber_cond_new/delete/signal/broadcast/wait/wait_timeout.
 *   Not covered: box_*, coio_call, coio_getaddrinfo, latches, slab caches,
 *   and fiber_delete (internal to Tarantool, not in module.h).
 * Stand-in additions (not Tarantool API):
 *   int fiber_loop_run(double seconds): runs the event loop in the sched
 *     fiber -- what Tarantool's main() does with ev_run(loop(), 0).  Call it
 *     from the thread's native context (sched).  It returns after `seconds`,
 *     or (seconds < 0) once no started fiber is alive or nothing can ever
 *     wake the remaining ones; the value is the number still alive.
 *   const char *fiber_name(struct fiber *f): the name given to fiber_new.
 *
 * Model, as in Tarantool: each thread has a scheduler fiber named "sched"
 * (fid 1).  Like Tarantool's cord->sched it has no stack of its own: it is
 * the thread's native context, where main() and fiber_loop_run() run.
 *   create   fiber_new(name, f) / fiber_new_ex(name, attr, f): handle: return
 *            value; entry: f (last argument).  Not started yet.
 *   resume   fiber_start(f, ...): runs f at once (args as a va_list) until it
 *            yields; that first yield comes back to the starter.  The loop
 *            resumes ready fibers the same way (fiber_call) from sched.
 *   yield    fiber_yield(): switches to the fiber's caller -- sched, except
 *            right after fiber_start -- and waits for a fiber_wakeup().
 *   yielding calls: fiber_sleep, fiber_reschedule, fiber_join,
 *            fiber_join_timeout, coio_wait, fiber_cond_wait(_timeout).
 *   exit     return from f; destroy: automatic, or fiber_join for joinable
 *            fibers.
 *   hub      sched, the native stack (no swg_set_hub needed).  Yielding
 *            from sched is an error: the stand-in prints a line and aborts.
 * The ucontext calls go through volatile function pointers so that a tracer
 * that knows POSIX ucontext sees only the fiber_* calls.
 */
#ifndef TARANTOOL_MODULE_STANDIN_H
#define TARANTOOL_MODULE_STANDIN_H

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

typedef int (*fiber_func)(va_list);

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

enum { COIO_READ = 0x1, COIO_WRITE = 0x2 };

static _Thread_local struct fiber tnt__sched;
static _Thread_local struct fiber *tnt__current, *tnt__ready, *tnt__ready_tail;
static _Thread_local struct fiber *tnt__alive, *tnt__dead;
static _Thread_local uint64_t tnt__fidgen;
static _Thread_local int tnt__nlive;

static int (*volatile tnt__swapcontext)(ucontext_t *, const ucontext_t *) = swapcontext;
static void (*volatile tnt__makecontext)(ucontext_t *, void (*)(void), int, ...) = makecontext;
static int (*volatile tnt__getcontext)(ucontext_t *) = getcontext;

static int64_t tnt__ns(clockid_t clk) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
static inline double fiber_time(void) { return (double)tnt__ns(CLOCK_REALTIME) / 1e9; }
static inline int64_t fiber_time64(void) { return tnt__ns(CLOCK_REALTIME) / 1000; }
static inline double fiber_clock(void) { return (double)tnt__ns(CLOCK_MONOTONIC) / 1e9; }
static inline int64_t fiber_clock64(void) { return tnt__ns(CLOCK_MONOTONIC) / 1000; }

static inline struct fiber *fiber_self(void) {
  if (!tnt__current) {
    strcpy(tnt__sched.name, "sched");
    tnt__sched.fid = 1;
    tnt__sched.deadline = -1;
    tnt__sched.fd = -1;
    tnt__fidgen = 100; /* ids up to 100 are reserved, as in Tarantool */
    tnt__current = &tnt__sched;
  }
  return tnt__current;
}

static inline const char *fiber_name(struct fiber *f) { return f->name; }

static void tnt__unready(struct fiber *f) {
  struct fiber **p, *prev = NULL;
  for (p = &tnt__ready; *p; prev = *p, p = &(*p)->next)
    if (*p == f) {
      *p = f->next;
      if (tnt__ready_tail == f) tnt__ready_tail = prev;
      break;
    }
  f->ready = false;
}

static void tnt__append(struct fiber *f) {
  f->ready = true;
  f->next = NULL;
  if (tnt__ready_tail) tnt__ready_tail->next = f; else tnt__ready = f;
  tnt__ready_tail = f;
}

/* Makes f ready to run; the loop in sched will call it. */
static inline void fiber_wakeup(struct fiber *f) {
  if (f == fiber_self() || f == &tnt__sched || f->dead || f->ready) return;
  tnt__append(f);
}

/* Runs callee now; it comes back here at its next fiber_yield. */
static void tnt__call(struct fiber *callee) {
  struct fiber *caller = fiber_self();
  if (callee->ready) tnt__unready(callee);
  callee->caller = caller;
  tnt__current = callee;
  tnt__swapcontext(&caller->ctx, &callee->ctx);
}

static inline void fiber_yield(void) {
  struct fiber *me = fiber_self(), *to = me->caller ? me->caller : &tnt__sched;
  if (me == &tnt__sched) {
    fprintf(stderr, "tarantool stand-in: fiber_yield() called in sched\n");
    abort();
  }
  me->caller = &tnt__sched;
  tnt__current = to;
  tnt__swapcontext(&me->ctx, &to->ctx);
}

static void tnt__collect(void) { /* frees finished, non-joinable fibers */
  while (tnt__dead) {
    struct fiber *f = tnt__dead;
    tnt__dead = f->next;
    free(f->stk);
    free(f);
  }
}

static void tnt__unlink(struct fiber *f) {
  for (struct fiber **p = &tnt__alive; *p; p = &(*p)->anext)
    if (*p == f) { *p = f->anext; break; }
}

static void tnt__trampoline(void) {
  struct fiber *f = tnt__current;
  f->f_ret = f->f(f->f_data);
  f->dead = true;
  tnt__nlive--;
  while (f->wake) {
    struct fiber *j = f->wake;
    f->wake = j->wnext;
    fiber_wakeup(j);
  }
  if (f->ready) tnt__unready(f);
  tnt__unlink(f);
  if (!f->joinable) {
    f->next = tnt__dead;
    tnt__dead = f;
  }
  fiber_yield();
  abort(); /* a dead fiber is never resumed */
}

static inline struct fiber_attr *fiber_attr_new(void) {
  struct fiber_attr *a = (struct fiber_attr *)malloc(sizeof *a);
  if (a) a->stack_size = 256 * 1024;
  return a;
}
static inline void fiber_attr_delete(struct fiber_attr *a) { free(a); }
static inline int fiber_attr_setstacksize(struct fiber_attr *a, size_t stack_size) {
  a->stack_size = stack_size < 65536 ? 65536 : stack_size;
  return 0;
}
static inline size_t fiber_attr_getstacksize(struct fiber_attr *a) {
  return a ? a->stack_size : 256 * 1024;
}

static inline struct fiber *fiber_new_ex(const char *name, const struct fiber_attr *attr,
                                         fiber_func f) {
  size_t size = attr ? attr->stack_size : 256 * 1024;
  struct fiber *fb = (struct fiber *)calloc(1, sizeof *fb);
  fiber_self();
  tnt__collect();
  if (!fb || !(fb->stk = malloc(size))) {
    free(fb);
    errno = ENOMEM;
    return NULL;
  }
  snprintf(fb->name, sizeof fb->name, "%s", name ? name : "");
  fb->fid = ++tnt__fidgen;
  fb->f = f;
  fb->deadline = -1;
  fb->fd = -1;
  tnt__getcontext(&fb->ctx);
  fb->ctx.uc_stack.ss_sp = fb->stk;
  fb->ctx.uc_stack.ss_size = size;
  fb->ctx.uc_link = NULL;
  tnt__makecontext(&fb->ctx, tnt__trampoline, 0);
  fb->anext = tnt__alive;
  tnt__alive = fb;
  return fb;
}

static inline struct fiber *fiber_new(const char *name, fiber_func f) {
  return fiber_new_ex(name, NULL, f);
}

static inline void fiber_start(struct fiber *callee, ...) {
  callee->started = true;
  tnt__nlive++;
  va_start(callee->f_data, callee);
  tnt__call(callee);
  va_end(callee->f_data);
}

static inline void fiber_set_ctx(struct fiber *f, void *f_arg) { f->f_arg = f_arg; }
static inline void *fiber_get_ctx(struct fiber *f) { return f->f_arg; }
static inline void fiber_cancel(struct fiber *f) { f->cancelled = true; fiber_wakeup(f); }
static inline bool fiber_set_cancellable(bool yesno) { (void)yesno; return true; }
static inline bool fiber_is_cancelled(void) { return fiber_self()->cancelled; }
static inline void fiber_set_joinable(struct fiber *f, bool yesno) {
  (f ? f : fiber_self())->joinable = yesno;
}

static inline void fiber_reschedule(void) {
  struct fiber *me = fiber_self();
  if (!me->ready) tnt__append(me);
  fiber_yield();
}

/* Yields until woken or until `timeout` seconds passed (< 0: no limit). */
static void tnt__wait(double timeout) {
  struct fiber *me = fiber_self();
  me->deadline = timeout < 0 ? -1 : tnt__ns(CLOCK_MONOTONIC) + (int64_t)(timeout * 1e9);
  fiber_yield();
  me->deadline = -1;
}

static inline void fiber_sleep(double s) { tnt__wait(s < 0 ? 0 : s); }

static inline int fiber_join_timeout(struct fiber *f, double timeout) {
  struct fiber *me = fiber_self(), **p;
  int64_t end = tnt__ns(CLOCK_MONOTONIC) + (int64_t)(timeout * 1e9);
  if (!f->joinable) {
    fprintf(stderr, "tarantool stand-in: fiber_join of a non-joinable fiber\n");
    abort();
  }
  while (!f->dead) {
    int64_t left = end - tnt__ns(CLOCK_MONOTONIC);
    if (left <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    me->wnext = f->wake;
    f->wake = me;
    tnt__wait((double)left / 1e9);
    for (p = &f->wake; *p; p = &(*p)->wnext)
      if (*p == me) { *p = me->wnext; break; }
  }
  int ret = f->f_ret;
  free(f->stk);
  free(f);
  return ret;
}

static inline int fiber_join(struct fiber *f) { return fiber_join_timeout(f, 1e9); }

/* Yields until fd is ready for `events` (COIO_READ/COIO_WRITE) or timeout;
 * returns the ready events, 0 on timeout. */
static inline int coio_wait(int fd, int events, double timeout) {
  struct fiber *me = fiber_self();
  me->fd = fd;
  me->events = (short)((events & COIO_READ ? POLLIN : 0) | (events & COIO_WRITE ? POLLOUT : 0));
  me->revents = 0;
  tnt__wait(timeout);
  me->fd = -1;
  return (me->revents & (POLLIN | POLLHUP | POLLERR) ? COIO_READ : 0) |
         (me->revents & POLLOUT ? COIO_WRITE : 0);
}

/* Condition variables: waiters yield until signalled, woken, cancelled or
 * timed out; like Tarantool's, a wait may end spuriously. */
struct fiber_cond { struct fiber *waiters; };

static inline struct fiber_cond *fiber_cond_new(void) {
  return (struct fiber_cond *)calloc(1, sizeof(struct fiber_cond));
}
static inline void fiber_cond_delete(struct fiber_cond *c) { free(c); }

static inline void fiber_cond_signal(struct fiber_cond *c) {
  struct fiber *f = c->waiters;
  if (!f) return;
  c->waiters = f->wnext;
  fiber_wakeup(f);
}
static inline void fiber_cond_broadcast(struct fiber_cond *c) {
  while (c->waiters) fiber_cond_signal(c);
}

static inline int fiber_cond_wait_timeout(struct fiber_cond *c, double timeout) {
  struct fiber *me = fiber_self(), **p = &c->waiters;
  int64_t end = tnt__ns(CLOCK_MONOTONIC) + (int64_t)(timeout * 1e9);
  me->wnext = NULL;
  while (*p) p = &(*p)->wnext;
  *p = me;
  tnt__wait(timeout);
  for (p = &c->waiters; *p; p = &(*p)->wnext)
    if (*p == me) { *p = me->wnext; break; }
  if (me->cancelled || tnt__ns(CLOCK_MONOTONIC) >= end) {
    errno = me->cancelled ? ECANCELED : ETIMEDOUT;
    return -1;
  }
  return 0;
}
static inline int fiber_cond_wait(struct fiber_cond *c) { return fiber_cond_wait_timeout(c, 1e9); }

/* Stand-in only: sched's event loop (see the banner). */
static inline int fiber_loop_run(double seconds) {
  struct pollfd pfd[64];
  struct fiber *pf[64], *f, *best;
  int64_t end = seconds < 0 ? -1 : tnt__ns(CLOCK_MONOTONIC) + (int64_t)(seconds * 1e9);
  if (fiber_self() != &tnt__sched) {
    fprintf(stderr, "tarantool stand-in: fiber_loop_run() called in a fiber\n");
    abort();
  }
  for (;;) {
    int n = 0, batch = 0;
    for (f = tnt__ready; f; f = f->next) batch++;
    while (batch-- > 0 && tnt__ready) tnt__call(tnt__ready); /* one round */
    tnt__collect();
    int64_t now = tnt__ns(CLOCK_MONOTONIC), next = end;
    if ((seconds < 0 && tnt__nlive == 0) || (end >= 0 && now >= end)) return tnt__nlive;
    for (f = tnt__alive; f; f = f->anext) {
      if (f->fd >= 0 && n < 64) {
        pfd[n].fd = f->fd;
        pfd[n].events = f->events;
        pfd[n].revents = 0;
        pf[n++] = f;
      }
      if (f->deadline >= 0 && (next < 0 || f->deadline < next)) next = f->deadline;
    }
    if (!tnt__ready && n == 0 && next < 0) return tnt__nlive; /* stalled */
    int timeout = tnt__ready ? 0 : next < 0 ? -1
                : next <= now ? 0 : (int)((next - now + 999999) / 1000000);
    if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) abort();
    for (int i = 0; i < n; i++)
      if (pfd[i].revents) {
        pf[i]->revents = pfd[i].revents;
        pf[i]->fd = -1;
        fiber_wakeup(pf[i]);
      }
    now = tnt__ns(CLOCK_MONOTONIC);
    for (;;) { /* expired timers, earliest first */
      best = NULL;
      for (f = tnt__alive; f; f = f->anext)
        if (f->deadline >= 0 && f->deadline <= now && (!best || f->deadline < best->deadline))
          best = f;
      if (!best) break;
      best->deadline = -1;
      fiber_wakeup(best);
    }
  }
}

#endif /* TARANTOOL_MODULE_STANDIN_H */
