// Intent: the blocking check warns at each call to a known blocking
// function reachable from a coroutine body or a must_switch function, with
// the chain back to the body; it is quiet outside coroutine context, under
// a may-block function, on indirect calls, and for yielding calls.
// RUN: %clang %plugin -S -o /dev/null %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
#include <pcl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:26: warning: call to blocking function 'usleep' in coroutine context blocks every coroutine of this thread; reached from 'worker' (calls it at line [[#@LINE+10]]) -> 'deep', 'worker' being the entry of the co_create call at line [[#@LINE+29]]
static void deep(void) { usleep(10); }

__attribute__((swg_may_block)) static void allowed(void) {
  sleep(1); /* exempt, and so is what it calls */
}

static void (*indirect)(unsigned) = (void (*)(unsigned))sleep;

static void worker(void *arg) {
  deep();
  allowed();
  indirect(1); /* indirect calls are not followed */
  // CHECK-DAG: [[FILE]]:[[#@LINE+1]]:3: warning: call to blocking function 'pthread_mutex_lock' in coroutine context blocks every coroutine of this thread; reached from 'worker', 'worker' being the entry of the co_create call at line [[#@LINE+16]]
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  co_resume();
}

// CHECK-DAG: [[FILE]]:[[#@LINE+2]]:3: warning: call to blocking function 'poll' in coroutine context blocks every coroutine of this thread; reached from 'guarded', 'guarded' being must_switch
__attribute__((must_switch)) void guarded(void) {
  poll(0, 0, 10);
  co_resume();
}

// Not in coroutine context: the hub may block as it likes.
static void hub_waits(void) { usleep(1000); }

int main(void) {
  coroutine_t co = co_create(worker, 0, 0, 65536);
  hub_waits();
  co_call(co);
  return 0;
}
