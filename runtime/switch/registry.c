/*===- registry.c - Live coroutines by handle --------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * handle -> {name, entry, parent, spawn site}. Each thread record owns a
 * shard, made at its first spawn and kept (with its entries) when the
 * thread exits, for the next thread that takes the record: a spawn and a
 * destroy on the thread that made the coroutine touch only its own shard,
 * under a lock its owner takes with no atomic read-modify-write and
 * nobody else wants but a reader (monitor, reporter) for the moment it
 * copies entries out (shardlock.h). A destroy on another thread looks in
 * its own shard, then the others. In a shard, entries sit densely in one array
 * (removal moves the last entry into the hole) and an open-addressed table
 * of 32-bit indices finds them, so a live coroutine costs its entry plus
 * two index slots, and create/destroy cycles leave memory flat.
 *
 * Lock order: the fork lock, then the shards in list order (only fork does
 * that); otherwise a thread holds one shard's lock at a time.
 *
 *===----------------------------------------------------------------------===*/
#include "shardlock.h"
#include "switch.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* A live coroutine as a shard keeps it: struct swg_coro_info packed into
 * 72 bytes (a million live coroutines in under 92 MB, with the index and
 * the array's doubling; bench/registry_memory.c). */
struct swg_entry {
  void *handle, *entry, *parent;
  const struct swg_site *spawn;
  const char *name;
  uint64_t created_ns;
  uintptr_t stack_hi;   /* address handles: its stack, else 0 */
  uintptr_t *spawn_pcs; /* spawn_stack=1: [0] frames, then pcs */
  pid_t spawn_tid;
  uint32_t stack_size : 31; /* stack_hi - stack_lo, at most 2 GB */
  uint32_t owned_name : 1;  /* name was copied */
};
_Static_assert(sizeof(struct swg_entry) <= 72, "keep the entry packed");

struct swg_shard {
  struct swg_shard_lock lock;
  struct swg_entry *items; /* dense, count of them live */
  size_t count, capacity;
  struct swg_index by_handle; /* handle -> items */
  bool has_ranges;            /* some entry has a stack range */
  size_t owned;               /* entries whose name or spawn stack is
                                 the shard's own (a reader copies them) */
  uint64_t last_created;      /* created_ns stamps are unique per shard */
  /* The owner's last spawn, while the owner has not destroyed it: its
   * body's entry (__swg_coro_begin) asks for nothing more. Only the owner
   * reads or writes it; a destroy by another thread leaves it, as a
   * coroutine destroyed cannot begin (a new one there is spawned anew). */
  const void *last_spawned;
};

/* Making a shard, and fork: no shard appears while fork holds them all. */
static pthread_mutex_t fork_lock = PTHREAD_MUTEX_INITIALIZER;

/* Held for a few loads and stores at a time: by the shard's owner (its
 * own spawns and destroys) cheaply, by anyone else (readers, a destroy of
 * a coroutine made on another thread) at the cost of a system call. */
static void own_lock(struct swg_shard *s) { swg__shard_owner_lock(&s->lock); }
static void own_unlock(struct swg_shard *s) {
  swg__shard_owner_unlock(&s->lock);
}
static void lock(struct swg_shard *s) { swg__shard_lock(&s->lock); }
static void unlock(struct swg_shard *s) { swg__shard_unlock(&s->lock); }

static struct swg_shard *shard_of(struct swg_thread *t) {
  return atomic_load_explicit(&t->registry, memory_order_acquire);
}

static struct swg_shard *own_shard(struct swg_thread *t) {
  struct swg_shard *s = shard_of(t);
  if (SWG_LIKELY(s != NULL))
    return s;
  swg__shard_lock_init();
  pthread_mutex_lock(&fork_lock);
  if ((s = calloc(1, sizeof *s)))
    atomic_store_explicit(&t->registry, s, memory_order_release);
  pthread_mutex_unlock(&fork_lock);
  return s;
}

/* ---- one shard ----------------------------------------------------------- */

static size_t hash_of(uint32_t i, void *arg) {
  struct swg_shard *s = arg;
  return swg__hash_ptr(s->items[i].handle);
}

/* The slot holding `handle`, or the empty slot where it would go. */
static size_t find_slot(struct swg_shard *s, const void *handle) {
  size_t i = swg__index_home(&s->by_handle, swg__hash_ptr(handle));
  while (s->by_handle.slots[i] &&
         s->items[s->by_handle.slots[i] - 1].handle != handle)
    i = swg__index_next(&s->by_handle, i);
  return i;
}

/* The entry index + 1 for `handle` in s by identity; 0 if none. */
static uint32_t find_own(struct swg_shard *s, const void *handle) {
  return s->by_handle.slots ? s->by_handle.slots[find_slot(s, handle)] : 0;
}

/* By stack range (address handles change on every switch but stay inside
 * their stack). Scanned: only address-handle libraries have ranges. */
static uint32_t find_range(struct swg_shard *s, const void *handle) {
  for (size_t i = 0; s->has_ranges && i < s->count; i++)
    if ((uintptr_t)handle < s->items[i].stack_hi &&
        (uintptr_t)handle >= s->items[i].stack_hi - s->items[i].stack_size)
      return (uint32_t)i + 1;
  return 0;
}

/* Room for one more entry without growing anything. */
static bool has_room(const struct swg_shard *s) {
  return s->count < s->capacity && (s->count + 1) * 2 <= s->by_handle.mask + 1;
}

static __attribute__((noinline)) bool grow(struct swg_shard *s) {
  if (s->count + 1 > s->capacity) {
    size_t cap = s->capacity ? s->capacity * 2 : 64;
    struct swg_entry *n = realloc(s->items, cap * sizeof *n);
    if (!n)
      return false;
    s->items = n, s->capacity = cap;
  }
  return swg__index_reserve(&s->by_handle, 0, s->count, 128, hash_of, s);
}

static bool owns(const struct swg_entry *c) {
  return c->owned_name || c->spawn_pcs != NULL;
}

static __attribute__((noinline)) void free_owned(struct swg_shard *s,
                                                 struct swg_entry *c) {
  s->owned--;
  if (c->owned_name)
    free((char *)c->name);
  free(c->spawn_pcs); /* owned too */
  c->spawn_pcs = NULL;
  c->owned_name = false;
}

static inline void free_name(struct swg_shard *s, struct swg_entry *c) {
  if (SWG_UNLIKELY(owns(c)))
    free_owned(s, c);
}

/* Removes the entry in slot `slot` of s's index. */
static void erase(struct swg_shard *s, size_t slot) {
  size_t i = s->by_handle.slots[slot] - 1;
  free_name(s, &s->items[i]);
  if (s->by_handle.slots[swg__index_next(&s->by_handle, slot)])
    swg__index_erase(&s->by_handle, slot, hash_of, s);
  else /* the end of its probe run: nothing to move back */
    s->by_handle.slots[slot] = 0;
  if (i != --s->count) { /* fill the hole with the last entry */
    s->items[i] = s->items[s->count];
    s->by_handle.slots[find_slot(s, s->items[i].handle)] = (uint32_t)i + 1;
  }
}

/* ---- the calling thread's spawns and destroys ---------------------------- */

/* When, to the clock's tick (a few ms: an age in a report), made unique
 * and increasing per shard so that (handle, created_ns) names one
 * coroutine and a parent stays older than its child. The fine clock is a
 * system call on some virtual machines. Only the shard's owner adds to
 * it, so the stamp is taken before the lock, which it need not lengthen. */
static uint64_t stamp(struct swg_shard *s) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  uint64_t now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  return s->last_created = now > s->last_created ? now : s->last_created + 1;
}

