// Intent: the libtask stand-in as libtask is used, task.c compiled with the
// program through switchguard-cc: task.c itself gets no warning; when every
// task (taskmain too) sleeps 300 ms in taskdelay, so that the system task
// fdtask waits in poll(2) inside task.c, nothing is reported; a task that
// calls usleep itself is reported once, by its name, its line and its
// taskcreate site.
// RUN: %swgcc -g -O0 -c %inputs/standins/task.c -o %t.lib0.o 2> %t.lib0.err
// RUN: %swgcc -g -O2 -c %inputs/standins/task.c -o %t.lib2.o 2> %t.lib2.err
// RUN: count 0 < %t.lib0.err
// RUN: count 0 < %t.lib2.err
// RUN: %swgcc -g -O0 -w -I%inputs/standins %s %t.lib0.o -o %t0
// RUN: %swgcc -g -O2 -w -I%inputs/standins %s %t.lib2.o -o %t2
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=switchguard
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t0 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#CREATE=$(grep -n 'MARK[:]create' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t2 block 2>&1 | FileCheck %s --check-prefix=BLOCK -D#LINE=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#CREATE=$(grep -n 'MARK[:]create' %s | cut -d: -f1)
#include "task.h"
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static void napper(void *arg) {
  taskdelay(300);
  printf("napper %d: woke\n", (int)(intptr_t)arg);
}

static void rude(void *arg) {
  (void)arg;
  taskdelay(300);
  usleep(300 * 1000); // MARK:block
  printf("rude: done\n");
}

void taskmain(int argc, char *argv[]) {
  (void)argv;
  taskcreate(napper, (void *)1, 65536);
  taskcreate(napper, (void *)2, 65536);
  if (argc > 1)
    taskcreate(rude, NULL, 65536); // MARK:create
  taskdelay(900);
  printf("taskmain: done\n");
}

// QUIET: napper 1: woke
// QUIET: napper 2: woke
// QUIET: taskmain: done

// BLOCK-NOT: switchguard
// BLOCK: WARNING: switchguard: coroutine 'rude' blocked thread
// BLOCK: in rude {{.*}}task_library_code.c:[[#LINE]]
// BLOCK: Spawned at: {{.*}}task_library_code.c:[[#CREATE]] in taskmain
// BLOCK: SUMMARY: switchguard: blocked coroutine 'rude' for {{.*}}task_library_code.c:[[#LINE]]
// BLOCK-NOT: WARNING
// BLOCK: taskmain: done
// BLOCK-NOT: WARNING
