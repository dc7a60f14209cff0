// Intent: a blocked report written long after the decision lists the threads and the coroutine tree as they were when the monitor decided, not as they are when the report is written: here the reporter is held up writing a first blockage's report (stderr a full pipe nobody reads) until the blocked coroutine has switched, its parent coroutine was deleted and its thread has exited; the report still shows that thread, marked blocked with its hub, and the tree parent -> child with the child running, in text and in JSON.
// RUN: %swgcc -g -O0 %s -lpcl -lpthread -o %t
// RUN: %t | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=format=json %t | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#define _GNU_SOURCE
#include <fcntl.h>
#include <pcl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

static char got[1 << 20];
static size_t ngot;

int main(void) {
  /* stderr, where reports go: a pipe of one page, full. */
  int saved = dup(2), p[2];
  if (saved < 0 || pipe(p) || fcntl(p[1], F_SETPIPE_SZ, 4096) < 0)
    return 1;
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  while (write(p[1], "-", 1) == 1)
    ;
  fcntl(p[1], F_SETFL, 0);
  dup2(p[1], 2);

  pthread_t w;
  pthread_create(&w, NULL, worker, NULL);
  pthread_join(w, NULL); /* the blockage is over, its thread gone */

  /* Now read it all, until the incident is closed: at most a minute. */
  for (double end = mono() + 60; mono() < end && ngot < sizeof got - 1;) {
    struct pollfd in = {.fd = p[0], .events = POLLIN};
    if (poll(&in, 1, 1000) == 0)
      continue;
    ssize_t n = read(p[0], got + ngot, sizeof got - 1 - ngot);
    if (n <= 0)
      break;
    ngot += (size_t)n;
    got[ngot] = '\0';
    const char *u = strstr(got, "\"event\":\"unblocked\"");
    if (strstr(got, "coroutine 'child' unblocked") ||
        (u && strstr(u + 1, "\"event\":\"unblocked\"")))
      break;
  }
  dup2(saved, 2);
  char *start = got;
  while (*start == '-')
    start++;
  fputs(start, stdout);
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
