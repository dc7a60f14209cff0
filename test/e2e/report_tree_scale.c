// Intent: a thread with 10,000 coroutines of a few kinds gets a report a person can read, while the program still runs: in text, alike siblings are one line with a count (the counts add up to the total, children of a group are grouped under it), the blocked coroutine and its ancestors stand alone, even beside an alike sibling; the JSON event lists at most 1000 coroutines, the blocked one among them, with the right total and count left out.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: rm -f %t.log %t.json
// RUN: env SWITCHGUARD_OPTIONS=log_path=%t.log %t %t.log | FileCheck %s --check-prefix=PROG
// RUN: python3 %S/Inputs/check_tree_scale.py text < %t.log | FileCheck %s -DFILE=report_tree_scale.c -D#R=$(grep -n 'MARK[:]r$' %s | cut -d: -f1) -D#W=$(grep -n 'MARK[:]w$' %s | cut -d: -f1) -D#P=$(grep -n 'MARK[:]p$' %s | cut -d: -f1) -D#H=$(grep -n 'MARK[:]h$' %s | cut -d: -f1) -D#S=$(grep -n 'MARK[:]s$' %s | cut -d: -f1) -D#L=$(grep -n 'MARK[:]l$' %s | cut -d: -f1) -D#Y=$(grep -n 'MARK[:]y$' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=format=json:log_path=%t.json %t %t.json | FileCheck %s --check-prefix=PROG
// RUN: python3 %inputs/check_events.py < %t.json | FileCheck %s --check-prefix=EVENTS
// RUN: python3 %S/Inputs/check_tree_scale.py json < %t.json | FileCheck %s --check-prefix=JSON
#include "../Inputs/pcl_hub.h"
#include <string.h>
#include <switchguard.h>

#define STACK (16 * 1024)

static const char *log_file;

static void idle(void *arg) {
  for (;;)
    co_resume();
}

/* Blocks the thread, looking at the log until its report is in it, up to
 * the report's last part: the text's SUMMARY line or the JSON event's
 * context. Making thousands of coroutines on a loaded machine may have
 * been reported as a blockage before. */
static void stuck(void *arg) {
  static char log[1 << 22]; /* not on a 16 KiB stack */
  double t0 = hub_now();
  while (hub_now() - t0 < 10) {
    FILE *f = fopen(log_file, "r");
    size_t n = f ? fread(log, 1, sizeof log - 1, f) : 0;
    if (f)
      fclose(f);
    log[n] = 0;
    const char *json = strstr(log, "\"name\":\"stuck\"},\"duration_ms\"");
    if (strstr(log, "SUMMARY: switchguard: blocked coroutine 'stuck'") ||
        (json && strstr(json, "\"context\":"))) {
      printf("report written while the program ran\n");
      hub_finish();
    }
    usleep(50 * 1000);
  }
  printf("FAIL: no report within 10 s\n");
  hub_finish();
}

static void leader(void *arg) {
  for (int i = 0; i < 4; i++) {
    coroutine_t c = co_create(idle, NULL, NULL, STACK); // MARK:l
    swg_coro_set_name(c, "follower");
  }
  for (;;)
    co_resume(); // MARK:y
}

static void parent_co(void *arg) {
  for (int i = 0; i < 3; i++)
    co_call(co_create(leader, NULL, NULL, STACK)); // MARK:h
  for (int i = 0; i < 1982; i++)
    co_create(idle, NULL, NULL, STACK); // MARK:s
  co_call(co_create(stuck, NULL, NULL, STACK)); // MARK:w
  for (;;)
    co_resume();
}

int main(int argc, char **argv) {
  log_file = argv[1];
  co_thread_init();
  for (int i = 0; i < 8000; i++) {
    coroutine_t c = co_create(idle, NULL, NULL, STACK); // MARK:r
    swg_coro_set_name(c, "reader");
  }
  /* Two alike: the one on the blocked coroutine's path stays apart. */
  coroutine_t parents[2];
  for (int i = 0; i < 2; i++)
    parents[i] = co_create(parent_co, NULL, NULL, STACK); // MARK:p
  hub_run(parents[1]);
  return 0;
}

// 8000 readers + 2 parent_co + 3 leaders + 12 followers + 1982 idle + stuck.
// PROG: report written while the program ran
// PROG-NOT: FAIL

// CHECK: tree of thread {{[0-9]+}}: 10000 coroutines, 7 lines, counts sum 10000
// CHECK-DAG: depth 0: reader x8000 suspended, age {{[0-9.-]+}} s, spawned at main {{.*}}[[FILE]]:[[#R]]
// CHECK-DAG: depth 0: parent_co 0x{{[0-9a-f]+}} suspended, age {{[0-9.]+}} s, spawned at main {{.*}}[[FILE]]:[[#P]]
// CHECK-DAG: depth 0: parent_co 0x{{[0-9a-f]+}} suspended at co_call in parent_co at {{.*}}[[FILE]]:[[#W]]:{{[0-9]+}}, age {{[0-9.]+}} s, spawned at main {{.*}}[[FILE]]:[[#P]]
// CHECK-DAG: depth 1: leader x3 suspended at co_resume in leader at {{.*}}[[FILE]]:[[#Y]]:{{[0-9]+}}, age {{[0-9.-]+}} s, spawned at parent_co {{.*}}[[FILE]]:[[#H]]
// CHECK-DAG: depth 2: follower x12 suspended, age {{[0-9.-]+}} s, spawned at leader {{.*}}[[FILE]]:[[#L]]
// CHECK-DAG: depth 1: idle x1982 suspended, age {{[0-9.-]+}} s, spawned at parent_co {{.*}}[[FILE]]:[[#S]]
// CHECK-DAG: depth 1: stuck 0x{{[0-9a-f]+}} running, age {{[0-9.]+}} s, spawned at parent_co {{.*}}[[FILE]]:[[#W]]

// EVENTS: EVENT blocked coroutine=stuck {{.*}} coroutines=10000 tree=

// JSON: blocked: total 10000, listed 1000, omitted 9000, running stuck, with its parent parent_co
