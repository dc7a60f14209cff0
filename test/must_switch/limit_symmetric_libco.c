// Intent: must_switch(ms) on the byuu libco stand-in (libco.c compiled
// with the program, as users compile libco), whose only transfer
// is the symmetric co_switch and whose entry must never return: a stretch
// over the limit up to the last co_switch, after which the cothread is
// never resumed, fails there; time the host spends before switching back
// never counts.
// RUN: %swgcc -g -O0 -I%inputs/standins %inputs/standins/libco.c %s -o %t0
// RUN: %swgcc -g -O2 -I%inputs/standins %inputs/standins/libco.c %s -o %t2
// RUN: not --crash %t0 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_libco.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]end' %s | cut -d: -f1)
// RUN: not --crash %t2 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_libco.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]end' %s | cut -d: -f1)
// RUN: %t0 hub 2>&1 | FileCheck %s --check-prefix=HUB
// RUN: %t2 hub 2>&1 | FileCheck %s --check-prefix=HUB
#include "libco.h"
#include <stdio.h>
#include <string.h>
#include <switchguard.h>
#include <unistd.h>

static cothread_t host, worker;
static int block;

SWG_MUST_SWITCH_WITHIN(100) static void entry(void) {
  co_switch(host); // MARK:yield
  if (block)
    usleep(300 * 1000);
  co_switch(host); // MARK:end
}

int main(int argc, char **argv) {
  block = argc > 1 && !strcmp(argv[1], "exit");
  host = co_active();
  worker = co_create(128 * 1024, entry);
  co_switch(worker);
  if (!block)
    usleep(300 * 1000); /* the host's time */
  co_switch(worker);
  printf("done\n");
  return 0;
}

// EXIT: ERROR: switchguard: must_switch scope 'entry' ran {{[0-9]+}} ms without switching (limit 100 ms), on thread {{[0-9]+}} "{{.*}}" in coroutine 'entry'
// EXIT-NEXT: Scope: {{.*}}[[FILE]]:
// EXIT-NEXT: Longest stretch: {{[0-9]+}} ms, from {{.*}}[[FILE]]:[[#YIELD]] to {{.*}}[[FILE]]:[[#END]]
// EXIT: SUMMARY: switchguard: must_switch failed in entry {{.*}}[[FILE]]:{{[0-9]+}} (stretch)
// EXIT-NEXT: ABORTING
// EXIT-NOT: done

// HUB-NOT: ERROR
// HUB: done
