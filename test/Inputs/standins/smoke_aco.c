/* Smoke test of the libaco stand-in: two non-main cos on one share stack,
 * resumed in turn by the main co, each yielding and finally exiting. */
#include "aco.h"
#include <stdio.h>

static void co_fp(void) {
  int *counter = (int *)aco_get_arg();
  aco_t *self = aco_get_co();
  for (int i = 0; i < 3; i++) {
    printf("co %d: step %d\n", *counter, i);
    aco_yield();
  }
  printf("co %d: exit, is main co: %d\n", *counter, (int)aco_is_main_co(self));
  aco_exit();
}

int main(void) {
  aco_thread_init(NULL);
  aco_t *main_co = aco_create(NULL, NULL, 0, NULL, NULL);
  aco_share_stack_t *sstk = aco_share_stack_new(0);
  int id1 = 1, id2 = 2;
  aco_t *c1 = aco_create(main_co, sstk, 0, co_fp, &id1);
  aco_t *c2 = aco_create(main_co, sstk, 0, co_fp, &id2);
  int rounds = 0;
  while (!c1->is_end || !c2->is_end) {
    if (!c1->is_end)
      aco_resume(c1);
    if (!c2->is_end)
      aco_resume(c2);
    printf("main: round %d done, current is main: %d\n", ++rounds, aco_get_co() == main_co);
  }
  aco_destroy(c1);
  aco_destroy(c2);
  aco_share_stack_destroy(sstk);
  aco_destroy(main_co);
  printf("main: done\n");
  return 0;
}

// CHECK:      co 1: step 0
// CHECK-NEXT: co 2: step 0
// CHECK-NEXT: main: round 1 done, current is main: 1
// CHECK-NEXT: co 1: step 1
// CHECK-NEXT: co 2: step 1
// CHECK-NEXT: main: round 2 done, current is main: 1
// CHECK-NEXT: co 1: step 2
// CHECK-NEXT: co 2: step 2
// CHECK-NEXT: main: round 3 done, current is main: 1
// CHECK-NEXT: co 1: exit, is main co: 0
// CHECK-NEXT: co 2: exit, is main co: 0
// CHECK-NEXT: main: round 4 done, current is main: 1
// CHECK-NEXT: main: done
