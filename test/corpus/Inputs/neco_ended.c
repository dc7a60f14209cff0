/* neco_ended.test's program: many short-lived neco coroutines (half end
 * by returning, half by neco_exit from a nested call) and one that sleeps
 * through the run info taken after them. */
#include <stdio.h>
#include <switchguard.h>

#include "neco.h"

static void leave(void) { neco_exit(); }

static void brief(int argc, void *argv[]) {
  (void)argv;
  if (argc) /* started with an argument: ends inside a call */
    leave();
}

static void sleeper(int argc, void *argv[]) {
  (void)argc, (void)argv;
  neco_sleep(300 * NECO_MILLISECOND);
}

int neco_main(int argc, char *argv[]) {
  (void)argc, (void)argv;
  neco_start(sleeper, 0);
  for (int i = 0; i < 5000; i++)
    if (i & 1)
      neco_start(brief, 1, NULL);
    else
      neco_start(brief, 0);
  swg_print_run_info(stdout);
  fflush(stdout);
  return 0;
}
