/* Smoke test of the minicoro stand-in: two coroutines resumed in turn from
 * main, one nested resume, values passed through the storage. */
#define MINICORO_IMPL
#include "minicoro.h"
#include <stdio.h>

static mco_coro *inner;

static void inner_fn(mco_coro *co) {
  printf("inner: state of outer is %d (normal=%d)\n",
         (int)mco_status((mco_coro *)mco_get_user_data(co)), (int)MCO_NORMAL);
  mco_yield(co);
  printf("inner: end\n");
}

static void worker(mco_coro *co) {
  const char *name = (const char *)mco_get_user_data(co);
  for (int i = 0; i < 2; i++) {
    int v = 0;
    mco_pop(co, &v, sizeof v);
    printf("%s: step %d got %d\n", name, i, v);
    v *= 10;
    mco_push(co, &v, sizeof v);
    mco_yield(co);
  }
  printf("%s: end\n", name);
}

static void outer_fn(mco_coro *co) {
  mco_resume(inner);
  printf("outer: back from inner, running is outer: %d\n", mco_running() == co);
  mco_yield(co);
  mco_resume(inner);
}

int main(void) {
  mco_coro *a, *b, *outer;
  mco_desc da = mco_desc_init(worker, 0);
  da.user_data = (void *)"A";
  mco_desc db = mco_desc_init(worker, 0);
  db.user_data = (void *)"B";
  if (mco_create(&a, &da) != MCO_SUCCESS || mco_create(&b, &db) != MCO_SUCCESS)
    return 1;
  int round = 1;
  while (mco_status(a) != MCO_DEAD || mco_status(b) != MCO_DEAD) {
    mco_coro *cos[2] = {a, b};
    for (int i = 0; i < 2; i++) {
      if (mco_status(cos[i]) == MCO_DEAD)
        continue;
      int v = round * 10 + i;
      mco_push(cos[i], &v, sizeof v);
      mco_resume(cos[i]);
      if (mco_status(cos[i]) != MCO_DEAD && mco_get_bytes_stored(cos[i]) >= sizeof v) {
        mco_pop(cos[i], &v, sizeof v);
        printf("main: got %d back\n", v);
      }
    }
    round++;
  }
  printf("main: resume dead -> %s\n", mco_result_description(mco_resume(a)));
  mco_destroy(a);
  mco_destroy(b);

  mco_desc dout = mco_desc_init(outer_fn, 0);
  mco_create(&outer, &dout);
  mco_desc din = mco_desc_init(inner_fn, 0);
  din.user_data = outer;
  mco_create(&inner, &din);
  mco_resume(outer);
  printf("main: outer yielded, running is NULL: %d\n", mco_running() == NULL);
  mco_resume(outer);
  printf("main: outer %s, inner %s\n", mco_status(outer) == MCO_DEAD ? "dead" : "alive",
         mco_status(inner) == MCO_DEAD ? "dead" : "alive");
  mco_destroy(inner);
  mco_destroy(outer);
  printf("main: done\n");
  return 0;
}

// CHECK:      A: step 0 got 10
// CHECK-NEXT: main: got 100 back
// CHECK-NEXT: B: step 0 got 11
// CHECK-NEXT: main: got 110 back
// CHECK-NEXT: A: step 1 got 20
// CHECK-NEXT: main: got 200 back
// CHECK-NEXT: B: step 1 got 21
// CHECK-NEXT: main: got 210 back
// CHECK-NEXT: A: end
// CHECK-NEXT: B: end
// CHECK-NEXT: main: resume dead -> coroutine not suspended
// CHECK-NEXT: inner: state of outer is 1 (normal=1)
// CHECK-NEXT: outer: back from inner, running is outer: 1
// CHECK-NEXT: main: outer yielded, running is NULL: 1
// CHECK-NEXT: inner: end
// CHECK-NEXT: main: outer dead, inner dead
// CHECK-NEXT: main: done
