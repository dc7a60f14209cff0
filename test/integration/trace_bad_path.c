// Intent: a trace_path that cannot be written is one clear line on stderr;
// the program runs on, untraced, and exits normally.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=trace_path=/nonexistent/dir/t.json %t 2>&1 | FileCheck %s
#include <pcl.h>
#include <stdio.h>

static void echo(void *arg) {
  for (;;)
    co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(echo, NULL, NULL, 65536);
  co_call(co);
  co_call(co);
  co_delete(co);
  puts("finished");
  return 0;
}

// CHECK: switchguard: cannot write trace_path '/nonexistent/dir/t.json': No such file or directory; no trace
// CHECK: finished
