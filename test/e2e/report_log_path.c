// Intent: each report is written whole with one write(): on stderr it is never split by another thread writing there at the same time, and with log_path=PATH.%p it goes to a file named by the pid while stderr keeps only the program's own output.
// RUN: rm -f %t.*.log
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: env SWITCHGUARD_OPTIONS=log_path=%t.%%p.log %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.$(sed -n 's/^pid=//p' %t.out).log
// RUN: FileCheck %s --check-prefix=STDERR < %t.err
#include "../Inputs/pcl_hub.h"
#include <pthread.h>
#include <string.h>

static volatile int stop;

static void *chatter(void *arg) {
  char line[32];
  for (int i = 0; !stop; i++) {
    int n = snprintf(line, sizeof line, "chatter %d\n", i);
    if (write(2, line, (size_t)n) != n)
      abort();
    usleep(200);
  }
  return NULL;
}

static void napper(void *arg) {
  co_resume();
  usleep(600 * 1000);
  hub_finish();
}

int main(void) {
  pthread_t c;
  printf("pid=%d\n", (int)getpid());
  pthread_create(&c, NULL, chatter, NULL);
  co_thread_init();
  hub_run(co_create(napper, NULL, NULL, 64 * 1024));
  stop = 1;
  pthread_join(c, NULL);
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'napper' blocked thread
// CHECK-NOT: chatter
// CHECK: SUMMARY: switchguard: blocked coroutine 'napper'
// CHECK: coroutine 'napper' unblocked
// CHECK: exit summary: 1 blocking incident
// CHECK-NEXT: 1 incident,

// STDERR-NOT: switchguard
// STDERR: chatter 0
// STDERR-NOT: switchguard
