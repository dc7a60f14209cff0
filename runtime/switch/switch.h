/*===- switch.h - The switch path ------------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The __swg_* entry points the pass calls (hooks.c), must_switch scopes
 * (guard.c), the coroutine registry (registry.c, spawnstack.c) and the
 * calls of switchguard.h (api.c).
 *
 * Ground rules
 *   - Depends on base/, the ABI header and switchguard.h only: this folder
 *     is compiled with no other layer's folder on its include path. What
 *     the layers above must hear of (a thread's first event, a failed
 *     scope, a switch to record) goes through struct swg_switch_listener,
 *     which the top (lifecycle.c) defines.
 *   - Runs on program threads, inside their switches. The fast path
 *     (__swg_switch_enter/return) touches only its own thread's TLS block:
 *     no lock, no allocation, no clock, no call but tail calls to the slow
 *     path.
 *   - The slow path may allocate (a thread's record, once) and read the
 *     clock while a time feature is on; spawn and destroy take their
 *     thread's registry shard lock, the innermost lock of the runtime
 *     (registry.c, lifecycle.c).
 *   - Other threads read a thread's switch state only through
 *     swg__hot_read/swg__hot_done, and never free a record.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_SWITCH_H
#define SWITCHGUARD_SWITCH_H

#include "base.h"
#include "switchguard_abi.h"

/* ---- hooks.c: the per-thread switch state ---------------------------- */

/* A thread's switch state, in its own static TLS block (__swg_tls), where
 * the pass's inline fast path writes it at fixed offsets (switchguard_abi.h)
 * with no pointer to load first. Only the owning thread writes seq, current,
 * site and hub_handle; the monitor reads them through its record's `hot`. */
struct swg_hot {
  _Atomic uint64_t seq;                     /* switch events so far */
  _Atomic(void *) current;                  /* NULL: the hub */
  _Atomic(const struct swg_site *) site;    /* the last switch site */
  void *hub_handle;                         /* the library's name for the hub */
  /* Not zero while every switch must go through the runtime: the thread
   * has no record yet (SWG_SLOW_UNREGISTERED), guards watch it, a
   * recording wants every switch, or the monitor wants the next one
   * stamped (SWG_SLOW_STAMP). Bits, each changed with an atomic OR or
   * AND: the monitor sets one while the owner changes the others. */
  _Atomic uint32_t slow;
  /* Not zero while an SWG_MAY_BLOCK allowance covers what this thread
   * calls: its blocking calls are no findings (intercept/). */
  _Atomic uint32_t allow;
  /* A serial number per thread, never reused (records are): a guarded
   * scope tells the thread it was entered on from a later one. */
  uint64_t owner;
};
#define SWG_SLOW_WATCHED 1u
#define SWG_SLOW_UNREGISTERED 2u
/* Set by the monitor when it opens an incident: the thread's next switch
 * records its time and site in the record (stamp_*) and clears it, so the
 * incident's end is exact while the fast path stays as it is. */
#define SWG_SLOW_STAMP 4u

/* One per thread that ever switched. The records live until exit so that
 * the monitor never reads freed memory; the TLS block does not outlive its
 * thread, so at exit the thread copies its state into `parked` and points
 * `hot` there, once no other thread is reading it (swg__hot_read). */
