// Intent: State Threads (a scheduler context of its own): an ST thread
// that calls the blocking sleep() instead of st_sleep() is reported by its
// entry's name with its st_thread_create site; st_usleep time is not.
// RUN: %swgcc -g -O1 %s -lst -o %t && %t 2>&1 | FileCheck %s -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
#include <st.h>
#include <stdio.h>
#include <unistd.h>

static void *polite(void *arg) {
  for (int i = 0; i < 30; i++)
    st_usleep(20 * 1000); /* yields: 600 ms of hub time in all */
  return NULL;
}

static void *rude(void *arg) {
  st_usleep(50 * 1000);
  sleep(1); /* blocks every ST thread on this OS thread */
  return NULL;
}

int main(void) {
  st_init();
  st_thread_t p = st_thread_create(polite, NULL, 1, 0);
  st_thread_t r = st_thread_create(rude, NULL, 1, 0); // MARK:spawn
  st_thread_join(p, NULL);
  st_thread_join(r, NULL);
  printf("done\n");
  return 0;
}
// CHECK-NOT: polite' blocked
// CHECK: WARNING: switchguard: coroutine 'rude' blocked thread
// CHECK: in rude {{.*}}st_blocked.c
// CHECK: Spawned at: {{.*}}st_blocked.c:[[#SPAWN]] in main
// CHECK-NOT: WARNING
// CHECK: coroutine 'rude' unblocked
// CHECK-NOT: WARNING
// CHECK: done
