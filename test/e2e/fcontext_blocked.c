// Intent: Boost.Context fcontext (symmetric, handles that change on every
// switch): a coroutine that blocks is found by its stack and reported by
// its entry's name and make_fcontext site; the native context between
// jumps is the hub, whose waiting is never reported.
// RUN: %swgcc -g -O1 %s -lboost_context -o %t && %t 2>&1 | FileCheck %s -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

typedef void *fcontext_t;
typedef struct { fcontext_t fctx; void *data; } transfer_t;
transfer_t jump_fcontext(fcontext_t const to, void *vp);
fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));

static char stack[128 * 1024];

static void worker(transfer_t t) {
  for (int i = 0;; i++) {
    if (i == 3)
      usleep(700 * 1000); /* blocks the thread: should have jumped back */
    t = jump_fcontext(t.fctx, NULL);
  }
}

int main(void) {
  fcontext_t co = make_fcontext(stack + sizeof stack, sizeof stack, worker); // MARK:spawn
  for (int i = 0; i < 6; i++) {
    co = jump_fcontext(co, NULL).fctx;
    usleep(250 * 1000); /* the hub waiting: not a blockage */
  }
  printf("done\n");
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'worker' blocked thread
// CHECK: in worker {{.*}}fcontext_blocked.c
// CHECK: Spawned at: {{.*}}fcontext_blocked.c:[[#SPAWN]] in main
// CHECK-NOT: WARNING
// CHECK: coroutine 'worker' unblocked
// CHECK-NOT: WARNING
// CHECK: done
