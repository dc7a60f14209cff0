/* pingpong_aco.c - switch cost of libaco (aco_resume / aco_yield), with
 * aco.c and acosw.S compiled into the program as libaco's users do (and
 * through the plugin when the program is). Build with -I the folder
 * holding aco.h (../shared/corpus/libaco). See pingpong.h. */
#include "aco.h"
#include <stdlib.h>

static aco_t *co;

static void echo(void) {
  for (;;)
    aco_yield();
}

static void setup(void) {
  aco_thread_init(NULL);
  aco_t *main_co = aco_create(NULL, NULL, 0, NULL, NULL);
  aco_share_stack_t *stack = aco_share_stack_new(0);
  co = aco_create(main_co, stack, 0, echo, NULL);
}

static void round_trip(void) { aco_resume(co); }

#include "pingpong.h"
