/* spawn_tarantool_fiber.c - spawn cost of the Tarantool fiber stand-in
 * (test/Inputs/standins/tarantool_fiber.c, compiled with this file), from
 * a fiber: fiber_new of a fiber that returns at once and fiber_start,
 * which runs it to its end (a fiber that is not joinable is freed when it
 * returns; the stand-in frees it at the next fiber_new). See spawn.h.
 *   cc -Itest/Inputs/standins bench/spawn_tarantool_fiber.c test/Inputs/standins/tarantool_fiber.c */
#define SPAWN_OWN_MAIN
#include "tarantool_fiber.h"
#include "spawn.h"

static int body(va_list ap) {
  (void)ap;
  return 0;
}

static void setup(void) {}

static void pair(void) {
  struct fiber *f = fiber_new("brief", body);
  if (!f)
    abort();
  fiber_start(f);
}

static int timed(va_list ap) {
  int argc = va_arg(ap, int);
  char **argv = va_arg(ap, char **);
  return spawn_run(argc, argv);
}

int main(int argc, char **argv) {
  struct fiber *f = fiber_new("timed", timed);
  if (!f)
    abort();
  fiber_start(f, argc, argv);
  fiber_loop_run(-1);
  return 0;
}
