// Intent: a coroutine entered by the thread's first switch after a monitor look is dated exactly (each look asks for that switch's stamp), so unblocked's duration is the stretch as the program measured it within a few ms (-2..+15), where a start dated between two looks would be off by up to half the period (50 ms here, at the default period of half the threshold); the blockage is still reported once, named by its coroutine.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=200:format=json %t 2>%t.json >%t.out
// RUN: python3 %inputs/check_events.py < %t.json | FileCheck %s
// RUN: python3 %S/Inputs/stretch_error.py %t.json %t.out -2 15 | FileCheck %s --check-prefix=ERROR
#include "../Inputs/pcl_hub.h"

static double stretch;

static void warm(void *arg) {
  for (;;)
    co_resume();
}

static void sleeper(void *arg) {
  double from = hub_now();
  usleep(500 * 1000);
  stretch = hub_now() - from;
  co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t w = co_create(warm, NULL, NULL, 64 * 1024);
  co_call(w);          /* the thread's first switch starts the monitor */
  usleep(330 * 1000);  /* in the hub across looks: each asks for a stamp */
  coroutine_t s = co_create(sleeper, NULL, NULL, 64 * 1024);
  co_call(s);          /* the first switch since: stamped */
  printf("stretch_ms=%.1f\n", stretch * 1e3);
  co_delete(s);
  co_delete(w);
  return 0;
}

// CHECK: EVENT blocked coroutine=sleeper
// CHECK: EVENT unblocked coroutine=sleeper end=switch
// ERROR: error_ok=1
