// Intent: a monitoring function that ends its thread with pthread_exit is removed, said once in the log, and never called again, while the other checks go on at their period on a new swg-monitorfn thread.
// RUN: %swgcc -g -O1 %s -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <switchguard.h>

static _Atomic int ticks, quits;
static char tick_thread[16];

static void tick(void *arg) {
  (void)arg;
  prctl(PR_GET_NAME, tick_thread);
  ticks++;
}

static void quit(void *arg) {
  (void)arg;
  quits++;
  pthread_exit(NULL);
}

int main(void) {
  swg_add_monitoring_function(tick, NULL, 20);
  int q = swg_add_monitoring_function(quit, NULL, 20);
  while (!quits)
    usleep(1000);
  usleep(100 * 1000);
  int before = ticks;
  tick_thread[0] = '\0';
  usleep(500 * 1000); /* 25 ticks at 20 ms; a loaded machine makes fewer */
  fprintf(stderr, "quit called %d time(s); ticks go on: %s on %s; removed: %s\n",
          quits, ticks >= before + 3 ? "yes" : "no", tick_thread,
          swg_remove_monitoring_function(q) == -1 ? "yes" : "no");
  return 0;
}

// CHECK: switchguard: monitoring function 0x{{[0-9a-f]+}} ended its thread (pthread_exit); removed, the others go on
// CHECK-NOT: ended its thread
// CHECK: quit called 1 time(s); ticks go on: yes on swg-monitorfn; removed: yes
