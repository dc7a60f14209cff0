// Intent: a blocked report's sites say what happened there: a coroutine that blocks right at its start has "coroutine start" for its last switch (no primitive there), and in JSON every site object has a `role` (begin, create, resume) beside `primitive` (the callee, or null). test/unit/site_roles.c has every role.
// RUN: %swgcc -g -O0 %s -lpcl -o %t
// RUN: %t 2>&1 | FileCheck %s -DFILE=report_site_roles.c -D#BODY=$(grep -n 'MARK[:]body' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=format=json %t > %t.json 2>&1
// RUN: python3 %inputs/check_events.py < %t.json > /dev/null
// RUN: FileCheck %s --check-prefix=JSON -D#BODY=$(grep -n 'MARK[:]body' %s | cut -d: -f1) < %t.json
#include <pcl.h>
#include <switchguard.h>
#include <unistd.h>

/* A body the pass brackets: its start and its return are sites. */
SWG_COROUTINE static void sleeper(void *arg) { // MARK:body
  (void)arg;
  usleep(300 * 1000);
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(sleeper, NULL, NULL, 64 * 1024);
  co_call(co); /* its return ends and frees it (co_exit) */
  return 0;
}
// CHECK: WARNING: switchguard: coroutine 'sleeper' blocked
// CHECK: Last switch: coroutine start in sleeper at {{.*}}[[FILE]]:[[#BODY]]:
// CHECK: coroutine 'sleeper' unblocked on thread {{[0-9]+}} after {{[0-9.]+}} s{{.*}} co_call in main at

// JSON: "event":"blocked"
// JSON-SAME: "last_switch":{"function":"sleeper","file":"{{[^"]*}}report_site_roles.c","line":[[#BODY]],"column":{{[0-9]+}},"role":"begin","primitive":null,"library":"user"}
// JSON-SAME: "spawn_site":{"function":"main",{{[^}]*}}"role":"create","primitive":"co_create","library":"pcl"}
// JSON: "event":"unblocked"
// JSON-SAME: "role":"resume","primitive":"co_call","library":"pcl"}
