/*===- hashtab.c - Key -> dense index, open addressing -----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The growth and removal of struct swg_index (base.h), shared by the
 * coroutine registry and the trace's coroutine table.
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <stdlib.h>

bool swg__index_reserve(struct swg_index *x, uint32_t first, size_t count,
                        size_t min_slots, swg_index_hash_fn hash_of,
                        void *arg) {
  if (x->slots && (count + 1) * 2 <= x->mask + 1)
    return true;
  size_t n = x->slots ? (x->mask + 1) * 2 : min_slots;
  uint32_t *slots = calloc(n, sizeof *slots);
  if (!slots)
    return false;
  free(x->slots);
  x->slots = slots, x->mask = n - 1;
  for (uint32_t i = first; i < count; i++) {
    size_t s = swg__index_home(x, hash_of(i, arg));
    while (x->slots[s])
      s = swg__index_next(x, s);
    x->slots[s] = i + 1;
  }
  return true;
}

void swg__index_erase(struct swg_index *x, size_t s, swg_index_hash_fn hash_of,
                      void *arg) {
  x->slots[s] = 0;
  for (size_t j = swg__index_next(x, s); x->slots[j];
       j = swg__index_next(x, j)) {
    size_t home = swg__index_home(x, hash_of(x->slots[j] - 1, arg));
    /* Move j into the hole unless its home lies cyclically in (s, j]. */
    if (((j - home) & x->mask) >= ((j - s) & x->mask)) {
      x->slots[s] = x->slots[j];
      x->slots[j] = 0;
      s = j;
    }
  }
}
