// Intent: PCL (asymmetric): the running coroutine follows co_call into a
// coroutine, a nested co_call from it into another, each co_resume back to
// its caller, and the hub; counts one switch event per switch.
// RUN: %swgcc -g -O1 %s -lpcl -o %t && %t 2>&1 | FileCheck %s
#include <pcl.h>
#include <stdio.h>
#include <switchguard.h>

static coroutine_t outer, inner;

static void check(const char *where, void *expect) {
  printf("%s: %s\n", where, swg_current_coroutine() == expect ? "ok" : "WRONG");
}

static void inner_fn(void *arg) {
  check("inner", inner);
  co_resume();
  check("inner again", inner);
  co_resume();
}

static void outer_fn(void *arg) {
  check("outer", outer);
  co_call(inner);
  check("outer after inner", outer);
  co_resume();
}

int main(void) {
  co_thread_init();
  outer = co_create(outer_fn, NULL, NULL, 65536);
  inner = co_create(inner_fn, NULL, NULL, 65536);
  unsigned long before = swg_switch_count();
  co_call(outer);
  check("hub", NULL);
  co_call(inner);
  check("hub again", NULL);
  // Six switches, each an event where it leaves and one where it lands,
  // except the two first entries into fresh coroutines: 10 events.
  printf("events: %lu\n", swg_switch_count() - before);
  co_delete(inner);
  co_delete(outer);
  return 0;
}
// CHECK: outer: ok
// CHECK-NEXT: inner: ok
// CHECK-NEXT: outer after inner: ok
// CHECK-NEXT: hub: ok
// CHECK-NEXT: inner again: ok
// CHECK-NEXT: hub again: ok
// CHECK-NEXT: events: 10
