// Intent: while every thread waits in its hub the monitor sleeps until one switches (at most a second at a time) instead of looking every half threshold: over 2 s of a hub in usleep it wakes a handful of times, not about 40; the switch that ends the idle spell wakes it, so a coroutine that then blocks is still reported once and dated exactly (unblocked's duration within -2..+15 ms of what the program measured).
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:format=json %t 2>%t.json >%t.out
// RUN: FileCheck %s --check-prefix=WAKES < %t.out
// RUN: python3 %inputs/check_events.py < %t.json | FileCheck %s
// RUN: python3 %S/Inputs/stretch_error.py %t.json %t.out -2 15 | FileCheck %s --check-prefix=ERROR
#include "../Inputs/pcl_hub.h"
#include <dirent.h>
#include <string.h>

static double stretch;

static void warm(void *arg) {
  for (;;)
    co_resume();
}

static void sleeper(void *arg) {
  double from = hub_now();
  usleep(300 * 1000);
  stretch = hub_now() - from;
  co_resume();
}

/* The monitor thread's voluntary context switches: its wake-ups. */
static long monitor_wakeups(void) {
  DIR *d = opendir("/proc/self/task");
  struct dirent *e;
  long n = -1;
  while (d && (e = readdir(d))) {
    char path[128], buf[4096];
    snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f)
      continue;
    bool monitor = fgets(buf, sizeof buf, f) && !strcmp(buf, "swg-monitor\n");
    fclose(f);
    if (!monitor)
      continue;
    snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
    f = fopen(path, "r");
    while (f && fgets(buf, sizeof buf, f))
      if (!strncmp(buf, "voluntary_ctxt_switches:", 24))
        n = atol(buf + 24);
    if (f)
      fclose(f);
  }
  if (d)
    closedir(d);
  return n;
}

int main(void) {
  co_thread_init();
  coroutine_t w = co_create(warm, NULL, NULL, 64 * 1024);
  co_call(w);         /* the thread's first switch starts the monitor */
  usleep(300 * 1000); /* two quiet looks: the monitor goes idle */
  long before = monitor_wakeups();
  usleep(2000 * 1000);
  long woke = monitor_wakeups() - before;
  /* Idle: about two (one a second); looking every 50 ms: about 40. */
  printf("idle_wakeups_ok=%d (%ld)\n", before >= 0 && woke <= 8, woke);
  coroutine_t s = co_create(sleeper, NULL, NULL, 64 * 1024);
  co_call(s); /* ends the idle spell: stamped, and wakes the monitor */
  printf("stretch_ms=%.1f\n", stretch * 1e3);
  co_delete(s);
  co_delete(w);
  return 0;
}

// WAKES: idle_wakeups_ok=1
// CHECK: EVENT blocked coroutine=sleeper
// CHECK: EVENT unblocked coroutine=sleeper end=switch
// CHECK-NOT: EVENT blocked
// ERROR: error_ok=1
