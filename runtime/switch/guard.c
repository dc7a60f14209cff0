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
 * stretch (gevent's MaxSwitchTracer measures from the scope's entry
 * instead). A stretch over the limit fails the scope when it
 * ends: at its exit if that ends it, else at the switch that ends it, at
 * once, since no later event can change that verdict and the scope may
 * never exit (a coroutine that ends by a last switch, as aco_exit, a final
 * jump_fcontext or co_switch, is never resumed to return).
 *
 * A plain scope costs two loads at entry and two at exit: the switch count
 * moved, or the coroutine now runs on another thread. Scopes with a limit
 * or hub-only are watched: each gets an entry in its thread's watch table,
 * and while the table is not empty the fast path calls guards_on_switch on
 * each switch, which reads the clock only if some entry has a limit.
 *
 * The state a switch updates lives in the table, not in the scope's record
 * (in the guarded function's frame): longjmp, or an exception through a
 * frame with no landing pad, can leave a scope without its exit, and its
 * frame is then reused by other calls. The switch path compares a record's
 * address with the stack pointer but never reads it, so a dead record can
 * only linger. Entries of dead scopes are dropped: when a context lands
 * (a switch returns into it), those of it below its stack pointer (stacks
 * grow down, so its live frames are all above); at a scope's entry, one
 * of its coroutine at the same address; at a scope's exit, those its
 * coroutine entered after it.
 *
 *===----------------------------------------------------------------------===*/
#include "switch.h"
#include "switchguard.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

/* A scope's record, in the guarded function's frame (or a swg_scope_t). */
struct swg_guard {
  struct swg_thread *thread;       /* where it was entered: its record */
  uint64_t owner;                  /* and its serial (records are reused) */
  uint64_t seq;                    /* the thread's switch count then */
  void *coro;                      /* the coroutine it belongs to */
  const struct swg_site *site;     /* the scope (function, file, line) */
  uint64_t limit_ns;               /* 0: no limit */
  uint32_t flags;                  /* SWG_GUARD_HUB_ONLY */
  uint8_t state;                   /* enum swg_guard_state */
};

enum swg_guard_state {
  SWG_GUARD_PLAIN,     /* judged by the switch count alone */
  SWG_GUARD_WATCHED,   /* has an entry in its thread's table */
  SWG_GUARD_UNCHECKED, /* a limit, but no room for an entry: not judged */
};

/* A watched scope, in its thread's table. */
struct watch_entry {
  const void *guard; /* its record: compared with stack pointers, not read */
  void *coro;
  const struct swg_site *site;
  uint64_t limit_ns;
  uint64_t entered_ns;
  uint64_t longest_ns; /* the longest stretch so far */
  const struct swg_site *longest_from, *longest_to;
  uint32_t flags;
  bool saw_hub; /* hub-only: a switch into the hub */
  bool failed;  /* reported at a switch, for a stretch over its limit */
};

/* Oldest first; only ever touched under the thread's watch_lock. */
struct swg_watch {
  uint32_t n, cap;
  uint32_t timed; /* entries with a limit */
  struct watch_entry e[];
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

/* The caller's frames, and any live scope record of the code running now,
 * lie above this address. */
#define SWG_STACK_POINTER() ((uintptr_t)__builtin_frame_address(0))

/* Drops the entry of `coro` for the record at `at`: a scope that was left
 * without its exit, since a new one took its place. Under the lock. */
static void drop_dead(struct swg_watch *w, void *coro, const void *at) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < w->n; i++) {
    struct watch_entry *e = &w->e[i];
    if (e->coro == coro && e->guard == at) {
      w->timed -= e->limit_ns != 0;
      continue;
    }
    if (kept != i)
      w->e[kept] = *e;
    kept++;
  }
  w->n = kept;
}

/* The fast path calls guard.c while, and only while, the table has
 * entries; under the lock. */
static void publish_watch(struct swg_thread *t) {
  struct swg_watch *w = t->watch_table;
  atomic_store_explicit(&t->watch, w && w->n ? w : NULL, memory_order_relaxed);
  swg__update_slow(t);
}

/* How many scopes one switch can fail at once; more are judged at their
 * exits. */
#define SWG_FAILS_AT_SWITCH 4

