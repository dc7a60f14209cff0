// Intent: a coroutine blocked in read() on an empty pipe is reported with
// read and its own frame on the stack, and the read still waits until the
// writer thread writes, 1 s later.
// RUN: %swgcc -g -O0 %s -lpcl -lpthread -o %t0
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 2>&1 | FileCheck %s -DFILE=blocked_read.c -D#LINE=$(grep -n 'MARK[:]read' %s | cut -d: -f1)
// RUN: %swgcc -g -O2 %s -lpcl -lpthread -o %t2
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 2>&1 | FileCheck %s -DFILE=blocked_read.c -D#LINE=$(grep -n 'MARK[:]read' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"
#include <pthread.h>

static int fds[2];

static void *writer(void *arg) {
  sleep(1);
  if (write(fds[1], "x", 1) != 1)
    abort();
  return NULL;
}

static void reader(void *arg) {
  co_resume();
  pthread_t w;
  pthread_create(&w, NULL, writer, NULL);
  char c;
  double t = hub_now();
  if (read(fds[0], &c, 1) != 1) // MARK:read
    abort();
  expect_full("read()", hub_now() - t, 1.0);
  pthread_join(w, NULL);
  hub_finish();
}

int main(void) {
  co_thread_init();
  if (pipe(fds))
    return 1;
  hub_run(co_create(reader, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'reader' blocked thread
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in {{.*}}read
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in reader {{.*}}[[FILE]]:[[#LINE]]
// CHECK: SUMMARY: switchguard: blocked coroutine 'reader'
// CHECK-NOT: WARNING
// CHECK: coroutine 'reader' unblocked on thread {{[0-9]+}} after {{[01]}}.{{[0-9]+}} s
// CHECK: read() took 1.{{[0-9]+}} s
