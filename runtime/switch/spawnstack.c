/*===- spawnstack.c - Where each coroutine was made --------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * With spawn_stack=1 every spawn keeps the stack of the code that made the
 * coroutine (16 frames at most, on the heap, freed with the registry
 * entry), and a blocked report shows it under the spawn site
 * (report/sites.c). Off by default: a spawn then costs no unwinding and no
 * memory.
 *
 *===----------------------------------------------------------------------===*/
#include "switch.h"

#include <execinfo.h>
#include <stdlib.h>
#include <string.h>

uintptr_t *swg__spawn_stack_capture(uint16_t *depth) {
  *depth = 0;
  if (!swg__opts.spawn_stack)
    return NULL;
  void *pcs[SWG_SPAWN_FRAMES + 2];
  int n = backtrace(pcs, SWG_SPAWN_FRAMES + 2);
  /* Drop this function and __swg_spawn: start at the spawning code. */
  int skip = n > 2 ? 2 : n;
  uintptr_t *out = malloc(sizeof *out * (size_t)(n - skip + 1));
  if (!out)
    return NULL; /* fewer details, never a failure */
  out[0] = (uintptr_t)(n - skip); /* how many follow: the registry's form */
  for (int i = skip; i < n; i++)
    out[i - skip + 1] = (uintptr_t)pcs[i];
  *depth = (uint16_t)(n - skip);
  return out;
}
