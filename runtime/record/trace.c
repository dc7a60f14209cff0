/*===- trace.c - Recording switches for the timeline and profile -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * With trace_path or profile set, the fast path calls swg__record_switch on
 * every switch event (hooks.c, while t->record). Each thread records into a
 * recorder of its own: no lock, and no allocation once its chunks and
 * tables have grown. What it keeps per event is the time, the site and the
 * index of the context switched to; names are looked up once per
 * coroutine per thread (the registry's lock, as a spawn takes it) and kept
 * in a process-wide table, so the writer can name a slice after its
 * coroutine is gone.
 *
 * An event that switches to the context already running is the second half
 * of a switch (the landing, where the resumed code goes on): it tells where
 * the stretch's own code resumed. Any other event ends a stretch.
 *
 * The trace file is written as the run goes (tracefile.c's writer thread)
 * and finished at exit, after the monitor's last pass; the profile is
 * printed then. A thread's exit closes its last slice and hands its
 * profile to the process-wide table. A fork child records nothing.
 *
 *===----------------------------------------------------------------------===*/
#include "record.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

uint64_t swg__trace_base_ns;
bool swg__trace_wanted, swg__profile_wanted;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;
static _Atomic bool closed;     /* exit, or a fork child: record no more */
static _Atomic bool finished;
static bool in_child;
static bool inited; /* recording began in this process or its parent */
static _Atomic(struct swg_recorder *) recorders;
static __thread struct swg_recorder *self
    __attribute__((tls_model("initial-exec")));
static _Atomic uint64_t forget_epoch = 1;
static _Atomic size_t chunk_bytes; /* allocated chunks, for trace_buffer_mb */

struct swg_recorder *swg__recorders(void) {
  return atomic_load_explicit(&recorders, memory_order_acquire);
}

/* ---- the coroutine table: index -> name, process-wide -------------------- */

/* Entries are found by the registry's own handle and creation time, so
 * a handle reused by a new coroutine gets a new entry, and the changing
 * handles of address-handle libraries (fcontext) find one entry. */
struct coro {
  void *handle;
  uint64_t created_ns;
  char *name;                   /* NULL: to be named from entry_fn */
  void *entry_fn;
  uint32_t entry;
};
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct coro *coros;      /* [0] is the hub */
static uint32_t ncoros, cap_coros;
static struct swg_index coro_index; /* (handle, created) -> coros */
static char **entries;          /* entry function names, [0] unused */
static uint32_t nentries, cap_entries;

/* A coroutine is its handle and its creation time: handles are reused. */
static size_t hash_coro(const void *handle, uint64_t created) {
  return swg__hash_u64((uintptr_t)handle ^ (created * 0x9e3779b97f4a7c15ULL));
}

static size_t hash_of(uint32_t i, void *arg) {
  (void)arg;
  return hash_coro(coros[i].handle, coros[i].created_ns);
}

static bool grow_array(void **p, uint32_t *cap, size_t size) {
  uint32_t n = *cap ? *cap * 2 : 64;
  void *q = realloc(*p, n * size);
  if (!q)
    return false;
  *p = q, *cap = n;
  return true;
}

/* The index for the registry's (handle, created_ns); table_lock held.
 * SWG_CORO_NONE when out of memory. */
static uint32_t intern_coro(void *handle, uint64_t created, const char *name,
                            const char *entry, void *entry_fn) {
  if (!swg__index_reserve(&coro_index, 1, ncoros, 256, hash_of, NULL))
    return SWG_CORO_NONE;
  size_t s = swg__index_home(&coro_index, hash_coro(handle, created));
  for (; coro_index.slots[s]; s = swg__index_next(&coro_index, s)) {
    struct coro *c = &coros[coro_index.slots[s] - 1];
    if (c->handle == handle && c->created_ns == created)
      return coro_index.slots[s] - 1;
  }
  uint32_t e = 0;
  for (uint32_t i = 1; i < nentries && !e; i++) /* few distinct entries */
    if (!strcmp(entries[i], entry))
      e = i;
  if (!e) {
    if (nentries >= cap_entries &&
        !grow_array((void **)&entries, &cap_entries, sizeof *entries))
      return SWG_CORO_NONE;
    if (!(entries[nentries] = strdup(entry)))
      return SWG_CORO_NONE;
    e = nentries++;
  }
  if (ncoros == cap_coros &&
      !grow_array((void **)&coros, &cap_coros, sizeof *coros))
    return SWG_CORO_NONE;
  char *copy = name ? strdup(name) : NULL;
  if (name && !copy)
    return SWG_CORO_NONE;
  coros[ncoros] = (struct coro){handle, created, copy, entry_fn, e};
  coro_index.slots[s] = ncoros + 1;
  return ncoros++;
}

