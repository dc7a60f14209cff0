// Intent: when memory runs short while switchguard loads the program's symbols (first blockage, every allocation of 4 KB or more failing), later reports, made once memory is back, still have their stacks.
// XFAIL: *
// BUG (runtime/symbolize.c swg__dwfl): the libdwfl session made while
// allocations fail reports the modules but without their ELF files (libelf
// could not allocate), and is kept: every later capture says "libdwfl
// cannot read this process: Couldn't find architecture of any ELF" for the
// rest of the run. A session whose modules have no ELF should be dropped
// and made again at the next capture (as after a failed dwfl_report_end).
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
  usleep(300 * 1000); /* memory is back */
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
