// Intent: a blockage that ends with a switch is reported as ended by that switch even when its thread exits right after, before the monitor's next look: `unblocked` says end=switch, not thread_exit.
// Was a bug: an incident of a thread gone by the next look was closed as
// thread_exit even when its switch count had moved first; check() now
// compares it (monitor.c).
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s
#include <pcl.h>
#include <pthread.h>
#include <unistd.h>

static void napper(void *arg) {
  usleep(300 * 1000);
  for (;;)
    co_resume(); /* ends the blockage */
}

static void *worker(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(napper, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  return NULL; /* at once, within the monitor's period */
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  usleep(100 * 1000);
  return 0;
}
// CHECK: EVENT blocked coroutine=napper
// CHECK: EVENT unblocked coroutine=napper end=switch
