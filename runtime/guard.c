/*===- guard.c - must_switch scopes ------------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A must_switch scope (a guarded call, or an SWG_ASSERT_SWITCHES block)
 * fails if no switch event happens between its entry and its exit; a
 * hub-only scope if none of them switches into the hub; a scope with a
 * limit if any stretch of its coroutine inside it (including the last, up
 * to the exit) runs longer than the limit, and then it need not switch, as
 * in gevent's assert_switches. Time in the hub never counts toward a
 * stretch (gevent's MaxSwitchTracer measures from the scope's entry:
 * gevent issue #1517).
 *
 * A plain scope costs two loads at entry and two at exit: the switch count
 * moved, or the coroutine now runs on another thread. Scopes with a limit
 * or hub-only join their thread's watch list, and while it is not empty
 * the fast path calls guards_on_switch on each switch, which reads the
 * clock only if some scope has a limit. Scope records live in the guarded
 * function's frame; one that an exception or longjmp skipped is dropped
 * when an enclosing scope of the same coroutine exits.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"
#include "switchguard.h"

#include <pthread.h>
#include <signal.h>

struct swg_guard {
  struct swg_thread *thread;       /* where it was entered */
  uint64_t seq;                    /* the thread's switch count then */
  void *coro;                      /* the coroutine it belongs to */
  const struct swg_site *site;     /* the scope (function, file, line) */
  uint64_t limit_ns;               /* 0: no limit */
  uint64_t entered_ns;             /* timed scopes */
  uint64_t longest_ns;             /* the longest stretch so far */
  const struct swg_site *longest_from, *longest_to;
  uint32_t flags;                  /* SWG_GUARD_HUB_ONLY */
  bool saw_hub;                    /* hub-only: a switch into the hub */
  bool watched;                    /* on thread->watch */
  struct swg_guard *_Atomic next;  /* thread->watch, newest first */
};

_Static_assert(sizeof(struct swg_guard) <= SWG_GUARD_SIZE,
               "the pass reserves SWG_GUARD_SIZE bytes for a guard");
_Static_assert(sizeof(struct swg_guard) <= sizeof(((swg_scope_t *)0)->storage),
               "swg_scope_t holds a guard");
_Static_assert(sizeof(struct swg_site) <= sizeof(((swg_scope_t *)0)->site),
               "swg_scope_t holds a site");
_Static_assert((int)SWG_SCOPE_HUB_ONLY == (int)SWG_GUARD_HUB_ONLY,
               "one flag, two names");

static void lock_watch(struct swg_thread *t) {
  while (atomic_flag_test_and_set_explicit(&t->watch_lock,
                                           memory_order_acquire))
    ;
}

static void unlock_watch(struct swg_thread *t) {
  atomic_flag_clear_explicit(&t->watch_lock, memory_order_release);
}

static bool timed(const struct swg_thread *t) {
  for (struct swg_guard *g = atomic_load(&t->watch); g; g = g->next)
    if (g->limit_ns)
      return true;
  return false;
}

void swg__guards_on_switch(struct swg_thread *t, void *to,
                           const struct swg_site *site) {
  void *from = atomic_load_explicit(&t->current, memory_order_relaxed);
  uint64_t now = 0;
  lock_watch(t);
  if (timed(t))
    now = swg__now_ns();
  for (struct swg_guard *g = atomic_load(&t->watch); g; g = g->next) {
    if (!to)
      g->saw_hub = true; /* as gevent: any switch into the hub counts */
    if (g->limit_ns && g->coro == from) { /* a stretch of its coroutine ends */
      uint64_t start = t->stretch_start_ns > g->entered_ns
                           ? t->stretch_start_ns
                           : g->entered_ns;
      if (now - start > g->longest_ns) {
        g->longest_ns = now - start;
        g->longest_from = t->stretch_start_ns > g->entered_ns ? t->stretch_site
                                                              : g->site;
        g->longest_to = site;
      }
    }
  }
  t->stretch_start_ns = now;
  t->stretch_site = site;
  unlock_watch(t);
}

/* A scope that must see every switch joins its thread's watch list. */
static __attribute__((noinline)) void watch(struct swg_thread *t,
                                            struct swg_guard *g) {
  g->longest_ns = 0;
  g->longest_from = g->longest_to = NULL;
  g->saw_hub = false;
  if (g->limit_ns)
    g->entered_ns = swg__now_ns();
  lock_watch(t);
  g->next = atomic_load(&t->watch);
  g->watched = true;
  atomic_store(&t->watch, g);
  swg__update_slow(t);
  unlock_watch(t);
}

/* Only what a plain scope needs is written here: this is its whole cost. */
static inline void enter(struct swg_thread *t, struct swg_guard *g,
                         const struct swg_site *site, uint64_t limit_ns,
                         uint32_t flags) {
  g->thread = t;
  g->seq = atomic_load_explicit(&t->seq, memory_order_relaxed);
  g->coro = atomic_load_explicit(&t->current, memory_order_relaxed);
  g->site = site;
  g->limit_ns = limit_ns;
  g->flags = flags;
  g->watched = false;
  if (SWG_UNLIKELY(limit_ns || (flags & SWG_GUARD_HUB_ONLY)))
    watch(t, g);
}

/* Takes g off its thread's list, with any scope of the same coroutine
 * entered after it and never exited (skipped by longjmp or an exception). */
