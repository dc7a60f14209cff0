/* pingpong_fcontext.c - switch cost of Boost.Context's fcontext, the
 * fastest real switch there is (a few register moves, no system call).
 * Boost ships no C header for it; these are its declarations.
 * See pingpong.h. */
#include <stddef.h>

typedef void *fcontext_t;
typedef struct {
  fcontext_t fctx;
  void *data;
} transfer_t;
transfer_t jump_fcontext(fcontext_t const to, void *vp);
fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));

static char stack[64 * 1024];
static fcontext_t co;

static void echo(transfer_t t) {
  for (;;)
    t = jump_fcontext(t.fctx, NULL);
}

static void setup(void) { co = make_fcontext(stack + sizeof stack, sizeof stack, echo); }

static void round_trip(void) { co = jump_fcontext(co, NULL).fctx; }

#include "pingpong.h"
