// Intent: the byuu libco stand-in as libco is used, libco.c compiled with
// the program through switchguard-cc: libco.c itself (whose co_switch
// calls swapcontext) gets no warning; libco has no sleep of its own, so
// the idle case is the host, the hub, sleeping 300 ms while every cothread
// is suspended: nothing is reported; a cothread that calls usleep itself
// is reported once, by its name, its line and its co_create site.
// RUN: %swgcc -g -O0 -c %inputs/standins/libco.c -o %t.lib0.o 2> %t.lib0.err
// RUN: %swgcc -g -O2 -c %inputs/standins/libco.c -o %t.lib2.o 2> %t.lib2.err
// RUN: count 0 < %t.lib0.err
// RUN: count 0 < %t.lib2.err
// RUN: %swgcc -g -O0 -w -I%inputs/standins %s %t.lib0.o -o %t0
// RUN: %swgcc -g -O2 -w -I%inputs/standins %s %t.lib2.o -o %t2
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#CREATE=$(grep -n 'MARK[:]create' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#CREATE=$(grep -n 'MARK[:]create' %s | cut -d: -f1)
#include "libco.h"
#include <stdio.h>
#include <unistd.h>

static cothread_t host, polite_co, rude_co;
static int block;

static void polite(void) {
  for (;;)
    co_switch(host);
}

static void rude(void) {
  co_switch(host);
  if (block)
    usleep(300 * 1000); // MARK:block
  for (;;)
    co_switch(host);
}

int main(int argc, char **argv) {
  (void)argv;
  block = argc > 1;
  host = co_active();
  polite_co = co_create(128 * 1024, polite);
  rude_co = co_create(128 * 1024, rude); // MARK:create
  co_switch(polite_co);
  co_switch(rude_co);
  usleep(300 * 1000); /* the host's own time: every cothread is suspended */
  co_switch(polite_co);
  co_switch(rude_co);
  co_delete(polite_co);
  co_delete(rude_co);
  printf("main: done\n");
  return 0;
}

// QUIET: main: done

// BLOCK-NOT: switchguard
// BLOCK: WARNING: switchguard: coroutine 'rude' blocked thread
// BLOCK: in rude {{.*}}libco_library_code.c:[[#LINE]]
// BLOCK: Spawned at: {{.*}}libco_library_code.c:[[#CREATE]] in main
// BLOCK: SUMMARY: switchguard: blocked coroutine 'rude' for {{.*}}libco_library_code.c:[[#LINE]]
// BLOCK-NOT: WARNING
// BLOCK: main: done
// BLOCK-NOT: WARNING