/* The name of the function at `entry` (or its address), in a new string.
 * Symbolising takes tens of microseconds and libdwfl's lock: done here,
 * for the writer and the exit report, never on the switch path. */
static char *entry_fn_name(void *entry) {
  char buf[128];
  if (!entry || !swg__entry_name(entry, buf, sizeof buf))
    snprintf(buf, sizeof buf, "%p", entry);
  return strdup(buf);
}

const char *swg__record_coro_name(uint32_t coro) {
  if (coro == SWG_CORO_HUB)
    return "hub";
  pthread_mutex_lock(&table_lock);
  bool known = coro < ncoros;
  const char *n = known ? coros[coro].name : "?";
  void *fn = known ? coros[coro].entry_fn : NULL;
  pthread_mutex_unlock(&table_lock);
  if (n)
    return n;
  char *made = entry_fn_name(fn); /* a library without entry names */
  pthread_mutex_lock(&table_lock);
  if (!coros[coro].name)
    coros[coro].name = made, made = NULL;
  n = coros[coro].name;
  pthread_mutex_unlock(&table_lock);
  free(made);
  return n ? n : "?";
}

/* Entries named "#ADDRESS" stand for an entry function not yet named. */
const char *swg__record_entry_name(uint32_t entry) {
  pthread_mutex_lock(&table_lock);
  const char *n = entry && entry < nentries ? entries[entry] : "?";
  pthread_mutex_unlock(&table_lock);
  void *fn;
  if (n[0] != '#' || sscanf(n + 1, "%p", &fn) != 1)
    return n;
  char *made = entry_fn_name(fn);
  if (!made)
    return n;
  pthread_mutex_lock(&table_lock);
  char *old = entries[entry];
  entries[entry] = made;
  pthread_mutex_unlock(&table_lock);
  free(old); /* only the exit report reads entry names, one at a time */
  return made;
}

/* What `handle` (a switch's `to`) is: the hub, a registered coroutine, or
 * a handle nobody registered (named by its address). Takes locks: called
 * once per coroutine per thread, not per switch. */
static uint32_t resolve(void *handle, const struct swg_site *site,
                        uint32_t *entry) {
  struct swg_coro_info info;
  char name[64], unnamed[32];
  if (!swg__registry_lookup(handle, &info, name, sizeof name)) {
    if (site && (site->flags & SWG_SITE_ADDRESS_HANDLES))
      return *entry = 0, SWG_CORO_HUB; /* in no coroutine's stack */
    memset(&info, 0, sizeof info);
    info.handle = handle;
    snprintf(name, sizeof name, "%p", handle);
    info.name = name;
  }
  /* Without a name (ucontext: makecontext says nothing), the entry
   * function names it, later, off the switch path. */
  snprintf(unnamed, sizeof unnamed, "#%p", info.entry);
  const char *e = info.spawn && info.spawn->entry && *info.spawn->entry
                      ? info.spawn->entry
                  : info.name ? info.name
                              : unnamed;
  pthread_mutex_lock(&table_lock);
  uint32_t c = intern_coro(info.handle, info.created_ns, info.name, e,
                           info.entry);
  *entry = c < ncoros ? coros[c].entry : 0;
  pthread_mutex_unlock(&table_lock);
  return c;
}

/* ---- the per-thread cache: handle -> index ------------------------------- */

struct swg_cache_slot {
  void *handle;
  uint32_t coro, entry;
  uint64_t epoch;               /* forget_epoch when it was checked */
};

/* Called by the destroy hook: a handle reused by a new coroutine is looked
 * up again. */
void swg__record_forget(void *handle) {
  (void)handle;
  atomic_fetch_add_explicit(&forget_epoch, 1, memory_order_relaxed);
}

static bool cache_grow(struct swg_recorder *r) {
  size_t n = r->cache ? (r->cache_mask + 1) * 2 : 64;
  struct swg_cache_slot *c = calloc(n, sizeof *c);
  if (!c)
    return false;
  for (size_t i = 0; r->cache && i <= r->cache_mask; i++) {
    if (!r->cache[i].handle)
      continue;
    size_t s = swg__hash_ptr(r->cache[i].handle) & (n - 1);
    while (c[s].handle)
      s = (s + 1) & (n - 1);
    c[s] = r->cache[i];
  }
  free(r->cache);
  r->cache = c, r->cache_mask = n - 1;
  return true;
}

