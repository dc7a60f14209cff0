/* spawn_task.c - spawn cost of the libtask stand-in
 * (test/Inputs/standins/task.c, compiled with this file): taskcreate of a
 * task that returns at once, and one taskyield that lets it run and end
 * (libtask has no destroy: the scheduler frees a task that returned).
 * See spawn.h.
 *   cc -Itest/Inputs/standins bench/spawn_task.c test/Inputs/standins/task.c */
#define SPAWN_OWN_MAIN
#include "task.h"
#include "spawn.h"

static void body(void *arg) { (void)arg; }

static void setup(void) {}

static void pair(void) {
  taskcreate(body, NULL, 16 * 1024);
  taskyield();
}

void taskmain(int argc, char *argv[]) { taskexitall(spawn_run(argc, argv)); }
