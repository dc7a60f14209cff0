/* pingpong_tarantool_fiber.c - switch cost of the Tarantool fiber
 * stand-in (test/Inputs/standins, tarantool_fiber.c compiled with the
 * program): a fiber that runs the timed loop and one that echoes both
 * call fiber_reschedule(), so each goes back to sched (the native
 * context), which resumes the other. See pingpong.h. */
#define PINGPONG_OWN_MAIN
#include "tarantool_fiber.h"
#include <stdbool.h>
#include <stdlib.h>

static bool done;

static int echo(va_list ap) {
  (void)ap;
  while (!done)
    fiber_reschedule();
  return 0;
}

static void setup(void) {
  struct fiber *f = fiber_new("echo", echo);
  if (!f)
    abort();
  fiber_start(f);
}

static void round_trip(void) { fiber_reschedule(); }

#include "pingpong.h"

static int timed(va_list ap) {
  int argc = va_arg(ap, int);
  char **argv = va_arg(ap, char **);
  pingpong(argc, argv);
  done = true;
  return 0;
}

int main(int argc, char **argv) {
  struct fiber *f = fiber_new("timed", timed);
  if (!f)
    abort();
  fiber_start(f, argc, argv);
  fiber_loop_run(-1);
  return 0;
}
