// Intent: a process stopped for a while (SIGSTOP, then SIGCONT: Ctrl-Z, a debugger, a paused container or VM) gets no false report: a coroutine that waits 250 ms of the process's own running time (at a 300 ms threshold), with the process stopped for a second in the middle, is not reported as blocked for the second nobody ran.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=300:blocking_calls=0 %t 2>&1 | FileCheck %s
#include <pcl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int go[2], back[2];

static void waiter(void *arg) {
  char c;
  if (write(go[1], "x", 1) != 1 || read(back[0], &c, 1) != 1)
    return; /* 100 ms, the stop, then 150 ms */
  for (;;)
    co_resume();
}

int main(void) {
  pid_t me = getpid();
  if (pipe(go) || pipe(back))
    return 1;
  if (fork() == 0) {
    char c;
    if (read(go[0], &c, 1) != 1)
      _exit(1);
    usleep(100 * 1000); /* the monitor (period 60 ms) has looked */
    kill(me, SIGSTOP);
    usleep(1000 * 1000);
    kill(me, SIGCONT);
    usleep(150 * 1000);
    if (write(back[1], "x", 1) != 1)
      _exit(1);
    _exit(0);
  }
  co_thread_init();
  coroutine_t co = co_create(waiter, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  printf("done\n");
  return 0;
}
// CHECK-NOT: WARNING: switchguard
// CHECK: done