void swg__guards_on_switch(struct swg_thread *t, void *to,
                           const struct swg_site *site) {
  void *from = swg__own_current();
  struct watch_entry failed[SWG_FAILS_AT_SWITCH];
  uint32_t nfailed = 0;
  uintptr_t sp = SWG_STACK_POINTER();
  lock_watch(t);
  struct swg_watch *w = t->watch_table;
  if (!w) { /* nothing was ever watched here */
    unlock_watch(t);
    return;
  }
  /* A landing (the context that runs now, as both the last event and this
   * one say): its scopes below here have lost their frames, to longjmp or
   * an exception without a landing pad. Other events may run on another
   * stack than `from` (a body's first event), so they drop nothing. */
  bool landing = from == to;
  uint64_t now = w->timed ? swg__now_ns() : 0;
  uint32_t kept = 0;
  for (uint32_t i = 0; i < w->n; i++) {
    struct watch_entry *e = &w->e[i];
    if (landing && e->coro == from && (uintptr_t)e->guard < sp) {
      w->timed -= e->limit_ns != 0;
      continue;
    }
    if (!to)
      e->saw_hub = true; /* as gevent: any switch into the hub counts */
    if (e->limit_ns && e->coro == from) { /* a stretch of its coroutine ends */
      uint64_t start = t->stretch_start_ns > e->entered_ns
                           ? t->stretch_start_ns
                           : e->entered_ns;
      if (now - start > e->longest_ns) {
        e->longest_ns = now - start;
        e->longest_from = t->stretch_start_ns > e->entered_ns ? t->stretch_site
                                                              : e->site;
        e->longest_to = site;
      }
      if (e->longest_ns > e->limit_ns && !e->failed &&
          nfailed < SWG_FAILS_AT_SWITCH) {
        e->failed = true;
        failed[nfailed++] = *e;
      }
    }
    if (kept != i)
      w->e[kept] = *e;
    kept++;
  }
  t->stretch_start_ns = now;
  t->stretch_site = site;
  if (kept != w->n) {
    w->n = kept;
    publish_watch(t);
  }
  unlock_watch(t);
  /* Reported before the switch is published: the failing coroutine is
   * still the current one, and it waits in its own code. */
  for (uint32_t i = 0; i < nfailed; i++) {
    struct swg_guard_failure f = {
        .thread = t,
        .coro = from,
        .guard = failed[i].site,
        .exit = NULL, /* the scope has not ended */
        .reason = "stretch",
        .stretch_ns = failed[i].longest_ns,
        .limit_ns = failed[i].limit_ns,
        .stretch_from = failed[i].longest_from,
        .stretch_to = failed[i].longest_to,
    };
    swg__switch_listener.scope_failed(&f);
  }
}

/* Room for one more entry; under the lock. */
static struct swg_watch *watch_room(struct swg_thread *t) {
  struct swg_watch *w = t->watch_table;
  if (w && w->n < w->cap)
    return w;
  uint32_t cap = w ? 2 * w->cap : 8;
  struct swg_watch *bigger =
      realloc(w, sizeof *w + (size_t)cap * sizeof w->e[0]);
  if (!bigger)
    return NULL;
  if (!w)
    bigger->n = bigger->timed = 0;
  bigger->cap = cap;
  t->watch_table = bigger;
  return bigger;
}

/* A scope that must see every switch gets an entry in its thread's table. */
static __attribute__((noinline)) void watch(struct swg_thread *t,
                                            struct swg_guard *g) {
  uint64_t now = g->limit_ns ? swg__now_ns() : 0;
  lock_watch(t);
  struct swg_watch *w = t->watch_table;
  /* The record is fresh: an entry at its address belongs to a scope that
   * was left without its exit. */
  if (w)
    drop_dead(w, g->coro, g);
  if ((w = watch_room(t))) {
    w->e[w->n++] = (struct watch_entry){.guard = g,
                                        .coro = g->coro,
                                        .site = g->site,
                                        .limit_ns = g->limit_ns,
                                        .entered_ns = now,
                                        .flags = g->flags};
    w->timed += g->limit_ns != 0;
    g->state = SWG_GUARD_WATCHED;
  } else {
    /* Out of memory: a hub-only scope is checked as a plain one (a weaker
     * rule, so never a false failure); one with a limit is not checked. */
    g->state = g->limit_ns ? SWG_GUARD_UNCHECKED : SWG_GUARD_PLAIN;
    g->limit_ns = 0;
    g->flags = 0;
  }
  publish_watch(t);
  unlock_watch(t);
}

/* Only what a plain scope needs is written here: this is its whole cost. */
static inline void enter(struct swg_thread *t, struct swg_guard *g,
                         const struct swg_site *site, uint64_t limit_ns,
                         uint32_t flags) {
  g->thread = t;
  g->owner = __swg_tls.owner;
  g->seq = swg__own_seq();
  g->coro = swg__own_current();
  g->site = site;
  g->limit_ns = limit_ns;
  g->flags = flags;
  g->state = SWG_GUARD_PLAIN;
  if (SWG_UNLIKELY(limit_ns || (flags & SWG_GUARD_HUB_ONLY)))
    watch(t, g);
}

/* Takes g's entry out of its thread's table into *out, with the entries of
 * the same coroutine made after it (scopes inside it that never exited).
 * False if it is gone: dropped as dead, which a trace that missed a switch
 * can make it look. */
static bool unwatch(struct swg_guard *g, struct watch_entry *out) {
  struct swg_thread *t = g->thread;
  bool found = false;
  lock_watch(t);
  struct swg_watch *w = t->watch_table;
  uint32_t at = 0;
  for (uint32_t i = w ? w->n : 0; i-- > 0;)
    if (w->e[i].guard == g && w->e[i].coro == g->coro) {
      at = i, found = true; /* the newest: older ones there are dead */
      break;
    }
  if (found) {
    *out = w->e[at];
    uint32_t kept = at;
    for (uint32_t i = at + 1; i < w->n; i++) {
      if (w->e[i].coro == g->coro) /* inside g, never exited */
        w->timed -= w->e[i].limit_ns != 0;
      else
        w->e[kept++] = w->e[i];
    }
    w->timed -= out->limit_ns != 0;
    w->n = kept;
  }
  g->state = SWG_GUARD_PLAIN;
  publish_watch(t);
  unlock_watch(t);
  return found;
}

