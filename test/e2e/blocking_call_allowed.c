// Intent: the blocking calls the static check accepts are accepted at run time too: a call marked SWG_MAY_BLOCK_CALL, whatever a swg_may_block function reaches (even through a pointer), and a call named by a [blocking] call: suppression; an unmarked call beside them is still reported, and a marked call's allowance ends with it.
// RUN: printf '[blocking]\ncall:getaddrinfo\n' > %t.supp
// RUN: %swgcc -g -O1 -fplugin-arg-switchguard-suppressions=%t.supp %s -lpcl -o %t
// RUN: %t 2>&1 >/dev/null | FileCheck %s --implicit-check-not='blocking call'
#include "../Inputs/pcl_hub.h"
#include <netdb.h>
#include <switchguard.h>

static int (*nap)(useconds_t) = usleep;

SWG_MAY_BLOCK static void flush_log(void) {
  nap(1000); /* through a pointer: exempt with its caller */
}

static void worker(void *arg) {
  (void)arg;
  struct addrinfo *res;
  SWG_MAY_BLOCK_CALL(usleep(1000));
  flush_log();
  if (getaddrinfo("localhost", NULL, NULL, &res) == 0) /* suppressed */
    freeaddrinfo(res);
  usleep(2000); /* MARK: the one finding */
  hub_finish();
}

int main(void) {
  co_thread_init();
  hub_run(co_create(worker, NULL, NULL, 64 * 1024));
  return 0;
}

// CHECK: blocking call usleep() in coroutine 'worker' {{.*}}: sleeps 2000 us
// CHECK: SUMMARY: switchguard: blocking call usleep() in coroutine 'worker' in worker {{.*}}blocking_call_allowed.c:22
// CHECK: exit summary: 0 blocking incidents; 1 blocking call in coroutines
