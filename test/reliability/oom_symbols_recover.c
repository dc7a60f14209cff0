// Intent: when memory runs short while switchguard loads the program's symbols (first blockage, every allocation of 4 KB or more failing), later reports, made once memory is back, still have their stacks.
// Was a bug (runtime/symbolize.c): the libdwfl session made while
// allocations failed had modules without their ELF files and was kept, so
// every later capture said "Couldn't find architecture of any ELF". A
// session that cannot attach is now made again.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json %t > %t.out 2> %t.log
// RUN: python3 %inputs/check_events.py < %t.log | FileCheck %s
#include "Inputs/failing_malloc.h"

#include <pcl.h>
#include <stdio.h>
#include <unistd.h>

static char stack1[64 * 1024], stack2[64 * 1024];

static void short_of_memory(void *arg) {
  atomic_store(&fail_from, 4096);
  usleep(400 * 1000);
  atomic_store(&fail_from, 0);
  for (;;)
    co_resume();
}

static void later(void *arg) {
  usleep(800 * 1000); /* memory is back; the symbols load again first */
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t a = co_create(short_of_memory, NULL, stack1, sizeof stack1);
  coroutine_t b = co_create(later, NULL, stack2, sizeof stack2);
  co_call(a);
  co_call(b);
  co_delete(a);
  co_delete(b);
  return 0;
}
// CHECK: EVENT blocked coroutine=later {{.*}}frames={{.*}}later:{{[0-9]+}}{{.*}} capture=syscall
