/*===- own_stack.c - The calling coroutine's stack, safely --------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A blocking call's stack is taken on the calling thread with libgcc's
 * unwinder (the program's own .eh_frame, no lock of ours, microseconds).
 * Below a coroutine's body its stack holds whatever its library put there
 * (minicoro: a return address of 0xdeaddeaddeaddead), and libgcc reads the
 * code at each return address it meets, to recognise a signal frame,
 * before anyone can look at it: an unmapped one faults. So the walk stops
 * at the coroutine's body, the function its library was given to run,
 * which is where the coroutine's own stack begins. A coroutine whose body
 * is not known gives its caller's frame only.
 *
 *===----------------------------------------------------------------------===*/
#include "intercept.h"

#include <unwind.h>

struct walk {
  uintptr_t *pcs;
  int n, max;
  uintptr_t body;
};

static _Unwind_Reason_Code step(struct _Unwind_Context *ctx, void *arg) {
  struct walk *w = arg;
  uintptr_t ip = _Unwind_GetIP(ctx);
  if (!ip || w->n == w->max)
    return _URC_END_OF_STACK;
  w->pcs[w->n++] = ip;
  return _Unwind_GetRegionStart(ctx) == w->body ? _URC_END_OF_STACK
                                                : _URC_NO_REASON;
}

int swg__own_stack(uintptr_t *pcs, int max, const void *body) {
  struct walk w = {pcs, 0, max, (uintptr_t)body};
  if (!body)
    return 0;
  _Unwind_Backtrace(step, &w);
  /* A walk that never met the body stopped at the depth asked for; one
   * that met it ends there. */
  return w.n;
}
