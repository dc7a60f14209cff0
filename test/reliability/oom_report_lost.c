// Intent: a blockage that happens while every allocation of 4 KB or more fails is still reported: the `blocked` report is written, with fewer details if need be (no stack), never dropped.
// Was a bug (runtime/output.c swg__bprintf): the report buffer's first
// allocation (8 KB) failed and nothing was written. A report now falls back
// on a buffer reserved in advance (64 KB, one report at a time).
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json %t > %t.out 2> %t.log
// RUN: python3 %inputs/check_events.py < %t.log | FileCheck %s
#include "Inputs/failing_malloc.h"

#include <pcl.h>
#include <stdio.h>
#include <unistd.h>

static char stack[64 * 1024];

static void napper(void *arg) {
  atomic_store(&fail_from, 4096); /* memory is short while it blocks */
  usleep(400 * 1000);
  atomic_store(&fail_from, 0);
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(napper, NULL, stack, sizeof stack);
  co_call(co);
  co_delete(co);
  printf("%ld allocations refused\n", atomic_load(&failed_allocs));
  return 0;
}
// CHECK: EVENT blocked coroutine=napper
// CHECK: EVENT still_blocked coroutine=napper report=2
// CHECK: EVENT unblocked coroutine=napper end=switch
