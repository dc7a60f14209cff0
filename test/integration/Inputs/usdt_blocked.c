/* A coroutine that blocks its thread for 300 ms, then a must_switch
 * function that returns without switching: the events the USDT tests
 * trace. */
#include "../../Inputs/pcl_hub.h"
#include <switchguard.h>

SWG_MUST_SWITCH static void lazy(void) {}

static void nap(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  lazy();
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(nap, NULL, NULL, 64 * 1024));
  return 0;
}
