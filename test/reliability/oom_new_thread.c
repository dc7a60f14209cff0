// Intent: out of memory when a thread switches for the first time (its switch state cannot be allocated) degrades to that thread going unwatched, never to a crash: the thread's coroutines run to the end and the program exits normally.
// Was a bug (runtime/hooks.c claim_record): a calloc failure for the record
// called abort(). Now the thread keeps its state in a record of its own in
// TLS, off the monitor's list, and one line says it is not watched.
// RUN: %swgcc -g -O1 %s -lpthread -o %t
// RUN: %t 2> %t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=ERR < %t.err
#include "Inputs/failing_malloc.h"

#include <pthread.h>
#include <stdio.h>
#include <ucontext.h>

static ucontext_t hub, co;
static char stack[64 * 1024];
static int turns;

static void body(void) {
  for (;;) {
    turns++;
    swapcontext(&co, &hub);
  }
}

static void *thread_main(void *arg) {
  atomic_store(&fail_from, 1); /* nothing can be allocated now */
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
  makecontext(&co, body, 0);
  for (int i = 0; i < 3; i++)
    swapcontext(&hub, &co); /* the thread's first switch */
  atomic_store(&fail_from, 0);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, thread_main, NULL);
  pthread_join(t, NULL);
  printf("turns %d, %ld allocations refused\n", turns, atomic_load(&failed_allocs));
  return 0;
}
// CHECK: turns 3, {{[1-9][0-9]*}} allocations refused
// ERR: switchguard: out of memory: thread {{[0-9]+}} is not watched
