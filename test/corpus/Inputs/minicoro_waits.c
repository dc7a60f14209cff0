/* minicoro_waits.test's program: the real minicoro, MINICORO_IMPL
 * compiled in. Coroutines suspended at different mco_yield lines (one
 * through a helper), one never started, one finished, and one that
 * blocks while run info and the blocked report list them. */
#define MINICORO_IMPL
#include "minicoro.h"
#include <stdio.h>
#include <switchguard.h>
#include <unistd.h>

__attribute__((noinline)) static void pause_here(mco_coro *co) {
  mco_yield(co); // MARK:pause
}

static void reader(mco_coro *co) {
  for (;;)
    pause_here(co); // MARK:loop
}

static void writer(mco_coro *co) {
  for (;;)
    mco_yield(co); // MARK:writer
}

static void sleeper(mco_coro *co) {
  usleep(1000 * 1000);
  mco_yield(co);
}

static void quick(mco_coro *co) { (void)co; }

static void later(mco_coro *co) { mco_yield(co); }

int main(void) {
  mco_coro *r, *w, *s, *q, *l;
  mco_desc dr = mco_desc_init(reader, 0);
  mco_desc dw = mco_desc_init(writer, 0);
  mco_desc ds = mco_desc_init(sleeper, 0);
  mco_desc dq = mco_desc_init(quick, 0);
  mco_desc dl = mco_desc_init(later, 0);
  mco_create(&r, &dr);
  mco_create(&w, &dw);
  mco_create(&s, &ds);
  mco_create(&q, &dq);
  mco_create(&l, &dl);
  mco_resume(r);
  mco_resume(w);
  mco_resume(q);
  swg_print_run_info(NULL);
  mco_resume(s);
  return 0;
}
