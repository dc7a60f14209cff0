// Intent: with format=json, the profile is one `profile` line in the log,
// valid against the schema in docs/report-format.md, its lists sorted by
// max_ms.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=profile=1:format=json:monitor=0 %t 2> %t.log
// RUN: python3 %swgroot/test/Inputs/check_events.py < %t.log | FileCheck %s
// RUN: python3 -c "import json,sys; p=json.loads(open(sys.argv[1]).read()); print(*[e['entry'] for e in p['entries']], p['stretches'], p['sites'][0]['yielded_at']['function'], all(a['max_ms'] >= b['max_ms'] for a, b in zip(p['sites'], p['sites'][1:])))" %t.log | FileCheck %s --check-prefix=CONTENT
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
  for (;;) {
    spin_ms(5);
    co_resume();
  }
}

int main(void) {
  co_thread_init();
  coroutine_t q = co_create(quick, NULL, NULL, 65536);
  coroutine_t s = co_create(slow, NULL, NULL, 65536);
  for (int i = 0; i < 3; i++) {
    co_call(q);
    co_call(s);
  }
  co_delete(q);
  co_delete(s);
  return 0;
}

// CHECK: EVENT profile
// CHECK-NOT: EVENT
// CONTENT: slow quick 6 slow True
