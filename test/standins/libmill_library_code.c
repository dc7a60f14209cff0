// Intent: the libmill stand-in as libmill is used, libmill.c compiled with
// the program through switchguard-cc: libmill.c itself gets no warning;
// when every coroutine (main too) sleeps 300 ms in msleep, so that the
// scheduler waits in poll(2) inside libmill.c, nothing is reported; a
// coroutine started with go() that calls usleep itself is reported once,
// by its name, its line and its go() site.
// RUN: %swgcc -g -O0 -c %inputs/standins/libmill.c -o %t.lib0.o 2> %t.lib0.err
// RUN: %swgcc -g -O2 -c %inputs/standins/libmill.c -o %t.lib2.o 2> %t.lib2.err
// RUN: count 0 < %t.lib0.err
// RUN: count 0 < %t.lib2.err
// RUN: %swgcc -g -O0 -w -I%inputs/standins %s %t.lib0.o -o %t0
// RUN: %swgcc -g -O2 -w -I%inputs/standins %s %t.lib2.o -o %t2
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#GO=$(grep -n 'MARK[:]go' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#GO=$(grep -n 'MARK[:]go' %s | cut -d: -f1)
#include "libmill.h"
#include <stdio.h>
#include <unistd.h>

coroutine void napper(int id) {
  msleep(now() + 300);
  printf("napper %d: woke\n", id);
}

coroutine void rude(void) {
  msleep(now() + 300);
  usleep(300 * 1000); // MARK:block
  printf("rude: done\n");
}

int main(int argc, char **argv) {
  (void)argv;
  go(napper(1));
  go(napper(2));
  if (argc > 1)
    go(rude()); // MARK:go
  msleep(now() + 900);
  printf("main: done\n");
  return 0;
}

// QUIET: napper 1: woke
// QUIET: napper 2: woke
// QUIET: main: done

// BLOCK-NOT: switchguard
// BLOCK: WARNING: switchguard: coroutine 'rude' blocked thread
// BLOCK: in rude {{.*}}libmill_library_code.c:[[#LINE]]
// BLOCK: Spawned at: {{.*}}libmill_library_code.c:[[#GO]] in main
// BLOCK: SUMMARY: switchguard: blocked coroutine 'rude' for {{.*}}libmill_library_code.c:[[#LINE]]
// BLOCK-NOT: WARNING
// BLOCK: main: done
// BLOCK-NOT: WARNING
