// Intent: a minicoro coroutine created on one thread and resumed on
// another is reported on the thread where it runs, named by its entry,
// with the spawn site on the first thread; its spawner is remembered.
// RUN: %swgcc -g -O1 -I%inputs/standins %s -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
#define MINICORO_IMPL
#include "minicoro.h"
#include <pthread.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

static mco_coro *co;

static void wanderer(mco_coro *self) {
  mco_yield(self);
  usleep(600 * 1000); /* blocks the thread it now runs on */
  mco_yield(self);
}

static void *second(void *arg) {
  prctl(PR_SET_NAME, "second");
  mco_resume(co); /* runs on this thread now */
  mco_resume(co);
  return NULL;
}

int main(void) {
  prctl(PR_SET_NAME, "first");
  mco_desc desc = mco_desc_init(wanderer, 0);
  mco_create(&co, &desc); // MARK:spawn
  mco_resume(co);         /* first stretch on this thread */
  pthread_t t;
  pthread_create(&t, NULL, second, NULL);
  pthread_join(t, NULL);
  mco_destroy(co);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'wanderer' blocked thread [[TID:[0-9]+]] "second"
// CHECK: in wanderer {{.*}}minicoro_migration.c
// CHECK: Spawned at: {{.*}}minicoro_migration.c:[[#SPAWN]] in main
// CHECK: thread [[TID]] "second" [hub] <- BLOCKED
// CHECK: wanderer {{.*}}running{{.*}}spawned at main {{.*}}minicoro_migration.c:[[#SPAWN]]
// CHECK: SUMMARY
// The unblocking may be seen only at exit, after the program's last line.
// CHECK-DAG: coroutine 'wanderer' unblocked on thread [[TID]]
// CHECK-DAG: done
