// Intent: the Tarantool fiber stand-in as a C module runs, with
// tarantool_fiber.c (standing in for the tarantool binary) compiled with the
// program through switchguard-cc: tarantool_fiber.c itself gets no warning;
// when every fiber sleeps 300 ms in fiber_sleep, so that sched's event loop
// waits in poll(2) inside tarantool_fiber.c, nothing is reported; a fiber
// that calls usleep itself is reported once, by its fiber name, its line
// and its fiber_new site.
// RUN: %swgcc -g -O0 -c %inputs/standins/tarantool_fiber.c -o %t.lib0.o 2> %t.lib0.err
// RUN: %swgcc -g -O2 -c %inputs/standins/tarantool_fiber.c -o %t.lib2.o 2> %t.lib2.err
// RUN: count 0 < %t.lib0.err
// RUN: count 0 < %t.lib2.err
// RUN: %swgcc -g -O0 -w -I%inputs/standins %s %t.lib0.o -o %t0
// RUN: %swgcc -g -O2 -w -I%inputs/standins %s %t.lib2.o -o %t2
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#NEW=$(grep -n 'MARK[:]new' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#NEW=$(grep -n 'MARK[:]new' %s | cut -d: -f1)
#include <tarantool/module.h>
#include <stdio.h>
#include <unistd.h>

static int napper_f(va_list ap) {
  int id = va_arg(ap, int);
  fiber_sleep(0.3);
  printf("napper %d: woke\n", id);
  return 0;
}

static int rude_f(va_list ap) {
  (void)ap;
  fiber_sleep(0.3);
  usleep(300 * 1000); // MARK:block
  printf("rude: done\n");
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  fiber_start(fiber_new("napper1", napper_f), 1);
  fiber_start(fiber_new("napper2", napper_f), 2);
  if (argc > 1)
    fiber_start(fiber_new("rude", rude_f)); // MARK:new
  printf("main: loop returned with %d fibers alive\n", fiber_loop_run(-1));
  return 0;
}

// QUIET: napper 1: woke
// QUIET: napper 2: woke
// QUIET: main: loop returned with 0 fibers alive

// BLOCK-NOT: switchguard
// BLOCK: WARNING: switchguard: coroutine 'rude' blocked thread
// BLOCK: in rude_f {{.*}}tarantool_fiber_library_code.c:[[#LINE]]
// BLOCK: Spawned at: {{.*}}tarantool_fiber_library_code.c:[[#NEW]] in main
// BLOCK: SUMMARY: switchguard: blocked coroutine 'rude' for {{.*}}tarantool_fiber_library_code.c:[[#LINE]]
// BLOCK-NOT: WARNING
// BLOCK: main: loop returned with 0 fibers alive
// BLOCK-NOT: WARNING
