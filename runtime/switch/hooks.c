/*===- hooks.c - The switch fast path ----------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The __swg_* entry points the pass calls around every switch primitive
 * (switchguard_abi.h), and the per-thread switch state they update. A switch
 * event is three relaxed stores to the calling thread's own TLS block: no
 * lock, no allocation, no clock. The monitor reads other threads' state
 * through their records with the seqlock-like protocol in monitor.c.
 * Records are never freed (a thread that exits leaves its record, with its
 * last state copied in, for reuse), so the monitor never reads freed
 * memory.
 *
 *===----------------------------------------------------------------------===*/
#include "switch.h"

#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Every thread starts slow: its first event makes its record. */
__thread struct swg_hot __swg_tls
    __attribute__((tls_model("initial-exec"), visibility("default"))) = {
        .slow = SWG_SLOW_UNREGISTERED};
__thread struct swg_thread *swg__tls_self
    __attribute__((tls_model("initial-exec")));

/* The pass's inline fast path writes these fields by offset. */
_Static_assert(offsetof(struct swg_hot, seq) == SWG_THREAD_SEQ, "abi");
_Static_assert(offsetof(struct swg_hot, current) == SWG_THREAD_CURRENT, "abi");
_Static_assert(offsetof(struct swg_hot, site) == SWG_THREAD_SITE, "abi");
_Static_assert(offsetof(struct swg_hot, hub_handle) == SWG_THREAD_HUB, "abi");
_Static_assert(offsetof(struct swg_hot, slow) == SWG_THREAD_SLOW, "abi");
_Static_assert(offsetof(struct swg_hot, allow) == SWG_THREAD_ALLOW, "abi");
_Static_assert(offsetof(struct swg_hot, owner) == SWG_THREAD_OWNER, "abi");
_Static_assert(sizeof(struct swg_hot) == SWG_THREAD_SIZE, "abi");
_Static_assert(sizeof((struct swg_thread *)0)->name ==
                   sizeof((struct swg_thread *)0)->name_pub,
               "name_pub holds the whole name");

static _Atomic(struct swg_thread *) thread_list;
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

struct swg_thread *swg__thread_list(void) {
  return atomic_load_explicit(&thread_list, memory_order_acquire);
}

/* Points t's readers at a copy of its state that outlives the thread's
 * TLS block; `wait`: for the readers of the block to leave it (in a fork
 * child there are none, and the block's owner is gone). */
static void park(struct swg_thread *t, bool wait) {
  struct swg_hot *h = atomic_load_explicit(&t->hot, memory_order_relaxed);
  if (!h || h == &t->parked)
    return;
  atomic_store_explicit(&t->parked.current, atomic_load(&h->current),
                        memory_order_relaxed);
  atomic_store_explicit(&t->parked.site, atomic_load(&h->site),
                        memory_order_relaxed);
  atomic_store_explicit(&t->parked.seq, atomic_load(&h->seq),
                        memory_order_release);
  atomic_store(&t->hot, &t->parked);
  while (wait && atomic_load(&t->readers))
    sched_yield(); /* a reader holds it for a few loads */
}

static void thread_exited(void *arg) {
  struct swg_thread *t = arg;
  if (t->native_named) /* its native coroutine ends with it */
    swg__registry_remove(t, t);
  park(t, true);
  atomic_store_explicit(&t->alive, 0, memory_order_release);
  swg__tls_self = NULL;
  __swg_tls.owner = 0;
  /* An event after this (a later TLS destructor) registers it again. */
  atomic_fetch_or_explicit(&__swg_tls.slow, SWG_SLOW_UNREGISTERED,
                           memory_order_relaxed);
}

static void make_exit_key(void) {
  if (pthread_key_create(&exit_key, thread_exited))
    abort();
}

/* Where a thread keeps its state when no record can be allocated: off the
 * list, so the monitor never watches it, but its hooks and guards work as
 * on any other thread. Out of memory means fewer details, not a crash. */
static __thread struct swg_thread unlisted_record
    __attribute__((tls_model("initial-exec")));

static struct swg_thread *unlisted(void) {
  struct swg_thread *t = &unlisted_record;
  atomic_store(&t->alive, 1);
  atomic_store(&t->hot, &t->parked);
  char line[128];
  int n = snprintf(line, sizeof line,
                   "==%d== switchguard: out of memory: thread %d is not "
                   "watched\n",
                   (int)getpid(), (int)gettid());
  swg__switch_listener.note(line, (size_t)n);
  return t;
}

