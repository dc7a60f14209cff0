/* pingpong_pcl.c - switch cost of PCL (co_call / co_resume), which
 * switches through swapcontext and so makes a sigprocmask system call
 * each time. See pingpong.h. */
#include <pcl.h>
#include <stddef.h>

static coroutine_t co;

static void echo(void *arg) {
  (void)arg;
  for (;;)
    co_resume();
}

static void setup(void) {
  co_thread_init();
  co = co_create(echo, NULL, NULL, 64 * 1024);
}

static void round_trip(void) { co_call(co); }

#include "pingpong.h"
