// Intent: exit() called on one of switchguard's own threads (a subscriber's callback on the event thread, at the first blocked report) ends the process with that status, its atexit handler run and switchguard's exit summary written: the destructors that stop and join switchguard's threads never wait for the thread that runs them.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %compare %t %t blocked | FileCheck %s
#include <pcl.h>
#include <stdio.h>
#include <stdlib.h>
#include <switchguard.h>
#include <unistd.h>

static void on_blocked(const struct swg_event *ev, void *arg) {
  (void)ev, (void)arg;
  printf("callback calls exit\n");
  exit(9);
}

static void bye(void) { printf("atexit handler ran\n"); }

static void sleeper(void *arg) {
  (void)arg;
  sleep(60); /* blocked: reported, and the callback ends the process */
  printf("not reached\n");
  co_resume();
}

int main(void) {
  atexit(bye);
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_BLOCKED), on_blocked, NULL);
  co_thread_init();
  co_call(co_create(sleeper, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: switchguard: exit 9 after
// CHECK-NEXT: switchguard| callback calls exit
// CHECK-NEXT: switchguard| atexit handler ran
// CHECK: same: exit 9
// CHECK: stderr| {{.*}}switchguard: exit summary: 1 blocking incident
