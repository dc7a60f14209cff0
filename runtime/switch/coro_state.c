/*===- coro_state.c - What the switch state knows of a coroutine -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Run info and reports show each coroutine as running or suspended, and
 * where a suspended one left. Running is read from the threads' switch
 * state. Where it left is known here only for a switch the runtime saw:
 * the inline fast path stores the thread's new context and site, not the
 * old context's, so a thread's switches are remembered here only while it
 * is slow (guards watching it, a trace or profile recording it). Each
 * thread keeps a small table, direct-mapped by handle, that only it
 * writes; a reader takes no lock and checks an entry's handle before and
 * after reading its site. The report layer knows more (report/waits.c):
 * for most libraries the suspended coroutine's saved context says where
 * it waits, and this table is only its first source.
 *
 *===----------------------------------------------------------------------===*/
#include "switch.h"

#include <stdlib.h>

#define SWG_LEFT_SLOTS 64 /* a power of two */

struct swg_left {
  struct {
    void *_Atomic coro;
    const struct swg_site *_Atomic site;
  } slot[SWG_LEFT_SLOTS];
};

/* Set once any thread remembered a site: until then a destroy costs no
 * walk over the threads (swg__coro_forget_left, switch.h). */
_Atomic bool swg__any_left;

static size_t slot_of(const void *handle) {
  return swg__hash_ptr(handle) & (SWG_LEFT_SLOTS - 1);
}

void swg__coro_left(struct swg_thread *t, void *from,
                    const struct swg_site *site) {
  struct swg_left *l = atomic_load_explicit(&t->left, memory_order_acquire);
  if (!l) {
    if (!(l = calloc(1, sizeof *l)))
      return; /* out of memory: this coroutine's site stays unknown */
    atomic_store_explicit(&t->left, l, memory_order_release);
    atomic_store_explicit(&swg__any_left, true, memory_order_relaxed);
  }
  size_t s = slot_of(from);
  /* Handle last: a reader that sees it sees the site with it. */
  atomic_store_explicit(&l->slot[s].coro, NULL, memory_order_relaxed);
  atomic_store_explicit(&l->slot[s].site, site, memory_order_release);
  atomic_store_explicit(&l->slot[s].coro, from, memory_order_release);
}

void swg__coro_forget_any(void *handle) {
  size_t s = slot_of(handle);
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    struct swg_left *l = atomic_load_explicit(&t->left, memory_order_acquire);
    void *expected = handle;
    if (l)
      atomic_compare_exchange_strong(&l->slot[s].coro, &expected, NULL);
  }
}

/* Where `handle` last left a thread, if a thread remembers it. */
static const struct swg_site *left_at(void *handle) {
  size_t s = slot_of(handle);
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    struct swg_left *l = atomic_load_explicit(&t->left, memory_order_acquire);
    if (!l ||
        atomic_load_explicit(&l->slot[s].coro, memory_order_acquire) != handle)
      continue;
    const struct swg_site *site =
        atomic_load_explicit(&l->slot[s].site, memory_order_acquire);
    if (atomic_load_explicit(&l->slot[s].coro, memory_order_acquire) == handle)
      return site;
  }
  return NULL;
}

/* Is c the current context of a live thread? An address handle (fcontext)
 * is current while the thread's context lies inside its stack. */
bool swg__coro_running(const struct swg_coro_info *c) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    if (!atomic_load_explicit(&t->alive, memory_order_acquire))
      continue;
    void *cur = swg__thread_current(t);
    if (cur && (cur == c->handle || ((uintptr_t)cur >= c->stack_lo &&
                                     (uintptr_t)cur < c->stack_hi)))
      return true;
  }
  return false;
}

void swg__coro_state(const struct swg_coro_info *c,
                     struct swg_coro_state *out) {
  bool run = swg__coro_running(c);
  out->run = run ? SWG_RUN_RUNNING : SWG_RUN_SUSPENDED;
  out->suspended_at = run ? NULL : left_at(c->handle);
}