struct swg_thread {
  struct swg_hot *_Atomic hot; /* &__swg_tls of its thread */
  _Atomic uint32_t readers;    /* other threads reading *hot */
  struct swg_hot parked;       /* *hot once the thread exited */
  /* A coroutine announced by a start call (neco_start) that will name
   * itself at its body's entry: its parent and spawn site until then. */
  const struct swg_site *pending_site;
  void *pending_parent;
  void *pending_entry;
  bool native_named;                        /* see native_coroutine() */
  /* Guards that must see every switch (a limit, or hub-only): guard.c's
   * table, kept in watch_table; `watch` points to it only while it has
   * entries, and the fast path calls guard.c only then. */
  struct swg_watch *_Atomic watch;
  struct swg_watch *watch_table;            /* under watch_lock */
  atomic_flag watch_lock;                   /* owner vs a migrated exit */
  uint64_t stretch_start_ns;                /* kept while watch != NULL */
  const struct swg_site *stretch_site;
  bool record;                              /* trace.c wants every switch */
  /* Where coroutines last left this thread (coro_state.c), made by the
   * owner on its first such slow switch; NULL until then. */
  struct swg_left *_Atomic left;
  /* The coroutines this record's threads spawned (registry.c), made at
   * the first spawn and kept with the record; NULL until then. */
  struct swg_shard *_Atomic registry;
  _Atomic pid_t tid;                        /* a reused record is rewritten */
  _Atomic int alive;                        /* cleared when the thread exits */
  _Atomic int ignored;                      /* swg_ignore_current_blocking */
  /* Bumped to odd when a thread starts taking the record and to even
   * once tid and name_pub are its own: a seqlock for the monitor. */
  _Atomic uint32_t generation;
  char name[16];                            /* the owner's (trace, registry) */
  _Atomic uint64_t name_pub[2];             /* name, for other threads */
  struct swg_thread *next;                  /* the global list, push-only */
  /* The first switch after SWG_SLOW_STAMP was set: written by the owner,
   * stamp_seq (the count that switch made; 0: none) last. */
  uint64_t stamp_ns;
  const struct swg_site *stamp_site;
  _Atomic uint64_t stamp_seq;
  /* The monitor's: what it saw last time, and the open incident. */
  uint32_t mon_generation;
  pid_t mon_tid;                            /* mon_generation's thread: its */
  char mon_thread_name[16];                 /* tid and name, read once */
  uint64_t mon_seq;
  uint64_t mon_seen_ns;                     /* when mon_seq began, */
  uint64_t mon_seen_err_ns;                 /* give or take this */
  uint64_t mon_delay0_ns;                   /* its wait for a CPU so far, */
  bool mon_delay_known;                     /* from the stretch's 2nd look */
  bool mon_ran;                             /* on a CPU since the last look */
  uint64_t mon_cpu_ns;                      /* its CPU time at the last look */
  uint64_t mon_next_report_ns;
  int mon_incident;                         /* reports so far, 0 if none */
  const struct swg_site *mon_site;
  void *mon_current;
  uint64_t mon_next_sample_ns;              /* the open incident's stack */
  uint64_t mon_sample_every_ns;             /* samples, and how often */
  unsigned mon_samples;
  /* The reporter's: the blocked coroutine's name as its first report gave
   * it, which the monitor's later incidents point to. */
  char reported_name[64];
};

SWG_HIDDEN struct swg_thread *swg__thread_list(void);
/* This thread's switch state, the ABI's SWG_TLS_SYMBOL, which instrumented
 * code writes inline; and its record, NULL until its first event. */
extern __thread struct swg_hot __swg_tls
    __attribute__((tls_model("initial-exec")));
extern __thread struct swg_thread *swg__tls_self
    __attribute__((tls_model("initial-exec"))) SWG_HIDDEN;
SWG_HIDDEN struct swg_thread *swg__thread_register(void);
/* Recomputes t's slow flag after its watch table or recording changed;
 * from any thread. */
SWG_HIDDEN void swg__update_slow(struct swg_thread *t);
static inline struct swg_thread *swg__thread_self(void) {
  struct swg_thread *t = swg__tls_self;
  return SWG_LIKELY(t != NULL) ? t : swg__thread_register();
}
/* The calling thread's own switch count and context: it is their writer. */
static inline uint64_t swg__own_seq(void) {
  return atomic_load_explicit(&__swg_tls.seq, memory_order_relaxed);
}
static inline void *swg__own_current(void) {
  return atomic_load_explicit(&__swg_tls.current, memory_order_relaxed);
}
/* Another thread's switch state, held against its exit until
 * swg__hot_done: the exiting thread waits for no reader to be left before
 * its TLS block goes. Both sides are sequentially consistent, so either
 * the reader sees `parked` or the exiting thread sees the reader. */
