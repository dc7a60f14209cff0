// Intent: a thread that waits for a CPU is not blocked, even while the wait is still going on (the kernel counts a wait in run_delay only when it ends). A thread at SCHED_IDLE shares one CPU with a spinning thread, so it runs a few ms and then waits hundreds of ms in the run queue, nearly always inside its coroutine 'cruncher', which does 1 ms of work per turn and yields: never reported. Then its coroutine 'sleeper' sleeps 300 ms in usleep: reported once, as ever.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100 %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: FileCheck %s < %t.err
#define _GNU_SOURCE
#include <pcl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static _Atomic int stop;
static cpu_set_t one_cpu;
static long turns;

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *spinner(void *arg) {
  (void)arg;
  pthread_setaffinity_np(pthread_self(), sizeof one_cpu, &one_cpu);
  while (!atomic_load(&stop))
    ;
  return NULL;
}

static void cruncher(void *arg) {
  (void)arg;
  for (;;) {
    double until = cpu_now() + 0.001; /* 1 ms of this thread's own CPU */
    while (cpu_now() < until)
      ;
    turns++;
    co_resume();
  }
}

static void sleeper(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  co_resume();
}

static void *victim(void *arg) {
  (void)arg;
  pthread_setaffinity_np(pthread_self(), sizeof one_cpu, &one_cpu);
  struct sched_param none = {0};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &none) != 0)
    perror("SCHED_IDLE");
  co_thread_init();
  coroutine_t c = co_create(cruncher, NULL, NULL, 64 * 1024);
  for (double end = mono() + 3.0; mono() < end;)
    co_call(c);
  atomic_store(&stop, 1);
  co_delete(c);
  c = co_create(sleeper, NULL, NULL, 64 * 1024);
  co_call(c);
  co_delete(c);
  co_thread_cleanup();
  return NULL;
}

int main(void) {
  cpu_set_t allowed;
  sched_getaffinity(0, sizeof allowed, &allowed);
  CPU_ZERO(&one_cpu);
  for (int i = 0; i < CPU_SETSIZE; i++)
    if (CPU_ISSET(i, &allowed)) {
      CPU_SET(i, &one_cpu);
      break;
    }
  pthread_t s, v;
  pthread_create(&s, NULL, spinner, NULL);
  pthread_create(&v, NULL, victim, NULL);
  pthread_join(v, NULL);
  pthread_join(s, NULL);
  printf("cruncher turns: %s\n", turns > 0 ? "some" : "none");
  return 0;
}
// OUT: cruncher turns: some
// CHECK-NOT: coroutine 'cruncher'
// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked thread
// CHECK-NOT: coroutine 'cruncher'
// CHECK-NOT: WARNING: switchguard
// CHECK: exit summary: 1 blocking incident
