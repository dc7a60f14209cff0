/*===- shardlock.h - A registry shard's lock, cheap for its owner -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A shard is written by the thread that owns it (its spawns and destroys)
 * far more often than anyone else looks at it (a report, run info, fork, a
 * destroy on another thread). So its owner takes it with two plain stores
 * and a load, no atomic read-modify-write, and the others pay instead: an
 * asymmetric Dekker lock. The owner says it is inside (`busy`) and looks
 * whether another thread is (`others`); another thread takes `lock`, says
 * so, then makes every thread of the process pass a full memory barrier
 * (membarrier(2)) before it waits for the owner to leave: after that the
 * owner either sees it or has been seen. Where membarrier cannot be used
 * (old kernels, seccomp), everyone takes `lock`, as the owner does while
 * another thread is inside; and so does a shard that others have taken
 * often (destroys of handles made elsewhere: libdill's hclose of a
 * channel looks in every shard), where the system calls would cost more
 * than the owner saves. Switching a shard over is itself a membarrier.
 *
 * Only registry.c includes this; the owner side is called only by the
 * thread whose record holds the shard.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_SHARDLOCK_H
#define SWITCHGUARD_SHARDLOCK_H

#include "switch.h"

#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

struct swg_shard_lock {
  _Atomic int lock;      /* another thread inside, or the owner's slow way */
  _Atomic int busy;      /* the owner inside without `lock` */
  _Atomic int others;    /* the holder of `lock` looks or writes */
  _Atomic int symmetric; /* everyone takes `lock` from now on */
  unsigned taken;        /* by others, under `lock`, while asymmetric */
};

/* Times others take a shard before it turns symmetric: a few ms of
 * membarrier calls in all. */
#define SWG_SHARD_ASYMMETRIC_TAKES 4096

/* Set once, before the first shard exists (swg__shard_lock_init). */
static bool swg__shard_asymmetric;

static void swg__shard_lock_setup(void) {
  swg__shard_asymmetric =
      syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0,
              0) == 0;
}

/* Before a thread makes the first shard. */
static inline void swg__shard_lock_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, swg__shard_lock_setup);
}

static inline void swg__shard_spin(_Atomic int *v, int want) {
  for (int spins = 0; atomic_load_explicit(v, memory_order_acquire) != want;
       spins++)
    if (spins > 64)
      sched_yield();
}

static inline void swg__shard_take(struct swg_shard_lock *l) {
  for (int spins = 0;
       atomic_exchange_explicit(&l->lock, 1, memory_order_acquire); spins++)
    if (spins > 64)
      sched_yield();
}

/* ---- the owner ----------------------------------------------------------- */

static inline void swg__shard_owner_lock(struct swg_shard_lock *l) {
  if (SWG_LIKELY(swg__shard_asymmetric &&
                 !atomic_load_explicit(&l->symmetric, memory_order_relaxed))) {
    atomic_store_explicit(&l->busy, 1, memory_order_relaxed);
    atomic_signal_fence(memory_order_seq_cst); /* membarrier orders it */
    if (SWG_LIKELY(!atomic_load_explicit(&l->others, memory_order_acquire)))
      return;
    atomic_store_explicit(&l->busy, 0, memory_order_release);
  }
  swg__shard_take(l); /* another thread is inside: wait for it */
}

static inline void swg__shard_owner_unlock(struct swg_shard_lock *l) {
  if (SWG_LIKELY(atomic_load_explicit(&l->busy, memory_order_relaxed)))
    atomic_store_explicit(&l->busy, 0, memory_order_release);
  else
    atomic_store_explicit(&l->lock, 0, memory_order_release);
}

/* ---- any other thread ------------------------------------------------- */

static inline void swg__shard_lock(struct swg_shard_lock *l) {
  swg__shard_take(l);
  if (!swg__shard_asymmetric ||
      atomic_load_explicit(&l->symmetric, memory_order_relaxed))
    return; /* the owner takes `lock` too */
  atomic_store_explicit(&l->others, 1, memory_order_relaxed);
  /* After the barrier the owner's next look sees `symmetric` (or, in a
   * look begun before it, `others`), and its busy is seen here. */
  if (++l->taken == SWG_SHARD_ASYMMETRIC_TAKES)
    atomic_store_explicit(&l->symmetric, 1, memory_order_relaxed);
  syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
  swg__shard_spin(&l->busy, 0);
}

static inline void swg__shard_unlock(struct swg_shard_lock *l) {
  atomic_store_explicit(&l->others, 0, memory_order_release);
  atomic_store_explicit(&l->lock, 0, memory_order_release);
}

/* A fork child: nobody is inside any more. */
static inline void swg__shard_lock_reset(struct swg_shard_lock *l) {
  atomic_store_explicit(&l->lock, 0, memory_order_relaxed);
  atomic_store_explicit(&l->busy, 0, memory_order_relaxed);
  atomic_store_explicit(&l->others, 0, memory_order_relaxed);
}

#endif /* SWITCHGUARD_SHARDLOCK_H */
