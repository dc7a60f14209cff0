// Intent: a blocked thread that exits around the moment the monitor decides and captures its stack (40 threads, each blocking for 40 to 79 ms at a 50 ms threshold, then leaving with pthread_exit from inside the coroutine, two at a time) breaks nothing: no crash, no hang, every report whole and valid, each incident reported once and closed with end=thread_exit, and a stack that could not be read says why ("thread N no longer exists"). (Incidents are paired by coroutine handle: which thread an `unblocked` names is thread_exit_record_reuse.c.)
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json:max_blocking_ms=50:monitor_period_ms=5 timeout 60 %t 2> %t.log > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: python3 %inputs/check_events.py < %t.log > /dev/null
// RUN: python3 %S/Inputs/check_incidents.py --by-handle %t.log | FileCheck %s
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void quitter(void *arg) {
  long ms = (long)arg;
  usleep(ms * 1000);
  pthread_exit(NULL); /* leaves the coroutine, its hub and the thread */
}

static void *worker(void *arg) {
  co_thread_init();
  co_call(co_create(quitter, arg, NULL, 64 * 1024));
  return NULL;
}

int main(void) {
  for (long ms = 40; ms < 80; ms += 2) {
    pthread_t a, b;
    pthread_create(&a, NULL, worker, (void *)ms);
    pthread_create(&b, NULL, worker, (void *)(ms + 1));
    pthread_join(a, NULL);
    pthread_join(b, NULL);
  }
  printf("done\n");
  return 0;
}
// OUT: done
// CHECK: incidents: {{[1-9][0-9]*}}, all closed once by thread_exit; without a stack: {{[0-9]+}}, of which unexplained: 0
