// Intent: worker threads that have a hub but wait in it are never reported: one waits on a condition variable for work that comes after 600 ms, one runs a blocking task (sleep 500 ms) in its hub, outside any coroutine (gevent's threadpool tests: task queue, one greenlet).
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s
#include "../Inputs/pcl_hub.h"
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int work;

static void quick(void *arg) {
  for (;;)
    co_resume(); /* does its part and yields */
}

/* Gets a hub by switching once, then waits for work in the hub. */
static void *queue_worker(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(quick, NULL, NULL, 64 * 1024);
  co_call(co);
  pthread_mutex_lock(&mu);
  while (!work)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  co_call(co);
  co_delete(co);
  return NULL;
}

static void *task_worker(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(quick, NULL, NULL, 64 * 1024);
  co_call(co);
  usleep(500 * 1000); /* the task itself, in the hub: meant to block */
  co_call(co);
  co_delete(co);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, queue_worker, NULL);
  pthread_create(&b, NULL, task_worker, NULL);
  usleep(600 * 1000);
  pthread_mutex_lock(&mu);
  work = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("done\n");
  return 0;
}

// CHECK-NOT: switchguard
// CHECK: done