static __attribute__((noinline)) uint32_t
lookup_slow(struct swg_recorder *r, struct swg_cache_slot *slot, void *handle,
            const struct swg_site *site, uint32_t *entry, uint64_t epoch) {
  uint32_t c = resolve(handle, site, entry);
  if (c == SWG_CORO_NONE)
    return c;
  if (!slot) {
    if ((r->cache_used + 1) * 2 > (r->cache ? r->cache_mask + 1 : 0) &&
        !cache_grow(r))
      return c;
    size_t s = swg__hash_ptr(handle) & r->cache_mask;
    while (r->cache[s].handle)
      s = (s + 1) & r->cache_mask;
    slot = &r->cache[s];
    r->cache_used++;
  }
  *slot = (struct swg_cache_slot){handle, c, *entry, epoch};
  return c;
}

static inline uint32_t lookup(struct swg_recorder *r, void *handle,
                              const struct swg_site *site, uint32_t *entry) {
  uint64_t epoch = atomic_load_explicit(&forget_epoch, memory_order_relaxed);
  struct swg_cache_slot *slot = NULL;
  if (SWG_LIKELY(r->cache != NULL)) {
    size_t s = swg__hash_ptr(handle) & r->cache_mask;
    for (; r->cache[s].handle; s = (s + 1) & r->cache_mask)
      if (r->cache[s].handle == handle) {
        slot = &r->cache[s];
        break;
      }
    if (slot && SWG_LIKELY(slot->epoch == epoch)) {
      *entry = slot->entry;
      return slot->coro;
    }
  }
  return lookup_slow(r, slot, handle, site, entry, epoch);
}

/* ---- chunks -------------------------------------------------------------- */

static struct swg_chunk *chunk_get(struct swg_recorder *r) {
  struct swg_chunk *c = r->free;
  if (!c) /* take everything the writer gave back: no ABA with one taker */
    c = atomic_exchange_explicit(&r->spare, NULL, memory_order_acquire);
  if (c) {
    r->free = atomic_load_explicit(&c->next, memory_order_relaxed);
  } else {
    size_t limit = (size_t)swg__opts.trace_buffer_mb << 20;
    if (atomic_fetch_add(&chunk_bytes, sizeof *c) + sizeof *c > limit ||
        !(c = malloc(sizeof *c))) {
      atomic_fetch_sub(&chunk_bytes, sizeof *c);
      return NULL; /* the writer is behind: events are dropped, counted */
    }
  }
  atomic_store_explicit(&c->next, NULL, memory_order_relaxed);
  atomic_store_explicit(&c->n, 0, memory_order_relaxed);
  return c;
}

void swg__record_give_back(struct swg_recorder *r, struct swg_chunk *c) {
  struct swg_chunk *head = atomic_load(&r->spare);
  do
    atomic_store_explicit(&c->next, head, memory_order_relaxed);
  while (!atomic_compare_exchange_weak_explicit(
      &r->spare, &head, c, memory_order_release, memory_order_relaxed));
}

static void free_list(struct swg_chunk *c) {
  while (c) {
    struct swg_chunk *next = atomic_load(&c->next);
    free(c);
    atomic_fetch_sub(&chunk_bytes, sizeof *c);
    c = next;
  }
}

void swg__record_free_chunks(struct swg_recorder *r) {
  if (r->w_chunk)
    free(r->w_chunk), atomic_fetch_sub(&chunk_bytes, sizeof *r->w_chunk);
  r->w_chunk = r->chunk = NULL;
  free_list(r->free);
  free_list(atomic_exchange(&r->spare, NULL));
  r->free = NULL;
}