static inline struct swg_hot *swg__hot_read(struct swg_thread *t) {
  atomic_fetch_add(&t->readers, 1);
  return atomic_load(&t->hot);
}
static inline void swg__hot_done(struct swg_thread *t) {
  atomic_fetch_sub_explicit(&t->readers, 1, memory_order_release);
}
static inline uint64_t swg__thread_seq(struct swg_thread *t) {
  uint64_t seq =
      atomic_load_explicit(&swg__hot_read(t)->seq, memory_order_acquire);
  swg__hot_done(t);
  return seq;
}
static inline const struct swg_site *swg__thread_site(struct swg_thread *t) {
  const struct swg_site *site = atomic_load(&swg__hot_read(t)->site);
  swg__hot_done(t);
  return site;
}
static inline void *swg__thread_current(struct swg_thread *t) {
  void *cur = atomic_load(&swg__hot_read(t)->current);
  swg__hot_done(t);
  return cur;
}
/* Is `current` (as read from a thread's state, with the site of the switch
 * that set it) the hub? NULL always is; with address handles (fcontext) an
 * address inside no coroutine's stack is too. Takes the registry lock. */
SWG_HIDDEN bool swg__is_hub(void *current, const struct swg_site *site);
/* A fork child: only the forking thread's record stays alive (the
 * registry's lock made anew). */
SWG_HIDDEN void swg__switch_after_fork(void);

/* ---- guard.c: must_switch scopes ---------------------------------------- */

/* Called by the fast path on each switch while t->watch is set, before the
 * thread's current context changes to `to`. */
SWG_HIDDEN void swg__guards_on_switch(struct swg_thread *t, void *to,
                                      const struct swg_site *site);

/* A failed must_switch scope, as guard.c reports it. */
struct swg_guard_failure {
  struct swg_thread *thread;        /* the calling thread */
  void *coro;                       /* the current coroutine; NULL: hub */
  const struct swg_site *guard;     /* the scope: function, file, line */
  const char *reason;               /* "no_switch", "no_hub_switch",
                                       "stretch" (see report-format.md) */
  uint64_t stretch_ns;              /* the longest stretch inside it */
  uint64_t limit_ns;                /* must_switch(ms) limit; 0: none */
  const struct swg_site *exit;      /* the return it failed at */
  const struct swg_site *stretch_from, *stretch_to; /* the longest one */
  uintptr_t return_pc;              /* where the runtime entry that judged
                                       it returns to in the program's code;
                                       0: not known */
};

/* ---- what the layers above hear of ------------------------------------ */

/* The switch path names nothing above it: the top defines this table
 * (lifecycle.c), constant from the start, so it is there before any
 * constructor runs. Every call is off the fast path. */
struct swg_switch_listener {
  /* A thread's first event (its record is new): start the monitor. */
  void (*thread_registered)(void);
  /* Whether switches must be recorded (a trace file or a profile); asked
   * once per thread, when it first switches. */
  bool (*record_wanted)(void);
  /* Each switch of a recording thread, before its current context
   * changes to `to`. */
  void (*record_switch)(struct swg_thread *t, void *to,
                        const struct swg_site *site);
  /* A switch the monitor asked to see (SWG_SLOW_STAMP) was stamped and
   * published: it may sleep until one. Cheap; keeps errno. */
  void (*stamped)(void);
  /* A coroutine was destroyed (any thread): a handle reused by a new one
   * is named anew. Cheap. */
  void (*record_forget)(void *handle);
  /* A must_switch scope failed on the calling thread: report it, and
   * abort if must_switch_action says so. Not in a signal handler. */
  void (*scope_failed)(struct swg_guard_failure *f);
  /* A line for the report log: a thread left unwatched for want of
   * memory. */
  void (*note)(const char *line, size_t len);
};
extern const struct swg_switch_listener swg__switch_listener SWG_HIDDEN;

/* ---- registry.c: handle -> coroutine --------------------------------- */

struct swg_coro_info {
  void *handle;
  void *entry;
  void *parent;                   /* NULL: the hub of the spawning thread */
  const struct swg_site *spawn;
  const char *name;               /* entry name from the site, or set */
  bool owned_name;                /* name was copied by set_name */
  uint16_t spawn_depth;           /* spawn_pcs' frames */
  pid_t spawn_tid;
  uint64_t created_ns;             /* coarse, unique in its thread */
  uintptr_t stack_lo, stack_hi;   /* address handles: its stack, else 0 */
  uintptr_t *spawn_pcs;           /* spawn_stack=1: where it was made, [0]
                                     how many (the registry's own: NULL
                                     in a lookup's copy) */
};

/* Adds to t's own shard (t: the calling thread's record), stamping
 * created_ns; `name`, if not NULL, is copied. Replaces an entry of the
 * same handle in that shard. */
