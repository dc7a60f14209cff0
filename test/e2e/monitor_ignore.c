// Intent: swg_ignore_current_blocking() exempts its thread (gevent's ignore_current_greenlet_blocking): a pool worker that is ignored and a coroutine of main run while main is ignored are never reported; after swg_monitor_current_blocking() main's next blockage is, and the report marks the worker [ignored].
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s
#include "../Inputs/pcl_hub.h"
#include <pthread.h>
#include <switchguard.h>
#include <sys/prctl.h>

static void ignored_nap(void *arg) {
  usleep(500 * 1000);
  for (;;)
    co_resume();
}

static void watched_nap(void *arg) {
  usleep(500 * 1000);
  for (;;)
    co_resume();
}

static void pool_task(void *arg) {
  usleep(1500 * 1000); /* the pool may block: it is meant to */
  for (;;)
    co_resume();
}

static void *pool_worker(void *arg) {
  prctl(PR_SET_NAME, "pool-worker");
  swg_ignore_current_blocking();
  co_thread_init();
  coroutine_t co = co_create(pool_task, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  return NULL;
}

int main(void) {
  pthread_t pool;
  pthread_create(&pool, NULL, pool_worker, NULL);
  co_thread_init();
  coroutine_t a = co_create(ignored_nap, NULL, NULL, 64 * 1024);
  coroutine_t b = co_create(watched_nap, NULL, NULL, 64 * 1024);
  swg_ignore_current_blocking();
  co_call(a);
  printf("ignored_nap done\n");
  swg_monitor_current_blocking();
  co_call(b);
  pthread_join(pool, NULL);
  co_delete(a);
  co_delete(b);
  printf("done\n");
  return 0;
}

// CHECK-NOT: coroutine '{{ignored_nap|pool_task}}'
// CHECK: WARNING: switchguard: coroutine 'watched_nap' blocked thread [[MAIN:[0-9]+]]
// CHECK: * Threads:
// CHECK-DAG: thread [[MAIN]] "{{.*}}" [hub] <- BLOCKED
// CHECK-DAG: thread {{[0-9]+}} "pool-worker" [hub] [ignored]
// CHECK: SUMMARY: switchguard: blocked coroutine 'watched_nap'
// CHECK-NOT: coroutine '{{ignored_nap|pool_task}}'
// CHECK: coroutine 'watched_nap' unblocked
// CHECK-NOT: coroutine '{{ignored_nap|pool_task}}'
// CHECK: exit summary: 1 blocking incident
// CHECK: ignored_nap done
// CHECK: done
