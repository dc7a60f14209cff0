// Intent: ucontext coroutines suspended at different swapcontext lines (one through a helper) say where each waits, read from their saved contexts: run info names each one's switch site and primitive and shows its own stack (user frames included), text and JSON; the blocked report's tree names the same sites, without stacks unless coroutine_stacks=1 (text and JSON); a never-started coroutine has no site; without -g the function's only switch site is found all the same; a bad coroutine_stacks value is one line naming it.
// RUN: %swgcc -g -O1 %s -o %t
// RUN: %swgcc -O1 %s -o %t.nog
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100 %t 2> %t.err
// RUN: FileCheck %s --check-prefixes=RUNINFO,BLOCKED -D#A=$(grep -n 'MARK[:]a$' %s | cut -d: -f1) -D#LOOP=$(grep -n 'MARK[:]loop' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b$' %s | cut -d: -f1) < %t.err
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:coroutine_stacks=1 %t 2>&1 | FileCheck %s --check-prefix=STACKS -D#A=$(grep -n 'MARK[:]a$' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b$' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:format=json %t 2> %t.json
// RUN: python3 %inputs/check_events.py < %t.json > /dev/null
// RUN: python3 %S/Inputs/coroutine_waits.py < %t.json | FileCheck %s --check-prefix=JSON -D#A=$(grep -n 'MARK[:]a$' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b$' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:format=json:coroutine_stacks=1 %t 2> %t.stacks.json
// RUN: python3 %inputs/check_events.py < %t.stacks.json > /dev/null
// RUN: python3 %S/Inputs/coroutine_waits.py < %t.stacks.json | FileCheck %s --check-prefix=JSTACKS -D#A=$(grep -n 'MARK[:]a$' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b$' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:format=json %t.nog 2>&1 | python3 %S/Inputs/coroutine_waits.py | FileCheck %s --check-prefix=JSON -D#A=$(grep -n 'MARK[:]a$' %s | cut -d: -f1) -D#B=$(grep -n 'MARK[:]b$' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:coroutine_stacks=2 %t 2>&1 | FileCheck %s --check-prefix=BAD
#include <stdio.h>
#include <switchguard.h>
#include <ucontext.h>
#include <unistd.h>

static ucontext_t hub, ctx[3];
static char stacks[3][64 * 1024];

__attribute__((noinline)) static void nap(int i) {
  swapcontext(&ctx[0], &hub); // MARK:a
  (void)i;
}

static void worker_a(void) {
  for (int i = 0;; i++)
    nap(i); // MARK:loop
}

static void worker_b(void) {
  for (;;)
    swapcontext(&ctx[1], &hub); // MARK:b
}

static void sleeper(void) {
  usleep(1000 * 1000);
  swapcontext(&ctx[2], &hub);
}

int main(void) {
  void (*fn[3])(void) = {worker_a, worker_b, sleeper};
  for (int i = 0; i < 3; i++) {
    getcontext(&ctx[i]);
    ctx[i].uc_stack.ss_sp = stacks[i];
    ctx[i].uc_stack.ss_size = sizeof stacks[i];
    ctx[i].uc_link = &hub;
  }
  makecontext(&ctx[0], fn[0], 0);
  makecontext(&ctx[1], fn[1], 0);
  makecontext(&ctx[2], fn[2], 0);
  swapcontext(&hub, &ctx[0]);
  swapcontext(&hub, &ctx[1]);
  swg_print_run_info(NULL);
  swapcontext(&hub, &ctx[2]);
  return 0;
}

