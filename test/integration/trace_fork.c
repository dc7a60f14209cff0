// Intent: with trace_path=...%p (the pid), a forked child records nothing
// and writes no trace of its own; the parent's trace is whole and has its
// switches, before and after the fork.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: rm -rf %t.d && mkdir %t.d && env SWITCHGUARD_OPTIONS=trace_path=%t.d/trace.%%p.json %t
// RUN: ls %t.d | wc -l | FileCheck %s --check-prefix=FILES
// RUN: python3 %S/Inputs/check_trace.py %t.d/trace.*.json | FileCheck %s
#include <pcl.h>
#include <sys/wait.h>
#include <unistd.h>

static void echo(void *arg) {
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(echo, NULL, NULL, 65536);
  co_call(co);
  pid_t child = fork();
  co_call(co); /* both switch: only the parent's is traced */
  if (child == 0)
    _exit(0);
  waitpid(child, NULL, 0);
  co_delete(co);
  return 0;
}

// FILES: 1
// CHECK: SEQ 0 echo hub echo hub{{$}}
