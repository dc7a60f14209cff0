/* spawn_minicoro.c - spawn cost of minicoro (the real one, its
 * implementation compiled into this file as its README says): mco_init on
 * memory of the program's own, then mco_uninit. See spawn.h.
 *   cc -I$CORPUS/minicoro bench/spawn_minicoro.c */
#define MINICORO_IMPL
#include "minicoro.h"

static mco_desc desc;
static mco_coro *co;

static void body(mco_coro *c) { (void)c; }

static void setup(void) {
  desc = mco_desc_init(body, 0);
  co = malloc(desc.coro_size);
}

static void pair(void) {
  if (mco_init(co, &desc) != MCO_SUCCESS || mco_uninit(co) != MCO_SUCCESS)
    abort();
}

#include "spawn.h"
