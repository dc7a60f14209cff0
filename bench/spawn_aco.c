/* spawn_aco.c - spawn cost of libaco (the real one: aco.c and acosw.S
 * compiled with this file, as its make.sh does): aco_create on a shared
 * stack, then aco_destroy. See spawn.h.
 *   cc -I$CORPUS/libaco bench/spawn_aco.c $CORPUS/libaco/aco.c $CORPUS/libaco/acosw.S */
#include "aco.h"

static aco_t *main_co;
static aco_share_stack_t *sstk;

static void body(void) { aco_exit(); }

static void setup(void) {
  aco_thread_init(NULL);
  main_co = aco_create(NULL, NULL, 0, NULL, NULL);
  sstk = aco_share_stack_new(0);
}

static void pair(void) { aco_destroy(aco_create(main_co, sstk, 0, body, NULL)); }

#include "spawn.h"