/* Where `handle`'s entry goes in s (the calling thread's shard), s then
 * locked for the caller to fill it in and call placed(): the lock is held
 * for the index and one entry's stores. An entry of the same handle is
 * replaced. NULL, unlocked, if out of memory. */
static inline __attribute__((always_inline)) struct swg_entry *
place(struct swg_shard *s, const void *handle) {
  own_lock(s);
  if (SWG_UNLIKELY(!has_room(s)) && !grow(s)) {
    own_unlock(s);
    return NULL;
  }
  size_t slot = find_slot(s, handle);
  uint32_t idx = s->by_handle.slots[slot];
  if (SWG_UNLIKELY(idx != 0)) { /* a handle reused without a traced
                                   destroy: the newest wins */
    free_name(s, &s->items[idx - 1]);
    return &s->items[idx - 1];
  }
  s->by_handle.slots[slot] = (uint32_t)s->count + 1;
  return &s->items[s->count++];
}

static void placed(struct swg_shard *s, const struct swg_entry *c) {
  s->has_ranges |= c->stack_hi != 0;
  s->owned += owns(c);
  own_unlock(s);
}

static uint32_t stack_size(uintptr_t lo, uintptr_t hi) {
  uintptr_t size = hi - lo;
  return size < 0x7fffffff ? (uint32_t)size : 0x7fffffff;
}

