// Intent: with must_switch_action=report a failed scope never holds the program: its thread waits only while its stack is copied, the report is built after it goes on, and the monitor never takes that wait for a blockage: 20 failures in a row inside a coroutine, with max_blocking_ms=50, give 20 reports (in order, each with the failing thread's stack starting at the user's function, at the return it failed at, with a real line) and no blocked report, in text and in JSON.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report:max_blocking_ms=50 %t > %t.out 2>&1
// RUN: FileCheck %s -DFILE=must_switch_report_goes_on.c -D#RET=$(grep -n 'MARK[:]ret' %s | cut -d: -f1) < %t.out
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report:max_blocking_ms=50:format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON -D#RET=$(grep -n 'MARK[:]ret' %s | cut -d: -f1)
#include <pcl.h>
#include <stdio.h>
#include <switchguard.h>

static volatile int sum;

SWG_MUST_SWITCH __attribute__((noinline)) static int checked(int i) {
  return i * 2; // MARK:ret
}

static void body(void *arg) {
  (void)arg;
  for (int i = 0; i < 20; i++)
    sum += checked(i);
  co_resume();
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  fprintf(stderr, "-- done %d\n", sum);
  return 0;
}
// CHECK-NOT: blocked
// CHECK-COUNT-20: {{^    }}#0 0x{{[0-9a-f]+}} in checked {{.*}}[[FILE]]:[[#RET]]
// CHECK-NOT: blocked
// CHECK: 20 must_switch failures

// JSON-NOT: EVENT blocked
// JSON-COUNT-20: EVENT must_switch_failed coroutine=body guard=checked:{{[0-9]+}} reason=no_switch action=report first=checked:[[#RET]]
// JSON-NOT: EVENT blocked
