/*===- registry.c - Live coroutines by handle --------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * handle -> {name, entry, parent, spawn site}. Spawn and destroy are not on
 * the switch fast path, so one mutex guards it. Entries sit densely in one
 * array (removal moves the last entry into the hole) and an open-addressed
 * table of 32-bit indices finds them, so a live coroutine costs its entry
 * plus two index slots, and create/destroy cycles leave memory flat.
 *
 *===----------------------------------------------------------------------===*/
#include "switch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct swg_coro_info *items; /* dense, count of them live */
static size_t count, capacity;
static struct swg_index by_handle;    /* handle -> items */
static bool has_ranges;             /* some entry has a stack range */

/* A million live coroutines must fit in under 100 MB
 * (bench/registry_memory.c). */
_Static_assert(sizeof(struct swg_coro_info) <= 80, "keep the entry packed");

void swg__registry_lock(void) { pthread_mutex_lock(&lock); }
void swg__registry_unlock(void) { pthread_mutex_unlock(&lock); }

static size_t hash_of(uint32_t i, void *arg) {
  (void)arg;
  return swg__hash_ptr(items[i].handle);
}

/* The slot holding `handle`, or the empty slot where it would go. */
static size_t find_slot(const void *handle) {
  size_t s = swg__index_home(&by_handle, swg__hash_ptr(handle));
  while (by_handle.slots[s] && items[by_handle.slots[s] - 1].handle != handle)
    s = swg__index_next(&by_handle, s);
  return s;
}

static bool grow(void) {
  if (count + 1 > capacity) {
    size_t cap = capacity ? capacity * 2 : 64;
    struct swg_coro_info *n = realloc(items, cap * sizeof *n);
    if (!n)
      return false;
    items = n, capacity = cap;
  }
  return swg__index_reserve(&by_handle, 0, count, 128, hash_of, NULL);
}

static void free_name(struct swg_coro_info *c) {
  if (c->owned_name)
    free((char *)c->name);
  free(c->spawn_pcs); /* owned too */
  c->spawn_pcs = NULL;
}

void swg__registry_add(const struct swg_coro_info *info) {
  pthread_mutex_lock(&lock);
  if (by_handle.slots && by_handle.slots[find_slot(info->handle)]) {
    /* A handle reused without a traced destroy: the newest spawn wins. */
    struct swg_coro_info *c = &items[by_handle.slots[find_slot(info->handle)] - 1];
    free_name(c);
    *c = *info;
  } else if (grow()) {
    has_ranges |= info->stack_hi != 0;
    items[count] = *info;
    by_handle.slots[find_slot(info->handle)] = (uint32_t)++count;
  } /* else out of memory: this coroutine goes unnamed in reports */
  pthread_mutex_unlock(&lock);
}

void swg__registry_remove(void *handle) {
  pthread_mutex_lock(&lock);
  size_t s = by_handle.slots ? find_slot(handle) : 0;
  if (by_handle.slots && by_handle.slots[s]) {
    size_t i = by_handle.slots[s] - 1;
    free_name(&items[i]);
    swg__index_erase(&by_handle, s, hash_of, NULL);
    if (i != --count) { /* fill the hole with the last entry */
      items[i] = items[count];
      by_handle.slots[find_slot(items[i].handle)] = (uint32_t)i + 1;
    }
  }
  pthread_mutex_unlock(&lock);
}

/* The entry index + 1 for `handle`, by identity or else by stack range
 * (address handles change on every switch but stay inside their stack);
 * 0 if none. Ranges are scanned: only address-handle libraries have them. */
static uint32_t find(const void *handle) {
  uint32_t idx = by_handle.slots ? by_handle.slots[find_slot(handle)] : 0;
  if (idx || !has_ranges)
    return idx;
  for (size_t i = 0; i < count; i++)
    if ((uintptr_t)handle >= items[i].stack_lo &&
        (uintptr_t)handle < items[i].stack_hi)
      return (uint32_t)i + 1;
  return 0;
}

bool swg__registry_contains(void *handle) {
  pthread_mutex_lock(&lock);
  bool found = find(handle) != 0;
  pthread_mutex_unlock(&lock);
  return found;
}

bool swg__registry_lookup(void *handle, struct swg_coro_info *out,
                          char *name, size_t n) {
  pthread_mutex_lock(&lock);
  uint32_t idx = find(handle);
  if (idx) {
    *out = items[idx - 1];
    /* A renamed entry's name is freed by the next rename: copy it now. */
    snprintf(name, n, "%s", out->name ? out->name : "");
    out->name = out->name ? name : NULL;
    out->owned_name = false;
    out->spawn_pcs = NULL; /* read it with swg__registry_spawn_stack */
  }
  pthread_mutex_unlock(&lock);
  return idx != 0;
}

int swg__registry_spawn_stack(void *handle, uintptr_t *out, int max) {
  pthread_mutex_lock(&lock);
  uint32_t idx = find(handle);
  int n = 0;
  if (idx)
    for (; n < items[idx - 1].spawn_depth && n < max; n++)
      out[n] = items[idx - 1].spawn_pcs[n];
  pthread_mutex_unlock(&lock);
  return n;
}

bool swg__registry_set_name(void *handle, const char *name) {
  char *copy = strdup(name);
  if (!copy)
    return false;
  pthread_mutex_lock(&lock);
  uint32_t idx = by_handle.slots ? by_handle.slots[find_slot(handle)] : 0;
  if (idx) {
    if (items[idx - 1].owned_name)
      free((char *)items[idx - 1].name);
    items[idx - 1].name = copy;
    items[idx - 1].owned_name = true;
  }
  pthread_mutex_unlock(&lock);
  if (!idx)
    free(copy);
  return idx != 0;
}

void swg__registry_foreach(void (*fn)(const struct swg_coro_info *, void *),
                           void *arg) {
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < count; i++)
    fn(&items[i], arg);
  pthread_mutex_unlock(&lock);
}

size_t swg__registry_count(void) {
  pthread_mutex_lock(&lock);
  size_t n = count;
  pthread_mutex_unlock(&lock);
  return n;
}

/* The lock was held across fork() (lifecycle.c): make it anew. The
 * forking thread's copy in the child has a new tid; the coroutines it
 * spawned before the fork are its own, listed with it. */
void swg__registry_after_fork(pid_t old_tid, pid_t new_tid) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  lock = fresh;
  for (size_t i = 0; old_tid && i < count; i++)
    if (items[i].spawn_tid == old_tid)
      items[i].spawn_tid = new_tid;
}
