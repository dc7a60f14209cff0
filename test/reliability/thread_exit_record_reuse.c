// Intent: when a thread exits while blocked and a new thread takes over its record before the monitor's next look, the `unblocked` report (end=thread_exit) names the thread that was blocked, not the new one.
// Was a bug: reports took .tid from the record when each was decided, and
// a reused record has the newcomer's; now an incident keeps the tid and
// name, read once per owner of the record (monitor.c, identify()).
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json:max_blocking_ms=50:monitor_period_ms=5 timeout 60 %t 2> %t.log
// RUN: python3 %inputs/check_events.py < %t.log > /dev/null
// RUN: python3 %S/Inputs/check_incidents.py %t.log | FileCheck %s
#include <pcl.h>
#include <pthread.h>
#include <unistd.h>

static void quitter(void *arg) {
  usleep(250 * 1000); /* 5x the threshold: reported even when the monitor is late */
  pthread_exit(NULL); /* blocked, then gone */
}

static void *worker(void *arg) {
  co_thread_init();
  co_call(co_create(quitter, NULL, NULL, 64 * 1024));
  return NULL;
}

int main(void) {
  for (int i = 0; i < 10; i++) { /* the next one starts at once */
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
  }
  return 0;
}
// CHECK: incidents: 10, all closed once by thread_exit
// CHECK-NOT: PROBLEM