SWG_HIDDEN void swg__registry_add(struct swg_thread *t,
                                  const struct swg_coro_info *info,
                                  const char *name);
/* swg__registry_add for the common spawn, by the calling thread (its
 * record made): no stack range, no spawn stack, `name` not copied. */
SWG_HIDDEN void swg__registry_spawn(void *handle, void *entry, void *parent,
                                    const struct swg_site *site,
                                    const char *name);
/* Removes `handle`, looking in t's shard first (t: the calling thread's
 * record, or NULL), then in the others. */
SWG_HIDDEN void swg__registry_remove(struct swg_thread *t, void *handle);
/* Copies the entry for `handle` into `out`, and its name into `name` (n
 * bytes; out->name then points there); false if unknown. A handle that is
 * no entry's own but lies inside a coroutine's stack (address handles,
 * fcontext) finds that coroutine. */
SWG_HIDDEN bool swg__registry_lookup(void *handle, struct swg_coro_info *out,
                                     char *name, size_t n);
SWG_HIDDEN bool swg__registry_contains(void *handle);
/* Copies up to max pcs of the coroutine's spawn stack; returns how many. */
SWG_HIDDEN int swg__registry_spawn_stack(void *handle, uintptr_t *out,
                                         int max);

/* ---- spawnstack.c: spawn_stack=1 ------------------------------------------ */

/* Frames kept per spawn with spawn_stack=1. */
#define SWG_SPAWN_FRAMES 16
/* The caller's stack, for the registry entry being made (NULL if off):
 * [0] how many frames follow, also stored in *depth. */
SWG_HIDDEN uintptr_t *swg__spawn_stack_capture(uint16_t *depth);
/* Calls fn for each live coroutine, from a copy of each shard taken under
 * its lock (a name of the registry's own cut to 63 bytes, as reports show
 * it): fn runs with no lock held. */
SWG_HIDDEN void swg__registry_foreach(void (*fn)(const struct swg_coro_info *,
                                                 void *),
                                      void *arg);
SWG_HIDDEN size_t swg__registry_count(void);
/* Every shard's lock, held across fork(); re-made in the child. */
SWG_HIDDEN void swg__registry_lock(void);
SWG_HIDDEN void swg__registry_unlock(void);
SWG_HIDDEN void swg__registry_after_fork(pid_t old_tid, pid_t new_tid);
/* Renames; the registry keeps its own copy of `name`. */
SWG_HIDDEN bool swg__registry_set_name(void *handle, const char *name);

/* ---- coro_state.c: what the switch state knows of a coroutine -------- */

enum swg_coro_run {
  SWG_RUN_RUNNING,         /* the current context of a live thread */
  SWG_RUN_SUSPENDED,
  SWG_RUN_FINISHED,        /* its entry function returned; not destroyed
                              (told by report/waits.c where the library's
                              handle says so: minicoro, libaco) */
};
struct swg_coro_state {
  enum swg_coro_run run;
  const struct swg_site *suspended_at; /* the switch it left by, if seen */
};
/* Its state now: running or suspended. suspended_at is known for a
 * coroutine whose last switch away went through the runtime (its thread
 * slow: guards watching it, or a trace or profile recording), NULL
 * otherwise. Any thread; takes no lock (so callable while iterating the
 * registry). */
SWG_HIDDEN void swg__coro_state(const struct swg_coro_info *c,
                                struct swg_coro_state *out);
/* Whether c is the current context of a live thread. Any thread; no lock. */
SWG_HIDDEN bool swg__coro_running(const struct swg_coro_info *c);
/* The slow path, as a switch leaves `from` (not the hub) at `site`:
 * remembers it for swg__coro_state. The owning thread only. */
SWG_HIDDEN void swg__coro_left(struct swg_thread *t, void *from,
                               const struct swg_site *site);
/* A destroyed handle: no later coroutine there inherits its site. */
SWG_HIDDEN void swg__coro_forget_any(void *handle);
extern _Atomic bool swg__any_left SWG_HIDDEN; /* a thread remembered one */
static inline void swg__coro_forget_left(void *handle) {
  if (atomic_load_explicit(&swg__any_left, memory_order_relaxed))
    swg__coro_forget_any(handle);
}

#endif /* SWITCHGUARD_SWITCH_H */
