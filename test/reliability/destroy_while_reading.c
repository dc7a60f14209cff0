// Intent: coroutines created and destroyed continuously by four threads, while the monitor reads them (a fifth thread's coroutine blocks again and again, so reports with coroutine trees are made all along) and a sixth thread asks for run info in a loop: no crash, every report whole and valid, every blockage reported once, and the churning threads never reported. (The churners pause 1 ms in their hubs every 100 coroutines, so that on a loaded 2-core machine none is preempted for a whole threshold inside a coroutine, which would rightly be reported.)
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json:max_blocking_ms=100 %t 2> %t.log > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: python3 %inputs/check_events.py < %t.log > %t.events
// RUN: FileCheck %s < %t.events
// RUN: test $(grep -c 'EVENT blocked coroutine=napper' %t.events) -eq 8
// RUN: test $(grep -c 'EVENT unblocked coroutine=napper' %t.events) -eq 8
#define _GNU_SOURCE
#include <pcl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <switchguard.h>
#include <unistd.h>

static atomic_int stop;
static atomic_long churned, infos;

static void short_lived(void *arg) {
  co_resume(); /* one switch back, then it is destroyed */
  for (;;)
    co_resume();
}

static void *churn(void *arg) {
  co_thread_init();
  coroutine_t live[16] = {0};
  for (unsigned i = 0; !atomic_load(&stop); i++) {
    coroutine_t *slot = &live[i % 16];
    if (*slot)
      co_delete(*slot);
    *slot = co_create(short_lived, NULL, NULL, 16 * 1024);
    co_call(*slot);
    atomic_fetch_add(&churned, 1);
    if (i % 100 == 99)
      usleep(1000); /* in the hub: never a blockage */
  }
  for (int i = 0; i < 16; i++)
    if (live[i])
      co_delete(live[i]);
  return NULL;
}

static void *reader(void *arg) {
  static char buf[1 << 20];
  while (!atomic_load(&stop)) {
    FILE *sink = fmemopen(buf, sizeof buf, "w");
    swg_print_run_info(sink);
    fclose(sink);
    atomic_fetch_add(&infos, 1);
    usleep(2000);
  }
  return NULL;
}

static void napper(void *arg) {
  for (;;) {
    usleep(300 * 1000); /* 3x the threshold: one report, then unblocked */
    co_resume();
  }
}

int main(void) {
  pthread_t c[4], r;
  for (int i = 0; i < 4; i++)
    pthread_create(&c[i], NULL, churn, NULL);
  pthread_create(&r, NULL, reader, NULL);
  co_thread_init();
  coroutine_t nap = co_create(napper, NULL, NULL, 64 * 1024);
  for (int i = 0; i < 8; i++) {
    co_call(nap);
    usleep(100 * 1000); /* the hub waits: never a blockage */
  }
  atomic_store(&stop, 1);
  for (int i = 0; i < 4; i++)
    pthread_join(c[i], NULL);
  pthread_join(r, NULL);
  co_delete(nap);
  printf("churned %s, run infos %s\n", churned > 1000 ? "many" : "FEW",
         infos > 10 ? "many" : "FEW");
  return 0;
}

// OUT: churned many, run infos many

// CHECK-NOT: coroutine=short_lived
// CHECK: EVENT blocked coroutine=napper {{.*}}capture=syscall
// CHECK-NOT: coroutine=short_lived
// CHECK: EVENT exit_summary incidents=8
