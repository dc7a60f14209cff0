// Intent: a blockage that happens while every allocation of 4 KB or more fails is still reported: the `blocked` report is written, with fewer details if need be (no stack), never dropped.
// XFAIL: *
// BUG (runtime/output.c swg__bprintf, runtime/report.c): a report is built in
// a buffer whose first allocation is 8 KB; when it fails, nothing is ever
// written: the `blocked` and `still_blocked` reports of this incident are
// lost and only its `unblocked` line (short, made after memory came back)
// appears, saying "report":2 about reports nobody saw. A small buffer
// reserved in advance (or a header line written with no allocation) would
// keep the report, with fewer details.
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
// CHECK: EVENT unblocked coroutine=napper end=switch
