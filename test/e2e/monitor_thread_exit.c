// Intent: a thread that exits while its coroutine is blocked (pthread_exit from inside the coroutine) ends the incident with an unblocked report that says the thread exited, and the monitor goes on watching the other threads.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#include "../Inputs/pcl_hub.h"
#include <pthread.h>

static void quitter(void *arg) {
  usleep(600 * 1000);
  pthread_exit(NULL); /* leaves the coroutine, the hub and the thread */
}

static void *worker(void *arg) {
  co_thread_init();
  co_call(co_create(quitter, NULL, NULL, 64 * 1024));
  return NULL;
}

static void later(void *arg) {
  usleep(600 * 1000);
  for (;;)
    co_resume();
}

int main(void) {
  pthread_t w;
  pthread_create(&w, NULL, worker, NULL);
  pthread_join(w, NULL);
  usleep(100 * 1000);
  co_thread_init();
  coroutine_t co = co_create(later, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  printf("done\n");
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'quitter' blocked thread [[TID:[0-9]+]]
// CHECK: coroutine 'quitter' unblocked on thread [[TID]] after 0.{{[0-9]+}} s: the thread exited
// CHECK: WARNING: switchguard: coroutine 'later' blocked thread
// CHECK: coroutine 'later' unblocked
// CHECK: exit summary: 2 blocking incidents
// CHECK: done

// JSON: EVENT blocked coroutine=quitter
// JSON: EVENT unblocked coroutine=quitter end=thread_exit
// JSON: EVENT blocked coroutine=later
// JSON: EVENT unblocked coroutine=later end=switch
