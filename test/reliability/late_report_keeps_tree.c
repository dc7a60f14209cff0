// Intent: a blocked report written long after the decision lists the threads and the coroutine tree as they were when the monitor decided, not as they are when the report is written: here the reporter is held up writing a first blockage's report (stderr a full pipe nobody reads) until the blocked coroutine has switched, its parent coroutine was deleted and its thread has exited; the report still shows that thread, marked blocked with its hub, and the tree parent -> child with the child running, in text and in JSON.
// RUN: %swgcc -g -O0 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=format=json:blocking_calls=0 %t | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#define _GNU_SOURCE
#include "Inputs/full_stderr.h"
#include <pcl.h>
#include <pthread.h>
#include <sys/prctl.h>

static void first(void *arg) {
  (void)arg;
  usleep(300 * 1000); /* its report fills the pipe: the reporter waits */
  co_resume();
}

static void child(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  co_resume();
}

static void parent(void *arg) {
  (void)arg;
  coroutine_t c = co_create(child, NULL, NULL, 64 * 1024);
  co_call(c);
  co_delete(c);
  co_resume();
}

static void *worker(void *arg) {
  (void)arg;
  prctl(PR_SET_NAME, "worker-late");
  co_thread_init();
  coroutine_t f = co_create(first, NULL, NULL, 64 * 1024);
  co_call(f);
  co_delete(f);
  coroutine_t p = co_create(parent, NULL, NULL, 64 * 1024);
  co_call(p);
  co_delete(p);
  co_thread_cleanup();
  return NULL;
}

/* Done once the child's incident is closed, in text or in JSON. */
static int child_closed(const char *text) {
  const char *u = strstr(text, "\"event\":\"unblocked\"");
  return strstr(text, "coroutine 'child' unblocked") ||
         (u && strstr(u + 1, "\"event\":\"unblocked\""));
}

int main(void) {
  if (fill_stderr())
    return 1;
  pthread_t w;
  pthread_create(&w, NULL, worker, NULL);
  pthread_join(w, NULL); /* the blockage is over, its thread gone */
  read_stderr_until(child_closed);
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'first' blocked
// CHECK: WARNING: switchguard: coroutine 'child' blocked thread [[TID:[0-9]+]] "worker-late"
// CHECK: * Threads:
// CHECK-DAG: thread [[TID]] "worker-late" [hub] <- BLOCKED
// CHECK-DAG: thread {{[0-9]+}} "swg-monitor" [switchguard monitor]
// CHECK: * Coroutines of thread [[TID]] (2):
// CHECK-NEXT: {{^    }}hub
// CHECK-NEXT: {{^      }}parent 0x{{[0-9a-f]+}} suspended, age
// CHECK-NEXT: {{^        }}child 0x{{[0-9a-f]+}} running, age
// CHECK-NOT: as read
// CHECK: SUMMARY: switchguard: blocked coroutine 'child'
// CHECK: coroutine 'child' unblocked

// JSON: EVENT blocked coroutine=first
// JSON: EVENT blocked coroutine=child {{.*}} coroutines=2 tree=child<parent:running,parent<hub:suspended
// JSON: EVENT unblocked coroutine=child
