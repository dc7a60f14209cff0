// Intent: the monitor survives fork(): five children forked while the parent's monitor is reporting another thread's blockage each get a monitor of their own that reports their own blocked coroutine with their own pid, threads and exit summary to their own %p log, and none inherits the parent's incidents.
// RUN: rm -f %t.*.log
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=log_path=%t.%%p.log %t > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: FileCheck %s --check-prefix=PARENT -DPID=$(sed -n 's/^parent=//p' %t.out) < %t.$(sed -n 's/^parent=//p' %t.out).log
// RUN: for c in $(sed -n 's/^child=//p' %t.out); do FileCheck %s --check-prefix=CHILD -DPID=$c < %t.$c.log || exit 1; done
#define _GNU_SOURCE
#include "../Inputs/pcl_hub.h"
#include <pthread.h>
#include <sys/wait.h>

static void blocker_nap(void *arg) {
  usleep(1500 * 1000);
  for (;;)
    co_resume();
}

static void *blocker(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(blocker_nap, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  return NULL;
}

static void child_nap(void *arg) {
  usleep(300 * 1000);
  for (;;)
    co_resume();
}

static void quick(void *arg) {
  for (;;)
    co_resume();
}

int main(void) {
  pid_t kids[5];
  pthread_t b;
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("parent=%d\n", (int)getpid());
  co_thread_init();
  coroutine_t q = co_create(quick, NULL, NULL, 64 * 1024);
  co_call(q); /* main has a hub too */
  pthread_create(&b, NULL, blocker, NULL);
  usleep(60 * 1000);
  for (int i = 0; i < 5; i++) { /* while the blocker's report is made */
    usleep(40 * 1000);
    if ((kids[i] = fork()) == 0) {
      alarm(20); /* a deadlocked child fails the test, never hangs it */
      coroutine_t co = co_create(child_nap, NULL, NULL, 64 * 1024);
      co_call(co);
      co_delete(co);
      exit(0);
    }
    printf("child=%d\n", (int)kids[i]);
  }
  for (int i = 0; i < 5; i++) {
    int status;
    waitpid(kids[i], &status, 0);
    printf("child %d: %s\n", i,
           WIFEXITED(status) && !WEXITSTATUS(status) ? "ok" : "FAILED");
  }
  pthread_join(b, NULL);
  co_delete(q);
  return 0;
}

// OUT-COUNT-5: child {{[0-9]}}: ok

// PARENT: ==[[PID]]==WARNING: switchguard: coroutine 'blocker_nap' blocked thread
// PARENT-NOT: child_nap
// PARENT: coroutine 'blocker_nap' unblocked
// PARENT-NOT: child_nap
// PARENT: ==[[PID]]== switchguard: exit summary: 1 blocking incident, {{.*}}'blocker_nap'

// CHILD-NOT: blocker_nap
// CHILD: ==[[PID]]==WARNING: switchguard: coroutine 'child_nap' blocked thread [[PID]]
// CHILD: * Threads:
// CHILD-DAG: thread [[PID]] "{{.*}}" [hub] <- BLOCKED
// CHILD-DAG: thread {{[0-9]+}} "swg-monitor" [switchguard monitor]
// CHILD-NOT: blocker
// CHILD: * Coroutines of thread [[PID]]
// CHILD-NOT: blocker_nap
// CHILD: ==[[PID]]== switchguard: coroutine 'child_nap' unblocked on thread [[PID]]
// CHILD-NOT: blocker_nap
// CHILD-NOT: switchguard:
// CHILD: ==[[PID]]== switchguard: exit summary: 1 blocking incident, {{.*}}'child_nap'
