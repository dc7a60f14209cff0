// Intent: a slow subscriber delays no detection: while a callback sleeps 2 s on thread A's blocked event, thread B's blockage 300 ms later is still detected on time (its event dated under 500 ms after it began, against the 2 s a monitor waiting for callbacks would take), and A's and B's reports all reach the log before that callback returns.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s
#include "../Inputs/pcl_hub.h"
#include <pthread.h>
#include <string.h>
#include <switchguard.h>

static double b_began;
static volatile int b_seen;

static void say(const char *s) {
  if (write(2, s, strlen(s)) < 0)
    abort();
}

static void a_nap(void *arg) {
  usleep(600 * 1000);
  for (;;)
    co_resume();
}

static void b_nap(void *arg) {
  b_began = hub_now();
  usleep(600 * 1000);
  for (;;)
    co_resume();
}

static void *run(void *entry) {
  co_thread_init();
  coroutine_t co = co_create((void (*)(void *))entry, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  return NULL;
}

static void on_blocked(const struct swg_event *ev, void *arg) {
  char line[128];
  if (!strcmp(ev->coroutine_name, "a_nap")) {
    say("slow callback starts\n");
    sleep(2);
    say("slow callback returns\n");
  } else {
    double late = (double)ev->time_ns / 1e9 - b_began;
    snprintf(line, sizeof line, "b_nap detected after %s\n",
             late < 0.5 ? "under 500 ms" : "TOO LONG");
    say(line);
    b_seen = 1;
  }
}

int main(void) {
  pthread_t a, b;
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_BLOCKED), on_blocked, NULL);
  pthread_create(&a, NULL, run, (void *)a_nap);
  usleep(300 * 1000);
  pthread_create(&b, NULL, run, (void *)b_nap);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  for (int i = 0; i < 500 && !b_seen; i++)
    usleep(10 * 1000);
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'a_nap' blocked thread
// CHECK-DAG: slow callback starts
// CHECK-DAG: WARNING: switchguard: coroutine 'b_nap' blocked thread
// CHECK-DAG: coroutine 'a_nap' unblocked
// CHECK-DAG: coroutine 'b_nap' unblocked
// CHECK: slow callback returns
// CHECK-NEXT: b_nap detected after under 500 ms
