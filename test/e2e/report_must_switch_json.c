// Intent: must_switch failures raised by the plugin's real guards, in format=json, are valid against the schema: a scope that never switches (exit site set) and one whose stretch after a switch is over its limit (stretch sites set); the exit summary counts them.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=must_switch_action=report:format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s
#include "../Inputs/pcl_hub.h"
#include <switchguard.h>

SWG_MUST_SWITCH static void never_switches(void) {
  printf("working\n");
}

SWG_MUST_SWITCH_WITHIN(50) static void blocks_after_switch(void) {
  co_resume();
  usleep(200 * 1000); /* a 200 ms stretch, over the 50 ms limit */
}

static void body(void *arg) {
  never_switches();
  blocks_after_switch();
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(body, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: EVENT must_switch_failed coroutine=body guard=never_switches:{{[0-9]+}} reason=no_switch action=report
// CHECK: EVENT must_switch_failed coroutine=body guard=blocks_after_switch:{{[0-9]+}} reason=stretch action=report
// CHECK: EVENT exit_summary incidents={{[0-9]+}}
