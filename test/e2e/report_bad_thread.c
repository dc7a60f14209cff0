// Intent: a bad thread does not crash the report (gevent's "a bad thread_ident in the hub doesn't mess things up"): reports for a thread id that never existed, for one that has exited, and for a coroutine switchguard never saw come out whole, saying why there is no stack.
// RUN: %swgcc -g -O1 %rtinc %s -lpcl -lpthread -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#define _GNU_SOURCE
#include "report.h"

#include "../Inputs/pcl_hub.h"
#include <pthread.h>

static void *short_lived(void *arg) {
  *(pid_t *)arg = gettid();
  return NULL;
}

static void quick(void *arg) {
  for (;;)
    co_resume();
}

/* This thread's switch record, found without the fast path's inline TLS
 * (it has switched, so it has one). */
static struct swg_thread *self_record(void) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (atomic_load(&t->alive) && t->tid == gettid())
      return t;
  abort();
}

static void report_for(pid_t tid, void *coro) {
  struct swg_thread *t = self_record();
  struct swg_incident inc = {
      .kind = SWG_EVENT_BLOCKED,
      .thread = t,
      .tid = tid,
      .coro = coro,
      .seq = swg__thread_seq(t),
      .blocked_ns = 150000000,
      .time_ns = swg__now_ns(),
      .report_no = 1,
  };
  swg__incident_take_coro(&inc); /* as the monitor decides it */
  swg__view_lock();
  swg__report_incident(&inc);
  swg__view_unlock();
}

int main(void) {
  pthread_t th;
  pid_t gone;
  co_thread_init();
  coroutine_t co = co_create(quick, NULL, NULL, 64 * 1024);
  co_call(co);
  pthread_create(&th, NULL, short_lived, &gone);
  pthread_join(th, NULL);
  report_for(-1, co);
  report_for(gone, co);
  report_for(getpid(), (void *)0x1234);
  co_delete(co);
  printf("still here\n");
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'quick' blocked thread -1 "{{.*}}" for 150 ms
// CHECK-NEXT: Blocked stack (not available: bad request (tid -1, depth {{[0-9]+}})):
// CHECK: SUMMARY: switchguard: blocked coroutine 'quick' for 150 ms on thread -1{{$}}
// CHECK: WARNING: switchguard: coroutine 'quick' blocked thread [[GONE:[0-9]+]]
// CHECK-NEXT: Blocked stack (not available: thread [[GONE]] no longer exists):
// CHECK: SUMMARY:
// CHECK: WARNING: switchguard: coroutine 'coroutine 0x1234' blocked thread
// CHECK-NEXT: Blocked stack (not available: thread {{[0-9]+}} is the capturing thread):
// CHECK: SUMMARY: switchguard: blocked coroutine 'coroutine 0x1234'
// CHECK: still here

// JSON: EVENT blocked coroutine=quick spawn_line={{[0-9]+}} frames= capture=none
// JSON-NEXT: EVENT blocked coroutine=quick spawn_line={{[0-9]+}} frames= capture=none
// JSON-NEXT: EVENT blocked coroutine=coroutine 0x1234 spawn_line=None frames= capture=none
