// Intent: a report's context lists every thread and the blocked thread's coroutines as a tree by spawn parent, each with its name (its entry's, or swg_coro_set_name's), handle, state, the switch a suspended one waits in (read from its saved context; none for one never started), age and spawn site; a coroutine whose parent is gone hangs from the hub, even when a newer coroutine took the parent's address; the JSON event has the same tree.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: %t 2>&1 | FileCheck %s -DFILE=report_tree.c -D#LONELY=$(grep -n 'MARK[:]lonely' %s | cut -d: -f1) -D#PARENT=$(grep -n 'MARK[:]parent' %s | cut -d: -f1) -D#A=$(grep -n 'MARK[:]a$' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b$' %s | cut -d: -f1) -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1) -D#CALLB=$(grep -n 'MARK[:]callb' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#include "../Inputs/pcl_hub.h"
#include <switchguard.h>

static void idle(void *arg) {
  for (;;)
    co_resume(); // MARK:yield
}

static void short_lived(void *arg) {
  co_create(idle, NULL, NULL, 64 * 1024); // MARK:lonely
  co_resume();
}

static void child_b(void *arg) {
  /* Blocks, two levels down, long enough for a reporter slowed by a
   * loaded machine to read the suspended ones where they wait. */
  usleep(1500 * 1000);
  for (;;)
    co_resume();
}

static void parent_co(void *arg) {
  coroutine_t a = co_create(idle, NULL, NULL, 64 * 1024); // MARK:a
  coroutine_t b = co_create(child_b, NULL, NULL, 64 * 1024); // MARK:b
  swg_coro_set_name(a, "worker-a");
  co_call(a);
  co_call(b); // MARK:callb
  hub_finish();
}

int main(void) {
  co_thread_init();
  coroutine_t s = co_create(short_lived, NULL, NULL, 64 * 1024);
  co_call(s);
  co_delete(s); /* its child lives on */
  hub_run(co_create(parent_co, NULL, NULL, 64 * 1024)); // MARK:parent
  return 0;
}

// CHECK: WARNING: switchguard: coroutine 'child_b' blocked thread [[TID:[0-9]+]]
// CHECK: * Threads:
// CHECK-DAG: thread [[TID]] "report_tree{{.*}}" [hub] <- BLOCKED
// CHECK-DAG: thread {{[0-9]+}} "swg-monitor" [switchguard monitor]
// CHECK: * Coroutines of thread [[TID]] (4):
// CHECK-NEXT: {{^    }}hub
// CHECK-DAG: {{^      }}idle 0x{{[0-9a-f]+}} suspended, age {{[0-9.]+}} s, spawned at short_lived {{.*}}[[FILE]]:[[#LONELY]], parent gone
// CHECK-DAG: {{^      }}parent_co 0x{{[0-9a-f]+}} suspended at co_call in parent_co at {{.*}}[[FILE]]:[[#CALLB]]:{{[0-9]+}}, age {{[0-9.]+}} s, spawned at main {{.*}}[[FILE]]:[[#PARENT]]
// CHECK-DAG: {{^        }}worker-a 0x{{[0-9a-f]+}} suspended at co_resume in idle at {{.*}}[[FILE]]:[[#YIELD]]:{{[0-9]+}}, age {{[0-9.]+}} s, spawned at parent_co {{.*}}[[FILE]]:[[#A]]
// CHECK-DAG: {{^        }}child_b 0x{{[0-9a-f]+}} running, age {{[0-9.]+}} s, spawned at parent_co {{.*}}[[FILE]]:[[#B]]
// CHECK: SUMMARY: switchguard: blocked coroutine 'child_b'

// JSON: EVENT blocked coroutine=child_b {{.*}} threads={{[0-9]+}} coroutines=4 tree=child_b<parent_co:running,idle<gone:suspended,parent_co<hub:suspended,worker-a<parent_co:suspended
