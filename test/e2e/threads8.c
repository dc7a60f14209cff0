// Intent: 8 threads each run their own PCL scheduler; one coroutine on one
// of them blocks: only that thread and coroutine are reported, and the
// report's coroutine tree is that thread's own.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t && %t 2>&1 | FileCheck %s
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <switchguard.h>
#include <sys/prctl.h>
#include <unistd.h>

static void spinner(void *arg) {
  for (;;) {
    usleep(1000);
    co_resume();
  }
}

static void blocker(void *arg) {
  co_resume();
  usleep(800 * 1000); /* the only blockage */
  for (;;)
    co_resume();
}

static void *scheduler(void *arg) {
  long n = (long)arg;
  char name[16];
  snprintf(name, sizeof name, "sched-%ld", n);
  prctl(PR_SET_NAME, name);
  co_thread_init();
  coroutine_t co = co_create(n == 5 ? blocker : spinner, NULL, NULL, 65536);
  swg_coro_set_name(co, n == 5 ? "the-blocker" : "a-spinner");
  for (int i = 0; i < 600; i++) { /* about 1.2 s of 2 ms turns */
    co_call(co);
    usleep(1000);
  }
  co_delete(co);
  return NULL;
}

int main(void) {
  pthread_t t[8];
  for (long i = 0; i < 8; i++)
    pthread_create(&t[i], NULL, scheduler, (void *)i);
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], NULL);
  printf("done\n");
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'the-blocker' blocked thread [[TID:[0-9]+]] "sched-5"
// CHECK: thread [[TID]] "sched-5" [hub] <- BLOCKED
// CHECK: Coroutines of thread [[TID]] (1):
// CHECK-NEXT: hub
// CHECK-NEXT: the-blocker
// CHECK-NOT: a-spinner
// CHECK: SUMMARY
// CHECK-NOT: WARNING
// CHECK: coroutine 'the-blocker' unblocked on thread [[TID]]
// CHECK-NOT: WARNING
// CHECK: done
