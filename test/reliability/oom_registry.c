// Intent: out of memory in the runtime's registry degrades reports, never the program: 100 coroutines are spawned while every allocation of 4 KB or more fails (the registry cannot grow past its first 128 entries), and the program runs on; a blocked coroutine the registry could not hold is still reported once with its stack and last switch, named by its handle and without a spawn site, and a registered one keeps every detail.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json %t > %t.out 2> %t.log
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: python3 %inputs/check_events.py < %t.log | FileCheck %s
#include "Inputs/failing_malloc.h"

#include <pcl.h>
#include <stdio.h>
#include <unistd.h>

enum { N = 200, STACK = 16 * 1024 };
static char stacks[N][STACK] __attribute__((aligned(64)));

static void quick(void *arg) {
  for (;;)
    co_resume();
}

static void registered_nap(void *arg) {
  usleep(300 * 1000);
  for (;;)
    co_resume();
}

static void unregistered_nap(void *arg) {
  usleep(300 * 1000);
  for (;;)
    co_resume();
}

int main(void) {
  coroutine_t co[N];
  co_thread_init();
  for (int i = 0; i < N; i++) {
    if (i == 100)
      atomic_store(&fail_from, 4096); /* the registry cannot grow now */
    /* Stacks of our own: PCL itself allocates nothing then. */
    co[i] = co_create(i == 0 ? registered_nap : i == N - 1 ? unregistered_nap : quick,
                      NULL, stacks[i], STACK);
    if (i && i < N - 1)
      co_call(co[i]); /* the two nappers run later, memory back */
  }
  atomic_store(&fail_from, 0);
  printf("spawned %d coroutines, %ld allocations refused\n", N,
         atomic_load(&failed_allocs));
  co_call(co[N - 1]); /* blocks, unknown to the registry */
  co_call(co[0]);     /* blocks, known */
  for (int i = 1; i < N - 1; i++) /* the unknown ones still switch */
    co_call(co[i]);
  for (int i = 0; i < N; i++)
    co_delete(co[i]);
  printf("done\n");
  return 0;
}

// OUT: spawned 200 coroutines, {{[1-9][0-9]*}} allocations refused
// OUT-NEXT: done

// CHECK: EVENT blocked coroutine=coroutine 0x{{[0-9a-f]+}} spawn_line=None frames={{.*}}unregistered_nap{{.*}} capture=syscall
// CHECK: EVENT unblocked coroutine=coroutine 0x{{[0-9a-f]+}} end=switch
// CHECK: EVENT blocked coroutine=registered_nap spawn_line={{[0-9]+}} frames={{.*}}registered_nap{{.*}} capture=syscall
// CHECK: EVENT unblocked coroutine=registered_nap end=switch