void swg__registry_add(struct swg_thread *t, const struct swg_coro_info *info,
                       const char *name) {
  struct swg_shard *s = own_shard(t);
  char *copy = name ? strdup(name) : NULL;
  uint64_t created = s ? stamp(s) : 0;
  struct swg_entry *c = s ? place(s, info->handle) : NULL;
  if (!c) {
    free(copy);
    return; /* out of memory: this coroutine goes unnamed in reports */
  }
  *c = (struct swg_entry){
      .handle = info->handle,
      .entry = info->entry,
      .parent = info->parent,
      .spawn = info->spawn,
      .name = copy ? copy : info->name,
      .created_ns = created,
      .stack_hi = info->stack_hi,
      .spawn_pcs = info->spawn_pcs,
      .spawn_tid = info->spawn_tid,
      .stack_size = stack_size(info->stack_lo, info->stack_hi),
      .owned_name = copy != NULL,
  };
  placed(s, c);
}

/* The calling thread's first spawn: its shard is made first. */
static __attribute__((noinline)) void
first_spawn(struct swg_thread *t, void *handle, void *entry, void *parent,
            const struct swg_site *site, const char *name) {
  if (own_shard(t)) /* else out of memory: unnamed in reports */
    swg__registry_spawn(handle, entry, parent, site, name);
}

/* The common spawn, on the calling thread, with nothing to copy. */
void swg__registry_spawn(void *handle, void *entry, void *parent,
                         const struct swg_site *site, const char *name) {
  struct swg_thread *t = swg__tls_self;
  struct swg_shard *s = shard_of(t);
  if (SWG_UNLIKELY(s == NULL))
    return first_spawn(t, handle, entry, parent, site, name);
  struct swg_entry *c = place(s, handle);
  if (SWG_UNLIKELY(c == NULL))
    return; /* out of memory: this coroutine goes unnamed in reports */
  *c = (struct swg_entry){
      .handle = handle,
      .entry = entry,
      .parent = parent,
      .spawn = site,
      .name = name,
      .spawn_tid = t->tid,
  };
  /* Inside: only c and s live across the clock's call. Nothing of its
   * own and no stack range: placed() has nothing to count. */
  c->created_ns = stamp(s);
  s->last_spawned = handle;
  own_unlock(s);
}

/* Removes `handle` from s if it is there; `own`: s is the caller's. */
static inline __attribute__((always_inline)) bool
remove_from(struct swg_shard *s, const void *handle, bool own) {
  own ? own_lock(s) : lock(s);
  size_t slot = s->by_handle.slots ? find_slot(s, handle) : 0;
  bool found = s->by_handle.slots && s->by_handle.slots[slot];
  if (found)
    erase(s, slot);
  if (own && s->last_spawned == handle)
    s->last_spawned = NULL;
  own ? own_unlock(s) : unlock(s);
  return found;
}

void swg__registry_remove(struct swg_thread *t, void *handle) {
  struct swg_shard *own = t ? shard_of(t) : NULL;
  if (own && remove_from(own, handle, true))
    return;
  /* Made on another thread (minicoro's move between threads). */
  for (struct swg_thread *o = swg__thread_list(); o; o = o->next) {
    struct swg_shard *s = shard_of(o);
    if (s && s != own && remove_from(s, handle, false))
      return;
  }
}

/* ---- any thread ---------------------------------------------------------- */

/* Calls fn on the entry for `handle` under its shard's lock: by identity
 * in any shard but `skip` (the newest by created_ns if a handle was reused
 * on another thread without a traced destroy), else by stack range. False
 * if none. */