static void judge(struct swg_guard *g, const struct swg_site *exit_site,
                  struct swg_thread *t, bool moved, bool switched,
                  uintptr_t return_pc);

/* return_pc: the entry's return address, where a failure's stack begins
 * (the entry tail-calls judge, so its own frame is gone by then). */
static inline void check(struct swg_thread *t, struct swg_guard *g,
                         const struct swg_site *exit_site,
                         uintptr_t return_pc) {
  /* resumed on another thread: it switched */
  bool moved = g->owner != __swg_tls.owner;
  bool switched = moved || swg__own_seq() != g->seq;
  if (SWG_LIKELY(switched && g->state == SWG_GUARD_PLAIN))
    return; /* a plain scope that switched: the common case */
  judge(g, exit_site, t, moved, switched, return_pc);
}

static __attribute__((noinline)) void judge(struct swg_guard *g,
                                            const struct swg_site *exit_site,
                                            struct swg_thread *t, bool moved,
                                            bool switched,
                                            uintptr_t return_pc) {
  struct watch_entry e = {.site = g->site};
  if (g->state == SWG_GUARD_UNCHECKED ||
      (g->state == SWG_GUARD_WATCHED && !unwatch(g, &e)) || e.failed)
    return; /* nothing to judge it by, or failed at a switch already */
  if (g->limit_ns && !moved) { /* the last stretch, up to the exit */
    uint64_t now = swg__now_ns();
    uint64_t start = switched && t->stretch_start_ns > e.entered_ns
                         ? t->stretch_start_ns
                         : e.entered_ns;
    if (now - start > e.longest_ns) {
      e.longest_ns = now - start;
      e.longest_from = start == e.entered_ns ? g->site : t->stretch_site;
      e.longest_to = exit_site;
    }
  }
  const char *reason = NULL;
  if (g->limit_ns && e.longest_ns > g->limit_ns)
    reason = "stretch";
  else if (!g->limit_ns && !switched)
    reason = "no_switch";
  else if ((g->flags & SWG_GUARD_HUB_ONLY) && !e.saw_hub && !moved &&
           (!g->limit_ns || switched))
    reason = "no_hub_switch";
  if (!reason)
    return;
  struct swg_guard_failure f = {
      .thread = t,
      /* after a tail switch's hook, current is already its target */
      .coro = exit_site && (exit_site->flags & SWG_SITE_TAIL_SWITCH)
                  ? g->coro
                  : swg__own_current(),
      .guard = g->site,
      .exit = exit_site,
      .reason = reason,
      .stretch_ns = e.longest_ns,
      .limit_ns = g->limit_ns,
      .stretch_from = e.longest_from,
      .stretch_to = e.longest_to,
      .return_pc = return_pc,
  };
  swg__switch_listener.scope_failed(&f);
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
  g->owner = __swg_tls.owner;
  g->seq = swg__own_seq();
  g->state = SWG_GUARD_PLAIN;
  g->site = site;
  g->limit_ns = 0;
  g->flags = 0;
  g->coro = swg__own_current();
}

void __swg_guard_exit(void *guard, const struct swg_site *exit_site) {
  struct swg_thread *t = swg__tls_self;
  struct swg_guard *g = guard;
  if (SWG_LIKELY(g->owner == __swg_tls.owner && g->state == SWG_GUARD_PLAIN &&
                 swg__own_seq() != g->seq))
    return; /* a plain scope that switched: the common case */
  check(t ? t : swg__thread_self(), g, exit_site,
        (uintptr_t)__builtin_return_address(0));
}

/* A plain scope inline in its function found the count unchanged at a
 * return (or returns by a musttail call). owner: its thread's serial at
 * entry; 0 if it had none, and then it never switched. */
void __swg_guard_plain_exit(uint64_t seq, uint64_t owner,
                            const struct swg_site *site,
                            const struct swg_site *exit_site) {
  if (swg__own_seq() != seq)
    return;
  struct swg_thread *t = swg__thread_self();
  if (owner && owner != __swg_tls.owner)
    return; /* resumed on another thread, at the same count: it switched */
  struct swg_guard g = {.thread = t,
                        .seq = seq,
                        .coro = swg__own_current(),
                        .site = site,
                        .state = SWG_GUARD_PLAIN};
  judge(&g, exit_site, t, false, false,
        (uintptr_t)__builtin_return_address(0));
}

/* An exception leaves the guarded function: drop the scope unchecked. */
void __swg_guard_abandon(void *guard) {
  struct swg_guard *g = guard;
  struct watch_entry e;
  if (g->state == SWG_GUARD_WATCHED)
    unwatch(g, &e);
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
        (struct swg_site *)s->site, (uintptr_t)__builtin_return_address(0));
}