// RUNINFO: switchguard: run info
// RUNINFO: * Coroutines of thread {{[0-9]+}} (3):
// RUNINFO-NEXT: {{^    }}hub
// RUNINFO-NEXT: {{^      }}worker_a 0x{{[0-9a-f]+}} suspended at swapcontext in nap at {{.*}}waits_ucontext.c:[[#A]]:{{[0-9]+}}, age
// RUNINFO-NEXT: {{^      }}worker_b 0x{{[0-9a-f]+}} suspended at swapcontext in worker_b at {{.*}}waits_ucontext.c:[[#B]]:{{[0-9]+}}, age
// RUNINFO-NEXT: {{^      }}sleeper 0x{{[0-9a-f]+}} suspended, age
// RUNINFO-NEXT: * Stacks of suspended coroutines of thread {{[0-9]+}}:
// RUNINFO-NEXT: {{^    }}worker_a 0x{{[0-9a-f]+}} at swapcontext in nap at {{.*}}waits_ucontext.c:[[#A]]:{{[0-9]+}}:
// RUNINFO-NEXT: {{^      }}#0 0x{{[0-9a-f]+}} in nap {{.*}}waits_ucontext.c:[[#A]]:
// RUNINFO-NEXT: {{^      }}#1 0x{{[0-9a-f]+}} in worker_a {{.*}}waits_ucontext.c:[[#LOOP]]:
// RUNINFO: {{^    }}worker_b 0x{{[0-9a-f]+}} at swapcontext in worker_b at {{.*}}waits_ucontext.c:[[#B]]:{{[0-9]+}}:
// RUNINFO-NEXT: {{^      }}#0 0x{{[0-9a-f]+}} in worker_b {{.*}}waits_ucontext.c:[[#B]]:
// RUNINFO-NOT: {{^    }}sleeper

// BLOCKED: WARNING: switchguard: coroutine 'sleeper' blocked thread
// BLOCKED: * Coroutines of thread {{[0-9]+}} (3):
// BLOCKED-NEXT: {{^    }}hub
// BLOCKED-NEXT: {{^      }}worker_a 0x{{[0-9a-f]+}} suspended at swapcontext in nap at {{.*}}waits_ucontext.c:[[#A]]:{{[0-9]+}}, age
// BLOCKED-NEXT: {{^      }}worker_b 0x{{[0-9a-f]+}} suspended at swapcontext in worker_b at {{.*}}waits_ucontext.c:[[#B]]:{{[0-9]+}}, age
// BLOCKED-NEXT: {{^      }}sleeper 0x{{[0-9a-f]+}} running, age
// BLOCKED-NEXT: SUMMARY: switchguard: blocked coroutine 'sleeper'

// STACKS: WARNING: switchguard: coroutine 'sleeper' blocked thread
// STACKS: {{^      }}sleeper 0x{{[0-9a-f]+}} running, age
// STACKS-NEXT: * Stacks of suspended coroutines of thread {{[0-9]+}}:
// STACKS-NEXT: {{^    }}worker_a 0x{{[0-9a-f]+}} at swapcontext in nap at {{.*}}waits_ucontext.c:[[#A]]:{{[0-9]+}}:
// STACKS-NEXT: {{^      }}#0 0x{{[0-9a-f]+}} in nap {{.*}}waits_ucontext.c:[[#A]]:
// STACKS-NEXT: {{^      }}#1 0x{{[0-9a-f]+}} in worker_a
// STACKS: {{^    }}worker_b 0x{{[0-9a-f]+}} at swapcontext in worker_b at {{.*}}waits_ucontext.c:[[#B]]:{{[0-9]+}}:
// STACKS-NEXT: {{^      }}#0 0x{{[0-9a-f]+}} in worker_b {{.*}}waits_ucontext.c:[[#B]]:
// STACKS: SUMMARY: switchguard: blocked coroutine 'sleeper'

// JSON: run_info worker_a suspended at=nap:[[#A]]:swapcontext stack=nap,worker_a
// JSON-NEXT: run_info worker_b suspended at=worker_b:[[#B]]:swapcontext stack=worker_b
// JSON-NEXT: run_info sleeper suspended at=- stack=-
// JSON-NEXT: run_info stacks_omitted=0
// JSON-NEXT: blocked worker_a suspended at=nap:[[#A]]:swapcontext stack=-
// JSON-NEXT: blocked worker_b suspended at=worker_b:[[#B]]:swapcontext stack=-
// JSON-NEXT: blocked sleeper running at=- stack=-
// JSON-NEXT: blocked stacks_omitted=none

// JSTACKS: blocked worker_a suspended at=nap:[[#A]]:swapcontext stack=nap,worker_a
// JSTACKS-NEXT: blocked worker_b suspended at=worker_b:[[#B]]:swapcontext stack=worker_b
// JSTACKS-NEXT: blocked sleeper running at=- stack=-
// JSTACKS-NEXT: blocked stacks_omitted=0

// BAD: switchguard: bad value '2' for option 'coroutine_stacks' in SWITCHGUARD_OPTIONS; valid values: 0|1 (keeping the default)
// BAD: WARNING: switchguard: coroutine 'sleeper' blocked thread
// BAD-NOT: Stacks of suspended coroutines