static bool with_entry(const void *handle, const struct swg_shard *skip,
                       void (*fn)(struct swg_shard *, struct swg_entry *,
                                  void *),
                       void *arg) {
  for (int pass = 0; pass < 2; pass++) {
    struct swg_shard *best = NULL;
    uint64_t best_created = 0;
    for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
      struct swg_shard *s = shard_of(t);
      if (!s || s == skip)
        continue;
      lock(s);
      uint32_t idx = pass ? find_range(s, handle) : find_own(s, handle);
      if (idx && (!best || s->items[idx - 1].created_ns > best_created))
        best = s, best_created = s->items[idx - 1].created_ns;
      unlock(s);
    }
    if (!best)
      continue;
    lock(best);
    uint32_t idx = pass ? find_range(best, handle) : find_own(best, handle);
    if (idx)
      fn(best, &best->items[idx - 1], arg);
    unlock(best);
    if (idx)
      return true;
  }
  return false;
}

static void nothing(struct swg_shard *s, struct swg_entry *c, void *arg) {
  (void)s, (void)c, (void)arg;
}

bool swg__registry_contains(void *handle) {
  struct swg_thread *t = swg__tls_self;
  struct swg_shard *own = t ? shard_of(t) : NULL;
  if (own) { /* the common case: a coroutine asks about itself */
    if (own->last_spawned == handle)
      return true; /* just spawned here: its body's entry */
    own_lock(own);
    bool found = find_own(own, handle) || find_range(own, handle);
    own_unlock(own);
    if (found)
      return true;
  }
  return with_entry(handle, own, nothing, NULL);
}

struct lookup {
  struct swg_coro_info *out;
  char *name;
  size_t n;
};

/* The entry as readers see it: no name or spawn stack of the registry's
 * own (read those with swg__registry_lookup, swg__registry_spawn_stack). */
static void unpack(const struct swg_entry *c, struct swg_coro_info *out) {
  *out = (struct swg_coro_info){
      .handle = c->handle,
      .entry = c->entry,
      .parent = c->parent,
      .spawn = c->spawn,
      .name = c->name,
      .spawn_depth = c->spawn_pcs ? (uint16_t)c->spawn_pcs[0] : 0,
      .spawn_tid = c->spawn_tid,
      .created_ns = c->created_ns,
      .stack_lo = c->stack_hi ? c->stack_hi - c->stack_size : 0,
      .stack_hi = c->stack_hi,
  };
}

static void copy_out(struct swg_shard *s, struct swg_entry *c, void *arg) {
  (void)s;
  struct lookup *l = arg;
  unpack(c, l->out);
  /* A renamed entry's name is freed by the next rename: copy it now. */
  snprintf(l->name, l->n, "%s", c->name ? c->name : "");
  l->out->name = c->name ? l->name : NULL;
}

bool swg__registry_lookup(void *handle, struct swg_coro_info *out, char *name,
                          size_t n) {
  struct lookup l = {out, name, n};
  return with_entry(handle, NULL, copy_out, &l);
}

struct pcs {
  uintptr_t *out;
  int max, n;
};

static void copy_pcs(struct swg_shard *s, struct swg_entry *c, void *arg) {
  (void)s;
  struct pcs *p = arg;
  for (; c->spawn_pcs && p->n < (int)c->spawn_pcs[0] && p->n < p->max; p->n++)
    p->out[p->n] = c->spawn_pcs[p->n + 1];
}

int swg__registry_spawn_stack(void *handle, uintptr_t *out, int max) {
  struct pcs p = {out, max, 0};
  with_entry(handle, NULL, copy_pcs, &p);
  return p.n;
}

struct rename {
  const void *handle;
  char *copy;
};

static void rename_entry(struct swg_shard *s, struct swg_entry *c, void *arg) {
  struct rename *r = arg;
  if (c->handle != r->handle)
    return; /* found by its stack range: not renamed, as before */
  if (c->owned_name)
    free((char *)c->name);
  else if (!c->spawn_pcs)
    s->owned++;
  c->name = r->copy;
  c->owned_name = true;
  r->copy = NULL;
}

