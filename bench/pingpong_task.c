/* pingpong_task.c - switch cost of the libtask stand-in
 * (test/Inputs/standins, task.c compiled with the program): taskmain and
 * one task both call taskyield(), each through libtask's scheduler
 * context to the other. See pingpong.h. */
#define PINGPONG_OWN_MAIN
#include "task.h"
#include <stdbool.h>
#include <stddef.h>

static bool done;

static void echo(void *arg) {
  (void)arg;
  while (!done)
    taskyield();
}

static void setup(void) { taskcreate(echo, NULL, 64 * 1024); }

static void round_trip(void) { taskyield(); }

#include "pingpong.h"

void taskmain(int argc, char *argv[]) {
  pingpong(argc, argv);
  done = true;
  taskexitall(0);
}
