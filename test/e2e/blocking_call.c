// Intent: a blocking call made from a coroutine is reported as it is made, whatever its duration, once per call stack: getaddrinfo through a function pointer (invisible to the static check), a 1 ms usleep, a read on a blocking pipe; never a read on an O_NONBLOCK pipe, a sleep in the hub, or a call on a thread without coroutines; the call keeps its result and errno; JSON carries the same facts; blocking_calls=0 looks at nothing and abort aborts after the report.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t 2>&1 >%t.out | FileCheck %s
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not='blocking call'
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=abort not --crash %t 2>&1 | FileCheck %s --check-prefix=ABORT
#define _GNU_SOURCE
#include "../Inputs/pcl_hub.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <string.h>
#include <switchguard.h>

static int blocking[2], nonblocking[2];
static int (*resolve)(const char *, const char *, const struct addrinfo *,
                      struct addrinfo **) = getaddrinfo;

static void worker(void *arg) {
  (void)arg;
  char c;
  struct addrinfo *res = NULL;
  for (int i = 0; i < 3; i++) { /* one report per stack, not per call */
    if (resolve("localhost", NULL, NULL, &res) == 0) /* through a pointer */
      freeaddrinfo(res);
    co_resume();
  }
  usleep(1000);
  ssize_t n = read(blocking[0], &c, 1);    /* a byte is there */
  errno = 0;
  ssize_t m = read(nonblocking[0], &c, 1); /* empty: EAGAIN at once */
  printf("read %zd, then %zd with %s\n", n, m,
         errno == EAGAIN ? "EAGAIN" : "something else");
  hub_finish();
}

static void on_call(const struct swg_event *ev, void *arg) {
  (void)arg;
  printf("callback: %s (%s) in %s at line %d\n", ev->call, ev->call_detail,
         ev->coroutine_name, ev->where.line);
}

static void *plain_thread(void *arg) {
  (void)arg;
  usleep(1000); /* no coroutine on this thread: nothing to report */
  return NULL;
}

int main(void) {
  if (pipe(blocking) || pipe2(nonblocking, O_NONBLOCK) ||
      write(blocking[1], "x", 1) != 1)
    return 1;
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_BLOCKING_CALL), on_call, NULL);
  pthread_t t;
  pthread_create(&t, NULL, plain_thread, NULL);
  pthread_join(t, NULL);
  co_thread_init();
  hub_run(co_create(worker, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: WARNING: switchguard: blocking call getaddrinfo() in coroutine 'worker' on thread {{[0-9]+}} "blocking_call.c": resolves 'localhost'
// CHECK-NEXT: Call stack (
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in worker {{.*}}blocking_call.c:26
// CHECK: Spawned at: {{.*}}blocking_call.c:{{[0-9]+}} in main
// CHECK-NEXT: SUMMARY: switchguard: blocking call getaddrinfo() in coroutine 'worker' in worker {{.*}}blocking_call.c:26
// CHECK-NOT: blocking call getaddrinfo()
// CHECK: blocking call usleep() in coroutine 'worker' {{.*}}: sleeps 1000 us
// CHECK: SUMMARY: {{.*}} in worker {{.*}}blocking_call.c:30
// CHECK: blocking call read() in coroutine 'worker' {{.*}}: descriptor {{[0-9]+}}, a pipe or FIFO, without O_NONBLOCK
// CHECK: SUMMARY: {{.*}} in worker {{.*}}blocking_call.c:31
// CHECK-NOT: blocking call
// CHECK: exit summary: 0 blocking incidents; 3 blocking calls in coroutines

// JSON-DAG: EVENT blocking_call coroutine=worker call=getaddrinfo where=worker:26 spawn_line=60 action=report frames=worker:26{{$}}
// JSON-DAG: EVENT blocking_call coroutine=worker call=usleep where=worker:30
// JSON-DAG: EVENT blocking_call coroutine=worker call=read where=worker:31
// JSON: EVENT exit_summary incidents=0 sites= blocking_calls=3

// OFF: read 1, then -1 with EAGAIN

// OUT-DAG: read 1, then -1 with EAGAIN
// OUT-DAG: callback: getaddrinfo (resolves 'localhost') in worker at line 26
// OUT-DAG: callback: usleep (sleeps 1000 us) in worker at line 30
// OUT-DAG: callback: read (descriptor {{[0-9]+}}, a pipe or FIFO, without O_NONBLOCK) in worker at line 31

// ABORT: blocking call getaddrinfo() in coroutine 'worker'
// ABORT: ==ABORTING