bool swg__registry_set_name(void *handle, const char *name) {
  struct rename r = {handle, strdup(name)};
  if (!r.copy)
    return false;
  with_entry(handle, NULL, rename_entry, &r);
  bool renamed = !r.copy;
  free(r.copy);
  return renamed;
}

/* A shard's entries as a reader copies them, so that its callback runs
 * with no lock held: a thread spawning or destroying never waits for a
 * report to be written, only for a copy. The shard's own names are copied
 * too (SWG_NAME_COPY bytes, as a report shows them); a spawn stack's
 * pointer becomes its depth. The copy is mapped, not allocated: a picture
 * is taken while the blocked thread may hold malloc's lock. */
#define SWG_NAME_COPY 64

struct snapshot {
  struct swg_entry *items;
  char (*names)[SWG_NAME_COPY];
  size_t n, bytes;
};

static bool take_snapshot(struct swg_shard *s, struct snapshot *out) {
  for (int tries = 0; tries < 4; tries++) {
    lock(s);
    size_t want = s->count + s->count / 8 + 16, named = s->owned + 16;
    unlock(s);
    out->bytes = want * sizeof *out->items + named * sizeof *out->names;
    void *m = mmap(NULL, out->bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
      return false;
    out->items = m;
    out->names = (void *)(out->items + want);
    lock(s);
    bool fits = s->count <= want && s->owned <= named;
    if (fits) {
      out->n = s->count;
      memcpy(out->items, s->items, out->n * sizeof *out->items);
      for (size_t i = 0, k = 0; s->owned && i < out->n; i++) {
        struct swg_entry *c = &out->items[i];
        if (c->owned_name) {
          snprintf(out->names[k], SWG_NAME_COPY, "%s", c->name);
          c->name = out->names[k];
        }
        k += owns(c);
        if (c->spawn_pcs)
          c->spawn_pcs = (uintptr_t *)(uintptr_t)c->spawn_pcs[0];
      }
    }
    unlock(s);
    if (fits)
      return true;
    munmap(m, out->bytes); /* it grew meanwhile */
  }
  return false;
}

void swg__registry_foreach(void (*fn)(const struct swg_coro_info *, void *),
                           void *arg) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    struct swg_shard *s = shard_of(t);
    struct snapshot snap;
    struct swg_coro_info c;
    if (!s)
      continue;
    if (take_snapshot(s, &snap)) {
      for (size_t i = 0; i < snap.n; i++) {
        struct swg_entry *e = &snap.items[i];
        uint16_t depth = (uint16_t)(uintptr_t)e->spawn_pcs;
        e->spawn_pcs = NULL;
        unpack(e, &c);
        c.spawn_depth = depth;
        fn(&c, arg);
      }
      munmap(snap.items, snap.bytes);
      continue;
    }
    lock(s); /* out of memory: under the lock, as it is */
    for (size_t i = 0; i < s->count; i++) {
      unpack(&s->items[i], &c);
      fn(&c, arg);
    }
    unlock(s);
  }
}

size_t swg__registry_count(void) {
  size_t n = 0;
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    struct swg_shard *s = shard_of(t);
    if (!s)
      continue;
    lock(s);
    n += s->count;
    unlock(s);
  }
  return n;
}

/* ---- fork ---------------------------------------------------------------- */

void swg__registry_lock(void) {
  pthread_mutex_lock(&fork_lock);
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (shard_of(t))
      lock(shard_of(t));
}

void swg__registry_unlock(void) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (shard_of(t))
      unlock(shard_of(t));
  pthread_mutex_unlock(&fork_lock);
}

/* The locks were held across fork() (lifecycle.c): make them anew. The
 * forking thread's copy in the child has a new tid; the coroutines it
 * spawned before the fork are its own, listed with it. */
void swg__registry_after_fork(pid_t old_tid, pid_t new_tid) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  fork_lock = fresh;
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    struct swg_shard *s = shard_of(t);
    if (!s)
      continue;
    swg__shard_lock_reset(&s->lock);
    for (size_t i = 0; old_tid && i < s->count; i++)
      if (s->items[i].spawn_tid == old_tid)
        s->items[i].spawn_tid = new_tid;
  }
}
