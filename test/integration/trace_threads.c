// Intent: each thread that switches gets its own track in the trace, named
// after the thread, with its own slices; a thread that exits before the
// process closes its last slice then.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: rm -f %t.json && env SWITCHGUARD_OPTIONS=trace_path=%t.json %t
// RUN: python3 %S/Inputs/check_trace.py %t.json > %t.out
// RUN: grep '^THREAD' %t.out | sort -k3 | FileCheck %s
#define _GNU_SOURCE
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>

static void echo(void *arg) {
  for (;;)
    co_resume();
}

static void *hub(void *arg) {
  char name[16];
  snprintf(name, sizeof name, "hub-%ld", (long)arg);
  pthread_setname_np(pthread_self(), name);
  co_thread_init();
  coroutine_t co = co_create(echo, NULL, NULL, 65536);
  for (long i = 0; i < 2 + (long)arg; i++)
    co_call(co);
  co_delete(co);
  co_thread_cleanup();
  return NULL;
}

int main(void) {
  pthread_t t[3];
  for (long i = 0; i < 3; i++)
    pthread_create(&t[i], NULL, hub, (void *)i);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  return 0;
}

// By name: one line per thread, slices = 2 per round trip.
// CHECK: THREAD {{[0-9]}} name=hub-0 slices=4 switch_events={{[0-9]+}} lost=0
// CHECK: THREAD {{[0-9]}} name=hub-1 slices=6 switch_events={{[0-9]+}} lost=0
// CHECK: THREAD {{[0-9]}} name=hub-2 slices=8 switch_events={{[0-9]+}} lost=0
