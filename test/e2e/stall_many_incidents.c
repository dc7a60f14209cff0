// Intent: every incident is followed to its end, however many came before: after 70 incidents one after another on a thread, each unblocked still carries its stall stacks (the tables of ended incidents are reused, never used up).
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=20:format=json %t 2>%t.json >/dev/null
// RUN: python3 %inputs/check_events.py < %t.json > /dev/null
// RUN: python3 -c "import json,sys; u=[json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]; u=[e for e in u if e['event']=='unblocked']; print('incidents_ok=%d without_stacks=%d' % (len(u) >= 66, sum(1 for e in u if not e['samples'] or not e['stall_stacks'])))" %t.json | FileCheck %s
#include "../Inputs/pcl_hub.h"

static void napper(void *arg) {
  for (int i = 0; i < 70; i++) {
    co_resume();
    usleep(90 * 1000);
  }
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(napper, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: incidents_ok=1 without_stacks=0