/* Takes a record a dead thread left, or makes a new one. */
static struct swg_thread *claim_record(void) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    int dead = 0;
    if (atomic_compare_exchange_strong(&t->alive, &dead, 1))
      return t;
  }
  struct swg_thread *t = calloc(1, sizeof *t);
  if (!t)
    return unlisted();
  atomic_init(&t->alive, 1);
  atomic_init(&t->hot, &t->parked); /* readable before it is registered */
  struct swg_thread *head = swg__thread_list();
  do
    t->next = head;
  while (!atomic_compare_exchange_weak(&thread_list, &head, t));
  return t;
}

__attribute__((noinline)) struct swg_thread *swg__thread_register(void) {
  pthread_once(&exit_key_once, make_exit_key);
  struct swg_thread *t = claim_record();
  /* Whose the record is, published seqlock-style (odd generation while
   * it changes), so that the monitor never pairs the last owner's
   * incident with this thread's tid or name (monitor.c, identify()). */
  atomic_fetch_add_explicit(&t->generation, 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  atomic_store_explicit(&t->tid, gettid(), memory_order_relaxed);
  prctl(PR_GET_NAME, t->name);
  uint64_t words[2];
  memcpy(words, t->name, sizeof words);
  atomic_store_explicit(&t->name_pub[0], words[0], memory_order_relaxed);
  atomic_store_explicit(&t->name_pub[1], words[1], memory_order_relaxed);
  struct swg_hot *h = &__swg_tls;
  atomic_store_explicit(&h->current, NULL, memory_order_relaxed);
  atomic_store_explicit(&h->site, NULL, memory_order_relaxed);
  h->hub_handle = NULL;
  static _Atomic uint64_t owners;
  h->owner = atomic_fetch_add_explicit(&owners, 1, memory_order_relaxed) + 1;
  atomic_store(&t->hot, h);
  t->native_named = false;
  atomic_store_explicit(&t->stamp_seq, 0, memory_order_relaxed);
  t->record = swg__switch_listener.record_wanted();
  swg__update_slow(t);
  /* A stamp asked of the record's last owner is not this thread's. */
  atomic_fetch_and_explicit(&h->slow, ~(SWG_SLOW_UNREGISTERED | SWG_SLOW_STAMP),
                            memory_order_relaxed);
  atomic_store_explicit(&t->ignored, 0, memory_order_relaxed);
  atomic_fetch_add_explicit(&t->generation, 1, memory_order_release);
  pthread_setspecific(exit_key, t);
  swg__tls_self = t;
  swg__switch_listener.thread_registered();
  return t;
}

/* Only the owning thread writes, so a plain increment is enough; the
 * release store orders current/site before the new seq for the monitor. */
static inline void store(void *current, const struct swg_site *site) {
  struct swg_hot *h = &__swg_tls;
  uint64_t seq = atomic_load_explicit(&h->seq, memory_order_relaxed);
  atomic_store_explicit(&h->current, current, memory_order_relaxed);
  atomic_store_explicit(&h->site, site, memory_order_relaxed);
  atomic_store_explicit(&h->seq, seq + 1, memory_order_release);
}

/* Does a switch on this thread need more than the three stores: no record
 * yet, guards watching it, or a trace or profile recording it? */
static bool slow(void) {
  return atomic_load_explicit(&__swg_tls.slow, memory_order_relaxed) != 0;
}

void swg__update_slow(struct swg_thread *t) {
  bool watched =
      atomic_load_explicit(&t->watch, memory_order_relaxed) != NULL ||
      t->record;
  struct swg_hot *h = swg__hot_read(t); /* a migrated guard's exit, too */
  if (watched)
    atomic_fetch_or_explicit(&h->slow, SWG_SLOW_WATCHED, memory_order_relaxed);
  else
    atomic_fetch_and_explicit(&h->slow, ~SWG_SLOW_WATCHED,
                              memory_order_relaxed);
  swg__hot_done(t);
}

/* The switch the monitor asked to see (SWG_SLOW_STAMP): when and where,
 * published with the count it is about to make, before that count. */
static __attribute__((noinline)) void stamp(struct swg_thread *t,
                                            const struct swg_site *site) {
  t->stamp_ns = swg__now_ns();
  t->stamp_site = site;
  atomic_store_explicit(&t->stamp_seq, swg__own_seq() + 1,
                        memory_order_release);
  atomic_fetch_and_explicit(&__swg_tls.slow, ~SWG_SLOW_STAMP,
                            memory_order_relaxed);
}

/* A switch event, with whoever watches every switch told first. */
static inline void publish(struct swg_thread *t, void *current,
                           const struct swg_site *site) {
  bool stamped = false;
  if (SWG_UNLIKELY(slow())) {
    /* Acquire: the monitor read the last stamp before it asked again.
     * t->tid: not an unlisted record, which no monitor reads. */
    if (atomic_load_explicit(&__swg_tls.slow, memory_order_acquire) &
            SWG_SLOW_STAMP &&
        t->tid)
      stamp(t, site), stamped = true;
    if (atomic_load_explicit(&t->watch, memory_order_relaxed))
      swg__guards_on_switch(t, current, site);
    if (t->record)
      swg__switch_listener.record_switch(t, current, site);
  }
  store(current, site);
  if (stamped) /* once the monitor can see the switch */
    swg__switch_listener.stamped();
}

/* Where the scheduler runs inside the yielding calls (libdill), the native
 * context is a coroutine like any other, not the hub: give it a handle of
 * its own, the thread record, named once. */
static __attribute__((noinline)) void *native_coroutine(struct swg_thread *t) {
  if (!t->native_named) {
    t->native_named = true;
    struct swg_coro_info info = {
        .handle = t, /* never spawned: no spawn site */
        .name = t->tid == getpid() ? "main" : t->name,
        .spawn_tid = t->tid,
    };
    swg__registry_add(t, &info, NULL);
  }
  return t;
}

static void *switch_enter(struct swg_thread *t, void *from, void *to,
                          const struct swg_site *site) {
  struct swg_hot *h = &__swg_tls;
  void *prev = atomic_load_explicit(&h->current, memory_order_relaxed);
  if (!prev) {
    if (site->flags & SWG_SITE_HUB_IN_CALLS)
      prev = native_coroutine(t);
    else if (from) /* symmetric libraries name the hub: learn its name */
      h->hub_handle = from;
  }
  if (to == h->hub_handle)
    to = NULL;
  if (prev && prev != to && t->tid) /* t->tid: not an unlisted record */
    swg__coro_left(t, prev, site);
  publish(t, to, site);
  return prev;
}

static __attribute__((noinline)) void *
switch_enter_slow(void *from, void *to, const struct swg_site *site) {
  return switch_enter(swg__thread_self(), from, to, site);
}

static __attribute__((noinline)) void
switch_return_slow(void *prev, const struct swg_site *site) {
  publish(swg__thread_self(), prev, site);
}

/* The fast paths make no call but tail calls to the slow ones (a thread's
 * first event, guards watching, a native coroutine to name), so they save
 * no registers: a compare off %fs, a load or two, three stores. */
void *__swg_switch_enter(void *from, void *to, const struct swg_site *site) {
  struct swg_hot *h = &__swg_tls;
  void *prev;
  if (SWG_UNLIKELY(slow() || (!(prev = atomic_load_explicit(
                                    &h->current, memory_order_relaxed)) &&
                              (site->flags & SWG_SITE_HUB_IN_CALLS))))
    return switch_enter_slow(from, to, site);
  if (!prev && from)
    h->hub_handle = from;
  store(to == h->hub_handle ? NULL : to, site);
  return prev;
}

void __swg_switch_return(void *prev, const struct swg_site *site) {
  if (SWG_UNLIKELY(slow()))
    return switch_return_slow(prev, site);
  store(prev, site);
}

static __attribute__((noinline)) void spawn_slow(void *handle, void *entry,
                                                 const char *name, void *stack,
                                                 uintptr_t size,
                                                 const struct swg_site *site) {
  struct swg_thread *t = swg__thread_self();
  void *parent = swg__own_current();
  if (!parent && site && (site->flags & SWG_SITE_HUB_IN_CALLS))
    parent = native_coroutine(t);
  if (!handle) { /* it will name itself at its body's entry */
    t->pending_site = site;
    t->pending_parent = parent;
    t->pending_entry = entry;
    return;
  }
  if (!entry && site && (site->flags & SWG_SITE_NULL_ENTRY_IS_HUB)) {
    __swg_tls.hub_handle = handle; /* aco's main co: the hub's own handle */
    return;
  }
  struct swg_coro_info info = {
      .handle = handle,
      .entry = entry,
      .parent = parent,
      .spawn = site,
      .name = site && site->entry && *site->entry ? site->entry : NULL,
      .spawn_tid = t->tid,
  };
  if (stack && size) /* stacks grow down from `stack` */
    info.stack_lo = (uintptr_t)stack - size, info.stack_hi = (uintptr_t)stack;
  if (SWG_UNLIKELY(swg__opts.spawn_stack))
    info.spawn_pcs = swg__spawn_stack_capture(&info.spawn_depth);
  swg__registry_add(t, &info, name);
}

/* The common spawn (a registered thread, a handle, a site, no name to copy,
 * stack range nor spawn stack to take) goes straight to the registry as a
 * tail call; everything else, and a yielding-call library's first spawn
 * from its native context, takes the slow path. */
void __swg_spawn(void *handle, void *entry, const char *name, void *stack,
                 uintptr_t size, const struct swg_site *site) {
  struct swg_thread *t = swg__tls_self;
  void *parent = swg__own_current();
  if (SWG_UNLIKELY(!t || !handle || !site || name || (stack && size) ||
                   swg__opts.spawn_stack))
    return spawn_slow(handle, entry, name, stack, size, site);
  uint32_t flags = site->flags;
  if (SWG_UNLIKELY(!entry && (flags & SWG_SITE_NULL_ENTRY_IS_HUB)))
    return spawn_slow(handle, entry, name, stack, size, site);
  if (!parent && (flags & SWG_SITE_HUB_IN_CALLS)) {
    if (SWG_UNLIKELY(!t->native_named))
      return spawn_slow(handle, entry, name, stack, size, site);
    parent = t; /* the native context: native_coroutine() named it */
  }
  swg__registry_spawn(handle, entry, parent, site,
                      site->entry && *site->entry ? site->entry : NULL);
}

/* A thread whose first event this is gets no record for it: the
 * coroutine is looked for in every shard, as it is when not in the
 * calling thread's own. */
void __swg_destroy(void *handle, const struct swg_site *site) {
  (void)site;
  if (SWG_UNLIKELY(!handle))
    return; /* the hub (an exit called outside any coroutine): no entry */
  struct swg_thread *t = swg__tls_self;
  swg__registry_remove(t, handle);
  swg__coro_forget_left(handle);
  /* Recording is on for every thread or for none (record_wanted). */
  if (SWG_UNLIKELY(!t || t->record))
    swg__switch_listener.record_forget(handle); /* reused: a new one */
}

void __swg_coro_begin(void *handle, const struct swg_site *site) {
  struct swg_thread *t = swg__thread_self();
  if (!handle) /* the library cannot say: the body stands for it */
    handle = (void *)site;
  /* Announced by a start call (neco_start), it is new: a handle given out
   * again is named anew. Otherwise its spawn may have named it. */
  if (t->pending_site || !swg__registry_contains(handle))
    swg__registry_spawn(handle, t->pending_entry,
                        t->pending_site ? t->pending_parent : NULL,
                        t->pending_site ? t->pending_site : site,
                        site->entry && *site->entry ? site->entry
                                                    : site->function);
  t->pending_site = NULL;
  publish(t, handle, site);
}

void __swg_hub(const struct swg_site *site) {
  struct swg_thread *t = swg__thread_self();
  void *cur = swg__own_current();
  if (cur)
    __swg_tls.hub_handle = cur;
  publish(t, NULL, site);
}

bool swg__is_hub(void *current, const struct swg_site *site) {
  if (!current)
    return true;
  return site && (site->flags & SWG_SITE_ADDRESS_HANDLES) &&
         !swg__registry_contains(current);
}

/* The ABI version every instrumented object refers to. */
__attribute__((visibility("default"))) const char __swg_abi_v2 = 1;

/* In a fork child only the forking thread exists: no reader is left, and
 * the others' TLS blocks are copies nobody will free or write. The
 * registry lock was held across fork() (lifecycle.c); the coroutines the
 * forking thread spawned are listed under its new tid. */
void swg__switch_after_fork(void) {
  struct swg_thread *self = swg__tls_self;
  pid_t parent_side = self ? atomic_load(&self->tid) : 0;
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    atomic_store_explicit(&t->readers, 0, memory_order_relaxed);
    if (t != self) {
      park(t, false);
      atomic_store_explicit(&t->alive, 0, memory_order_relaxed);
    }
  }
  if (self)
    self->tid = gettid();
  swg__registry_after_fork(parent_side, self ? atomic_load(&self->tid) : 0);
}
