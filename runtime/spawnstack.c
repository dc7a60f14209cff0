/*===- spawnstack.c - Where each coroutine was made --------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * With spawn_stack=1 every spawn keeps the stack of the code that made the
 * coroutine (16 frames at most, on the heap, freed with the registry
 * entry), and a blocked report shows it under the spawn site. Off by
 * default: a spawn then costs no unwinding and no memory.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <execinfo.h>
#include <stdlib.h>
#include <string.h>

enum { SPAWN_FRAMES = 16 };

uintptr_t *swg__spawn_stack_capture(uint16_t *depth) {
  *depth = 0;
  if (!swg__opts.spawn_stack)
    return NULL;
  void *pcs[SPAWN_FRAMES + 2];
  int n = backtrace(pcs, SPAWN_FRAMES + 2);
  /* Drop this function and __swg_spawn: start at the spawning code. */
  int skip = n > 2 ? 2 : n;
  uintptr_t *out = malloc(sizeof *out * (size_t)(n - skip));
  if (!out)
    return NULL; /* fewer details, never a failure */
  for (int i = skip; i < n; i++)
    out[i - skip] = (uintptr_t)pcs[i];
  *depth = (uint16_t)(n - skip);
  return out;
}

struct frames {
  struct swg_buf *b;
  int n;
};

static void frame_text(const struct swg_symbol *s, void *arg) {
  struct frames *f = arg;
  swg__bprintf(f->b, "    #%d 0x%012lx in %s", f->n++, (unsigned long)s->pc,
               s->function ? s->function : "??");
  if (s->file)
    swg__bprintf(f->b, " %s:%d:%d", s->file, s->line, s->column);
  else if (s->module)
    swg__bprintf(f->b, " (%s)", s->module);
  swg__bprintf(f->b, "%s\n", s->inlined ? " [inlined]" : "");
}

void swg__spawn_stack_text(struct swg_buf *b, void *handle) {
  uintptr_t pcs[SPAWN_FRAMES];
  int n = swg__registry_spawn_stack(handle, pcs, SPAWN_FRAMES);
  if (!n)
    return;
  swg__bprintf(b, "  Spawn stack:\n");
  struct frames f = {b, 0};
  for (int i = 0; i < n; i++) {
    struct swg_frame fr = {.pc = pcs[i], .activation = false};
    swg__symbolize(&fr, frame_text, &f);
  }
}
