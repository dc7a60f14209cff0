// Intent: run info asked for three times through run_info_path's FIFO, while a coroutine sleeps in usleep(300000) and another thread's hub waits in poll(300 ms), appears in the log three times and cuts neither wait short (no signal reaches a program thread).
// RUN: rm -f %t.fifo %t.log
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=run_info_path=%t.fifo:log_path=%t.log:max_blocking_ms=5000:monitor_period_ms=10 %t %t.fifo %t.log | FileCheck %s
// RUN: FileCheck %s --check-prefix=LOG < %t.log
#include "../Inputs/pcl_hub.h"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <switchguard.h>

static const char *fifo, *log_file;
static atomic_int asleep; /* waits under way */
static double slept, polled;

static int run_infos(void) {
  static char buf[1 << 20];
  int fd = open(log_file, O_RDONLY), n = 0;
  ssize_t len = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);
  if (fd >= 0)
    close(fd);
  buf[len > 0 ? len : 0] = '\0';
  for (char *p = buf; (p = strstr(p, "switchguard: run info")); p++)
    n++;
  return n;
}

/* As a user would with `echo > PATH`: three requests, each answered
 * before the next (10 s at most), so none merges with another. */
static void *requester(void *arg) {
  while (atomic_load(&asleep) < 2)
    usleep(1000);
  for (int i = 1; i <= 3; i++) {
    int fd = open(fifo, O_WRONLY);
    if (fd < 0 || write(fd, "x\n", 2) != 2)
      printf("FAIL: cannot write to %s\n", fifo);
    close(fd);
    for (int t = 0; t < 10000 && run_infos() < i; t++)
      usleep(1000);
    printf("request %d: answered %s\n", i,
           run_infos() < i ? "never" : atomic_load(&asleep) ? "during the waits"
                                                           : "after them");
  }
  return NULL;
}

static void sleeper(void *arg) {
  co_resume();
  atomic_fetch_add(&asleep, 1);
  double t = hub_now();
  usleep(300 * 1000);
  slept = hub_now() - t;
  atomic_fetch_sub(&asleep, 1);
  hub_finish();
}

static void ticker(void *arg) {
  for (;;)
    co_resume();
}

/* Another thread, whose hub waits in poll(): a hub may wait. */
static void *poller(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(ticker, NULL, NULL, 64 * 1024);
  co_call(co);
  atomic_fetch_add(&asleep, 1);
  double t = hub_now();
  poll(NULL, 0, 300);
  polled = hub_now() - t;
  atomic_fetch_sub(&asleep, 1);
  co_delete(co);
  return NULL;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  fifo = argv[1], log_file = argv[2];
  co_thread_init();
  coroutine_t warm = co_create(ticker, NULL, NULL, 64 * 1024);
  co_call(warm); /* the monitor starts */
  FILE *devnull = fopen("/dev/null", "w");
  swg_print_run_info(devnull); /* symbols loaded before the timed part */
  pthread_t p, r;
  pthread_create(&r, NULL, requester, NULL);
  pthread_create(&p, NULL, poller, NULL);
  hub_run(co_create(sleeper, NULL, NULL, 64 * 1024));
  pthread_join(p, NULL);
  pthread_join(r, NULL);
  co_delete(warm);
  expect_full("usleep(300000) in a coroutine", slept, 0.3);
  expect_full("poll(300 ms) in a hub", polled, 0.3);
  return 0;
}

// The first request certainly comes while both wait (a 300 ms wait, one
// 10 ms monitor period); the later ones, on a loaded machine, may not.
// CHECK: request 1: answered during the waits
// CHECK-NEXT: request 2: answered {{during the waits|after them}}
// CHECK-NEXT: request 3: answered {{during the waits|after them}}
// CHECK-NEXT: usleep(300000) in a coroutine took {{[0-9.]+}} s
// CHECK-NEXT: poll(300 ms) in a hub took {{[0-9.]+}} s
// CHECK-NOT: FAIL

// LOG-COUNT-3: switchguard: run info
// LOG-NOT: switchguard: run info
// LOG-NOT: WARNING
