/* spawn_fcontext.c - spawn cost of Boost.Context fcontext: make_fcontext
 * on the same stack each time (fcontext has no destroy: the stack's next
 * context is the old one's end). See spawn.h. */
#include <stddef.h>

typedef void *fcontext_t;
typedef struct {
  fcontext_t fctx;
  void *data;
} transfer_t;
fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));

static char stack[16 * 1024] __attribute__((aligned(16)));
static fcontext_t volatile sink;

static void body(transfer_t t) { (void)t; }

static void setup(void) {}

static void pair(void) { sink = make_fcontext(stack + sizeof stack, sizeof stack, body); }

#include "spawn.h"
