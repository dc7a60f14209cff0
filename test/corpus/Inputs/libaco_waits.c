/* libaco_waits.test's program: the real libaco (aco.c and acosw.S
 * compiled in). A coroutine suspended through a helper on a shared stack
 * (its stack copied out when another runs there), one on a stack of its
 * own, one never started, one that exited, and one that blocks while run
 * info and the blocked report list them. */
#include "aco.h"
#include <stdio.h>
#include <switchguard.h>
#include <unistd.h>

__attribute__((noinline)) static void pause_here(void) {
  aco_yield(); // MARK:pause
}

static void reader(void) {
  for (;;)
    pause_here(); // MARK:loop
}

static void writer(void) {
  for (;;)
    aco_yield(); // MARK:writer
}

static void sleeper(void) {
  usleep(1000 * 1000);
  aco_exit();
}

static void quick(void) { aco_exit(); }

int main(void) {
  aco_thread_init(NULL);
  aco_t *main_co = aco_create(NULL, NULL, 0, NULL, NULL);
  aco_share_stack_t *shared = aco_share_stack_new(0);
  aco_share_stack_t *own = aco_share_stack_new(0);
  aco_t *r = aco_create(main_co, shared, 0, reader, NULL);
  aco_t *w = aco_create(main_co, own, 0, writer, NULL);
  aco_t *s = aco_create(main_co, shared, 0, sleeper, NULL);
  aco_t *q = aco_create(main_co, shared, 0, quick, NULL);
  aco_resume(r);
  aco_resume(w);
  aco_resume(q); /* takes the shared stack: r's is copied out */
  swg_print_run_info(NULL);
  aco_resume(s);
  return 0;
}
