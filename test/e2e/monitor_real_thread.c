// Intent: a second thread whose coroutine blocks it for 3x the threshold is reported with that thread's id and name, and the report lists every thread: it marks the monitor, the blocked thread's hub, and main, which never switched, without one (gevent's test_blocking_this_thread).
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s -DFILE=monitor_real_thread.c -D#NAP=$(grep -n 'MARK[:]nap' %s | cut -d: -f1)
#define _GNU_SOURCE
#include "../Inputs/pcl_hub.h"
#include <pthread.h>
#include <sys/prctl.h>

static void task(void *arg) {
  usleep(300 * 1000); // MARK:nap
  for (;;)
    co_resume();
}

static void *worker(void *arg) {
  prctl(PR_SET_NAME, "worker-3x");
  *(pid_t *)arg = gettid();
  co_thread_init();
  coroutine_t co = co_create(task, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  return NULL;
}

int main(void) {
  pid_t tid;
  pthread_t w;
  prctl(PR_SET_NAME, "main-thread");
  pthread_create(&w, NULL, worker, &tid);
  pthread_join(w, NULL);
  printf("worker %d done\n", (int)tid);
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'task' blocked thread [[TID:[0-9]+]] "worker-3x" for {{[0-9]+}} ms (max_blocking_ms=100)
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in task {{.*}}[[FILE]]:[[#NAP]]
// CHECK: * Threads:
// CHECK-DAG: thread {{[0-9]+}} "main-thread"{{$}}
// CHECK-DAG: thread [[TID]] "worker-3x" [hub] <- BLOCKED
// CHECK-DAG: thread {{[0-9]+}} "swg-monitor" [switchguard monitor]
// CHECK: * Coroutines of thread [[TID]] (1):
// CHECK: SUMMARY: switchguard: blocked coroutine 'task' for {{[0-9]+}} ms on thread [[TID]] in task {{.*}}[[FILE]]:[[#NAP]]
// CHECK: coroutine 'task' unblocked on thread [[TID]] after 0.{{[0-9]+}} s
// CHECK: worker [[TID]] done
