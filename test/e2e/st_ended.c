// Intent: State Threads frees a thread that returns or calls
// st_thread_exit, with no destroy call in the program: once 200 such
// threads have ended, run info lists only the threads still there (main,
// a sleeper, and a later thread that may take an ended one's memory, named
// by its own entry and spawn site), not the ended ones.
// RUN: %swgcc -g -O0 %s -lst -o %t0 && %t0 | FileCheck %s -D#SLEEPER=$(grep -n 'MARK[:]sleeper' %s | cut -d: -f1) -D#LATE=$(grep -n 'MARK[:]late' %s | cut -d: -f1)
// RUN: %swgcc -g -O2 %s -lst -o %t2 && %t2 | FileCheck %s -D#SLEEPER=$(grep -n 'MARK[:]sleeper' %s | cut -d: -f1) -D#LATE=$(grep -n 'MARK[:]late' %s | cut -d: -f1)
#include <st.h>
#include <stdio.h>
#include <switchguard.h>

static void *sleeper(void *arg) {
  st_usleep(200 * 1000);
  return arg;
}

static void leave(void) { st_thread_exit(NULL); }

static void *brief(void *arg) {
  if (arg) /* ends inside a call */
    leave();
  return NULL;
}

static void *late(void *arg) {
  st_usleep(100 * 1000);
  return arg;
}

int main(void) {
  st_init();
  st_thread_t s = st_thread_create(sleeper, NULL, 1, 0); // MARK:sleeper
  for (long i = 0; i < 200; i++)
    st_thread_create(brief, (void *)(i & 1), 0, 0);
  st_usleep(10 * 1000); /* every brief thread runs and ends */
  st_thread_t l = st_thread_create(late, NULL, 1, 0); // MARK:late
  st_usleep(10 * 1000);
  swg_print_run_info(stdout);
  fflush(stdout);
  st_thread_join(l, NULL);
  st_thread_join(s, NULL);
  return 0;
}
// CHECK: switchguard: run info
// CHECK: * Coroutines of thread {{[0-9]+}} (3):
// CHECK-NOT: brief
// CHECK-DAG: sleeper {{.*}}spawned at main {{.*}}st_ended.c:[[#SLEEPER]]
// CHECK-DAG: late {{.*}}spawned at main {{.*}}st_ended.c:[[#LATE]]
// CHECK-NOT: brief
