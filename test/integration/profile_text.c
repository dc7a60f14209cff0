// Intent: profile=1 prints, at exit, the stretches per coroutine entry
// function and per (resumed at, yielded at) pair of sites, with count,
// mean, p99 and maximum, each table sorted by maximum: the code that ran
// longest without yielding comes first.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=profile=1:monitor=0 %t 2>&1 | FileCheck %s -D#A=$(grep -n 'MARK[:]a' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b' %s | cut -d: -f1)
#include <pcl.h>
#include <time.h>

static void spin_ms(int ms) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do
    clock_gettime(CLOCK_MONOTONIC, &b);
  while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) <
         ms * 1000000L);
}

static void quick(void *arg) {
  for (;;)
    co_resume();
}

static void slow(void *arg) {
  for (int i = 0;; i++) {
    co_resume(); // MARK:a
    if (i == 2)
      spin_ms(50); // runs 50 ms without yielding
    co_resume(); // MARK:b
  }
}

int main(void) {
  co_thread_init();
  coroutine_t q = co_create(quick, NULL, NULL, 65536);
  coroutine_t s = co_create(slow, NULL, NULL, 65536);
  for (int i = 0; i < 8; i++) {
    co_call(q);
    co_call(s);
  }
  co_delete(q);
  co_delete(s);
  return 0;
}

// Eight stretches each; slow's longest is the spin, from a to b.
// CHECK: switchguard: blocking profile: 16 stretches in 2 coroutine entry functions, longest first
// CHECK-NEXT: stretches       mean        p99        max  coroutine
// CHECK-NEXT: {{^ +}}8 {{.*}} {{([5-9][0-9]|[1-9][0-9][0-9])\.[0-9] ms}}  slow{{$}}
// CHECK-NEXT: {{^ +}}8 {{.*}} quick{{$}}
// CHECK-NEXT: stretches       mean        p99        max  resumed at -> yielded at
// CHECK-NEXT: {{^ +}}4 {{.*}} {{([5-9][0-9]|[1-9][0-9][0-9])\.[0-9] ms}}  co_resume in slow at {{.*}}profile_text.c:[[#A]]:{{[0-9]+}} -> co_resume in slow at {{.*}}profile_text.c:[[#B]]:{{[0-9]+}}