static void unwatch(struct swg_guard *g) {
  struct swg_thread *t = g->thread;
  lock_watch(t);
  struct swg_guard *_Atomic *link = &t->watch;
  bool inner = true;
  for (struct swg_guard *w; (w = atomic_load(link));) {
    if (w == g)
      inner = false;
    if (w == g || (inner && w->coro == g->coro)) {
      atomic_store(link, w->next);
      w->watched = false;
      continue;
    }
    link = &w->next;
  }
  swg__update_slow(t);
  unlock_watch(t);
}

static void *report_thread(void *f) {
  swg__report_must_switch_failed(f);
  return NULL;
}

/* The failing code may run on a coroutine's small stack, too small for
 * symbolisation: report from a thread of our own while this one waits
 * (and so can have its stack read from /proc, like a blocked one). */
static void report_elsewhere(struct swg_guard_failure *f) {
  pthread_t th;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old); /* the helper takes no signals */
  int err = pthread_create(&th, NULL, report_thread, f);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (err)
    swg__report_must_switch_failed(f); /* no thread: try on this stack */
  else
    pthread_join(th, NULL);
}

static void judge(struct swg_guard *g, const struct swg_site *exit_site,
                  struct swg_thread *t, bool moved, bool switched);

static inline void check(struct swg_thread *t, struct swg_guard *g,
                         const struct swg_site *exit_site) {
  bool moved = t != g->thread; /* resumed on another thread: it switched */
  bool switched =
      moved || atomic_load_explicit(&t->seq, memory_order_relaxed) != g->seq;
  if (SWG_LIKELY(switched && !g->watched))
    return; /* a plain scope that switched: the common case */
  judge(g, exit_site, t, moved, switched);
}

static __attribute__((noinline)) void judge(struct swg_guard *g,
                                            const struct swg_site *exit_site,
                                            struct swg_thread *t, bool moved,
                                            bool switched) {
  if (g->limit_ns && !moved) { /* the last stretch, up to the exit */
    uint64_t now = swg__now_ns();
    uint64_t start = switched && t->stretch_start_ns > g->entered_ns
                         ? t->stretch_start_ns
                         : g->entered_ns;
    if (now - start > g->longest_ns) {
      g->longest_ns = now - start;
      g->longest_from = start == g->entered_ns ? g->site : t->stretch_site;
      g->longest_to = exit_site;
    }
  }
  if (g->watched)
    unwatch(g);
  const char *reason = NULL;
  if (g->limit_ns && g->longest_ns > g->limit_ns)
    reason = "stretch";
  else if (!g->limit_ns && !switched)
    reason = "no_switch";
  else if ((g->flags & SWG_GUARD_HUB_ONLY) && !g->saw_hub && !moved &&
           (!g->limit_ns || switched))
    reason = "no_hub_switch";
  if (!reason)
    return;
  struct swg_guard_failure f = {
      .thread = t,
      .coro = atomic_load_explicit(&t->current, memory_order_relaxed),
      .guard = g->site,
      .exit = exit_site,
      .reason = reason,
      .stretch_ns = g->longest_ns,
      .limit_ns = g->limit_ns,
      .stretch_from = g->longest_from,
      .stretch_to = g->longest_to,
  };
  report_elsewhere(&f);
}

static __attribute__((noinline)) void
guard_enter_slow(void *guard, const struct swg_site *site, uint32_t limit_ms,
                 uint32_t flags) {
  enter(swg__thread_self(), guard, site, (uint64_t)limit_ms * 1000000u, flags);
}

/* As the switch hooks, the fast paths make only tail calls. */
void __swg_guard_enter(void *guard, const struct swg_site *site,
                       uint32_t limit_ms, uint32_t flags) {
  struct swg_thread *t = swg__tls_self;
  if (SWG_UNLIKELY(!t || limit_ms || (flags & SWG_GUARD_HUB_ONLY)))
    return guard_enter_slow(guard, site, limit_ms, flags);
  struct swg_guard *g = guard;
  g->thread = t;
  g->seq = atomic_load_explicit(&t->seq, memory_order_relaxed);
  g->watched = false;
  g->site = site;
  g->limit_ns = 0;
  g->flags = 0;
  g->coro = atomic_load_explicit(&t->current, memory_order_relaxed);
}

void __swg_guard_exit(void *guard, const struct swg_site *exit_site) {
  struct swg_thread *t = swg__tls_self;
  struct swg_guard *g = guard;
  if (SWG_LIKELY(t == g->thread && !g->watched &&
                 atomic_load_explicit(&t->seq, memory_order_relaxed) != g->seq))
    return; /* a plain scope that switched: the common case */
  check(t ? t : swg__thread_self(), g, exit_site);
}

/* An exception leaves the guarded function: drop the scope unchecked. */
void __swg_guard_abandon(void *guard) {
  struct swg_guard *g = guard;
  if (g->watched)
    unwatch(g);
}

/* ---- the block form: SWG_ASSERT_SWITCHES ------------------------------- */

void swg_assert_switches_begin(swg_scope_t *s, unsigned limit_ms,
                               unsigned flags, const char *file, int line,
                               const char *function) {
  struct swg_site *site = (struct swg_site *)s->site;
  *site = (struct swg_site){.function = function,
                            .file = file,
                            .line = (uint32_t)line,
                            .role = SWG_ROLE_GUARD,
                            .primitive = "SWG_ASSERT_SWITCHES",
                            .library = "must_switch"};
  enter(swg__thread_self(), (struct swg_guard *)s->storage, site,
        (uint64_t)limit_ms * 1000000u, flags);
}

void swg_assert_switches_end(swg_scope_t *s) {
  check(swg__thread_self(), (struct swg_guard *)s->storage,
        (struct swg_site *)s->site);
}
