// Intent: threads that exit (by returning or by pthread_exit from their hub) while coroutines they spawned are suspended break nothing: run info taken while they exit and after lists the living threads only, threads created afterwards take over the dead ones' records and are watched as usual (one blockage reported once, with its own coroutine tree), and the program ends normally.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2> %t.log > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: python3 %inputs/check_events.py < %t.log | FileCheck %s
#define _GNU_SOURCE
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <switchguard.h>
#include <unistd.h>

static void suspended(void *arg) {
  for (;;)
    co_resume(); /* never finishes: left suspended when its thread exits */
}

static void *leaver(void *arg) {
  long how = (long)arg;
  co_thread_init();
  for (int i = 0; i < 5; i++)
    co_call(co_create(suspended, NULL, NULL, 32 * 1024));
  if (how % 2)
    pthread_exit(NULL); /* from the hub, coroutines still suspended */
  return NULL;
}

static void napper(void *arg) {
  /* the one blockage, on a thread made afterwards; long enough that even
   * a first report, which loads symbols, reads the tree while it lasts */
  usleep(2500 * 1000);
  for (;;)
    co_resume();
}

static void *later(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(napper, NULL, NULL, 64 * 1024);
  co_call(co);
  usleep(100 * 1000); /* the monitor sees the switch before the exit */
  co_delete(co);
  return NULL;
}

int main(void) {
  pthread_t t[32];
  char buf[1 << 16];
  for (int round = 0; round < 4; round++) {
    for (long i = 0; i < 8; i++)
      pthread_create(&t[i], NULL, leaver, (void *)i);
    FILE *sink = fmemopen(buf, sizeof buf, "w");
    swg_print_run_info(sink); /* while they run and exit */
    fclose(sink);
    for (int i = 0; i < 8; i++)
      pthread_join(t[i], NULL);
  }
  FILE *sink = fmemopen(buf, sizeof buf, "w");
  swg_print_run_info(sink);
  fclose(sink);
  printf("after the exits: %s\n", strstr(buf, "Threads") ? "run info ok" : "NO RUN INFO");
  pthread_t l;
  pthread_create(&l, NULL, later, NULL);
  pthread_join(l, NULL);
  printf("done\n");
  return 0;
}

// OUT: after the exits: run info ok
// OUT-NEXT: done

// CHECK-NOT: EVENT blocked coroutine=suspended
// Threads: main, the napper's, the monitor and the reporter, and
// swg-symbols if it is still loading symbols when the monitor decides (the
// threads are listed as they were then).
// CHECK: EVENT blocked coroutine=napper {{.*}}threads={{[45]}} coroutines=1 tree=napper<hub:running
// CHECK: EVENT unblocked coroutine=napper end=switch
// CHECK: EVENT exit_summary incidents=1