static inline void append(struct swg_recorder *r, uint64_t now,
                          const struct swg_site *site, uint32_t coro) {
  struct swg_chunk *c = r->chunk;
  if (SWG_UNLIKELY(!c)) { /* not even a first chunk: nothing to link to */
    r->lost++;
    return;
  }
  uint32_t n = atomic_load_explicit(&c->n, memory_order_relaxed);
  if (SWG_UNLIKELY(n == SWG_CHUNK_EVENTS)) {
    struct swg_chunk *next = chunk_get(r);
    /* Half the budget in use, or none left: the writer should not wait
     * for its next round. Once per chunk, or per run of losses. */
    if (!next ? !r->lost++
              : atomic_load_explicit(&chunk_bytes, memory_order_relaxed) >
                    ((size_t)swg__opts.trace_buffer_mb << 19))
      swg__tracefile_nudge();
    if (!next)
      return;
    atomic_store_explicit(&c->next, next, memory_order_release);
    r->chunk = c = next, n = 0;
  }
  c->ev[n] = (struct swg_rec_event){now, site, coro, r->lost};
  r->lost = 0;
  atomic_store_explicit(&c->n, n + 1, memory_order_release);
}

/* ---- threads ------------------------------------------------------------- */

static void thread_exit(void *arg) {
  struct swg_recorder *r = arg;
  self = NULL;
  if (atomic_load(&closed))
    return;
  if (swg__profile_wanted)
    swg__profile_merge(r);
  if (swg__trace_wanted)
    append(r, swg__now_ns(), NULL, SWG_CORO_EXIT);
  free(r->cache);
  r->cache = NULL;
  atomic_store_explicit(&r->exited, 1, memory_order_release);
}

static __attribute__((noinline)) struct swg_recorder *
recorder_new(struct swg_thread *t) {
  struct swg_recorder *r = calloc(1, sizeof *r);
  if (!r)
    return NULL; /* out of memory: this switch goes unrecorded */
  r->tid = t->tid;
  memcpy(r->name, t->name, sizeof r->name);
  r->cur = r->w_coro = SWG_CORO_NONE;
  if (swg__trace_wanted)
    r->w_chunk = r->chunk = chunk_get(r); /* before the writer can see r */
  struct swg_recorder *head = swg__recorders();
  do
    r->next = head;
  while (!atomic_compare_exchange_weak(&recorders, &head, r));
  pthread_setspecific(exit_key, r);
  return self = r;
}

void swg__record_switch(struct swg_thread *t, void *to,
                        const struct swg_site *site) {
  if (SWG_UNLIKELY(atomic_load_explicit(&closed, memory_order_relaxed)))
    return;
  struct swg_recorder *r = self;
  if (SWG_UNLIKELY(!r) && !(r = recorder_new(t)))
    return;
  uint64_t now = swg__now_ns();
  uint32_t entry = 0;
  uint32_t c = to ? lookup(r, to, site, &entry) : SWG_CORO_HUB;
  if (c == r->cur) {
    r->resume_site = site; /* the landing: where its own code goes on */
  } else {
    if (swg__profile_wanted && r->cur != SWG_CORO_HUB &&
        r->cur != SWG_CORO_NONE)
      swg__profile_add(r, now - r->stretch_ns, site);
    r->cur = c, r->cur_entry = entry;
    r->stretch_ns = now;
    r->resume_site = site;
  }
  if (swg__trace_wanted)
    append(r, now, site, c);
}

/* ---- start, fork, exit --------------------------------------------------- */

/* Only once recording began here: a child forked before any switch
 * decides for itself, as its first switch asks. */
void swg__record_after_fork(void) {
  if (!inited)
    return;
  in_child = true;
  atomic_store(&closed, true);
}

static void init(void) {
  swg__profile_wanted = swg__opts.profile;
  swg__trace_wanted = swg__opts.trace_path[0] != '\0';
  if (!swg__trace_wanted && !swg__profile_wanted)
    return;
  swg__trace_base_ns = swg__now_ns();
  coros = calloc(64, sizeof *coros); /* [0]: the hub */
  if (!coros || pthread_key_create(&exit_key, thread_exit)) {
    swg__trace_wanted = swg__profile_wanted = false;
    return;
  }
  cap_coros = 64, ncoros = 1;
  coros[0].name = "hub";
  nentries = 1;
  inited = true;
  if (swg__trace_wanted && !swg__tracefile_open())
    swg__trace_wanted = false;
}

bool swg__record_wanted(void) {
  pthread_once(&init_once, init);
  return (swg__trace_wanted || swg__profile_wanted) &&
         !atomic_load(&closed);
}

void swg__record_finish(void) {
  if (in_child || atomic_exchange(&finished, true))
    return;
  pthread_once(&init_once, init);
  atomic_store(&closed, true); /* running threads stop recording here */
  uint64_t now = swg__now_ns();
  if (swg__trace_wanted)
    swg__tracefile_finish(now);
  if (swg__profile_wanted)
    swg__profile_print();
}
