// Intent: a coroutine resumed on another thread than the one it last ran on (ucontext: swapcontext from any thread) is tracked on the thread it runs on: created and first run by thread A, resumed by thread B where it blocks for 300 ms, it is reported once, on thread B; thread A, waiting in its hub all along, is never reported. At -O0 and -O2.
// RUN: %swgcc -g -O0 %s -lpthread -o %t0
// RUN: %t0 2>&1 | FileCheck %s
// RUN: %swgcc -g -O2 %s -lpthread -o %t2
// RUN: %t2 2>&1 | FileCheck %s
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <ucontext.h>
#include <unistd.h>

static ucontext_t hub_a, hub_b, co;
static ucontext_t *_Atomic resumer; /* the hub that resumed the coroutine */
static char stack[64 * 1024];
static atomic_int phase;

static void body(void) {
  for (int turn = 0;; turn++) {
    if (turn == 1)
      usleep(300 * 1000); /* on thread B: the one blockage */
    swapcontext(&co, atomic_load(&resumer));
  }
}

static void *thread_a(void *arg) {
  prctl(PR_SET_NAME, "thread-a");
  getcontext(&co);
  co.uc_stack.ss_sp = stack;
  co.uc_stack.ss_size = sizeof stack;
  makecontext(&co, body, 0);
  atomic_store(&resumer, &hub_a);
  swapcontext(&hub_a, &co); /* turn 0, on A */
  atomic_store(&phase, 1);
  while (atomic_load(&phase) != 2)
    usleep(1000); /* A's hub waits: never a blockage */
  return NULL;
}

static void *thread_b(void *arg) {
  prctl(PR_SET_NAME, "thread-b");
  while (atomic_load(&phase) != 1)
    usleep(1000);
  atomic_store(&resumer, &hub_b);
  swapcontext(&hub_b, &co); /* turn 1, now on B */
  atomic_store(&phase, 2);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, thread_a, NULL);
  pthread_create(&b, NULL, thread_b, NULL);
  pthread_join(b, NULL);
  pthread_join(a, NULL);
  printf("done\n");
  return 0;
}
// CHECK-NOT: "thread-a"{{.*}}BLOCKED
// CHECK: WARNING: switchguard: coroutine 'body' blocked thread {{[0-9]+}} "thread-b"
// CHECK-NOT: WARNING: switchguard
// CHECK: done
