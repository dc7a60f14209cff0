/* pingpong_minicoro.c - switch cost of minicoro (mco_resume / mco_yield),
 * its implementation compiled into the program as its users do
 * (MINICORO_IMPL in one file). Build with -I the folder holding
 * minicoro.h (../shared/corpus/minicoro). See pingpong.h. */
#define MINICORO_IMPL
#include "minicoro.h"

static mco_coro *co;

static void echo(mco_coro *self) {
  for (;;)
    mco_yield(self);
}

static void setup(void) {
  mco_desc desc = mco_desc_init(echo, 64 * 1024);
  if (mco_create(&co, &desc) != MCO_SUCCESS)
    abort();
}

static void round_trip(void) { mco_resume(co); }

#include "pingpong.h"
