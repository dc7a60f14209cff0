/* Smoke test of the byuu libco stand-in: a ring main -> A -> B -> main of
 * symmetric switches, and one cothread on caller-provided memory. */
#include "libco.h"
#include <stdio.h>

static cothread_t host, ta, tb, tc;
static int turns;
static _Alignas(16) unsigned char c_memory[128 * 1024];

static void entry_a(void) {
  for (;;) {
    printf("A: turn %d\n", turns++);
    co_switch(tb);
  }
}

static void entry_b(void) {
  for (;;) {
    printf("B: turn %d, active is B: %d\n", turns++, co_active() == tb);
    co_switch(host);
  }
}

static void entry_c(void) {
  printf("C: on derived memory\n");
  co_switch(host);
  printf("C: never printed\n");
}

int main(void) {
  host = co_active();
  ta = co_create(256 * 1024, entry_a);
  tb = co_create(256 * 1024, entry_b);
  tc = co_derive(c_memory, sizeof c_memory, entry_c);
  for (int i = 0; i < 3; i++) {
    co_switch(ta);
    printf("main: back, active is main: %d\n", co_active() == host);
  }
  co_switch(tc);
  co_delete(ta);
  co_delete(tb);
  co_delete(tc);
  printf("main: done, serializable %d\n", co_serializable());
  return 0;
}

// CHECK:      A: turn 0
// CHECK-NEXT: B: turn 1, active is B: 1
// CHECK-NEXT: main: back, active is main: 1
// CHECK-NEXT: A: turn 2
// CHECK-NEXT: B: turn 3, active is B: 1
// CHECK-NEXT: main: back, active is main: 1
// CHECK-NEXT: A: turn 4
// CHECK-NEXT: B: turn 5, active is B: 1
// CHECK-NEXT: main: back, active is main: 1
// CHECK-NEXT: C: on derived memory
// CHECK-NEXT: main: done, serializable 0
