// Intent: swg_add_monitoring_function calls a check at its period on switchguard's own "swg-monitorfn" thread, never again once removed; a check stuck for 1.5 s delays no detection (a coroutine's 300 ms blockage is reported while it is stuck); bad arguments and a 17th check get -1; a fork child's checks run in the child; with monitor=0 nothing is added.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:blocking_calls=0 %t 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=monitor=0 %t off 2>&1 | FileCheck %s --check-prefix=OFF
#define _GNU_SOURCE
#include "../Inputs/pcl_hub.h"
#include <pthread.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <switchguard.h>

static _Atomic int ticks, stuck_calls;
static char tick_thread[16];
static _Atomic int on_main_thread;
static pid_t main_tid;

static void say(const char *s) {
  if (write(2, s, strlen(s)) < 0)
    abort();
}

/* A check as a program would write one: it looks at something and says
 * when it is wrong; here it only counts its calls and where it ran. */
static void tick(void *arg) {
  (void)arg;
  if (gettid() == main_tid)
    on_main_thread = 1;
  prctl(PR_GET_NAME, tick_thread);
  ticks++;
}

static void stuck(void *arg) {
  (void)arg;
  if (stuck_calls++)
    return;
  say("stuck check starts\n");
  usleep(1500 * 1000);
  say("stuck check returns\n");
}

static void nap(void *arg) {
  (void)arg;
  usleep(300 * 1000); /* blocks its thread: no switch */
  for (;;)
    co_resume();
}

static void after(const char *what, int n) {
  char line[96];
  snprintf(line, sizeof line, "%s: %s\n", what, n ? "yes" : "no");
  say(line);
}

int main(int argc, char **argv) {
  if (argc > 1) { /* monitor=0: switchguard runs no thread */
    after("added without a monitor", swg_add_monitoring_function(tick, NULL, 10) > 0);
    return 0;
  }
  main_tid = gettid();
  after("NULL function refused", swg_add_monitoring_function(NULL, NULL, 10) == -1);
  after("period 0 refused", swg_add_monitoring_function(tick, NULL, 0) == -1);
  after("unknown id refused", swg_remove_monitoring_function(12345) == -1);

  int id = swg_add_monitoring_function(tick, NULL, 50);
  usleep(1000 * 1000);
  int n = ticks;
  /* 20 calls at 50 ms in 1 s; a loaded machine may make fewer */
  after("ticked at its period", n >= 5 && n <= 21);
  after("ran off the program's threads", !on_main_thread);
  say("thread: "), say(tick_thread), say("\n");
  after("removed", swg_remove_monitoring_function(id) == 0);
  n = ticks;
  usleep(200 * 1000);
  after("no call after removal", ticks == n);

  /* A stuck check delays no detection. */
  swg_add_monitoring_function(stuck, NULL, 10);
  while (!stuck_calls)
    usleep(1000);
  co_thread_init();
  coroutine_t co = co_create(nap, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  usleep(1500 * 1000); /* until the stuck check has returned */

  int live = 1, more;
  while ((more = swg_add_monitoring_function(tick, NULL, 1000)) > 0)
    live++;
  after("16 at once, then -1", live == 16);

  /* A fork child's checks run in the child. */
  ticks = 0;
  pid_t child = fork();
  if (child == 0) {
    usleep(1300 * 1000); /* each tick check is due once a second */
    after("child ticked", ticks > 0);
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  return 0;
}

// CHECK: NULL function refused: yes
// CHECK-NEXT: period 0 refused: yes
// CHECK-NEXT: unknown id refused: yes
// CHECK-NEXT: ticked at its period: yes
// CHECK-NEXT: ran off the program's threads: yes
// CHECK-NEXT: thread: swg-monitorfn
// CHECK-NEXT: removed: yes
// CHECK-NEXT: no call after removal: yes
// CHECK-NEXT: stuck check starts
// CHECK-NEXT: WARNING: switchguard: coroutine 'nap' blocked thread
// CHECK: coroutine 'nap' unblocked
// CHECK: stuck check returns
// CHECK: 16 at once, then -1: yes
// CHECK: child ticked: yes

// OFF: added without a monitor: no
