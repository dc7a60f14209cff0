// Intent: SWG_MAY_BLOCK_CALL exempts one call from the blocking check: the
// marked call (also written over two lines), a call in its arguments (also
// behind ?:), and what a marked call to a helper reaches through it; an
// unmarked blocking call on the same line, an unmarked call of the same
// helper, and the lines around are still reported. The same at -O0 and -O2.
// RUN: %clang %plugin -I%S/../../runtime/include -O0 -S -o /dev/null %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
// RUN: %clang %plugin -I%S/../../runtime/include -O2 -S -o /dev/null %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=warning:
#include <pcl.h>
#include <switchguard.h>
#include <unistd.h>

// Reported once, reached through the unmarked call only.
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:32: warning: call to blocking function 'usleep' in coroutine context blocks every coroutine of this thread; reached from 'worker' (calls it at line [[#@LINE+15]]) -> 'wait_a_bit', 'worker' being the entry of the co_create call
static void wait_a_bit(void) { usleep(10); }

static int flush_log(void) { return (int)write(2, "", 0); }

static void worker(void *arg) {
  char buf[8];
  int n = SWG_MAY_BLOCK_CALL(read(0, buf, sizeof buf));
  SWG_MAY_BLOCK_CALL(wait_a_bit());
  n += SWG_MAY_BLOCK_CALL(n > 0 ? read(0, buf, 1) : 0);
  n += SWG_MAY_BLOCK_CALL(flush_log() + (int)pread(0, buf, 1, 0));
  n += (int)SWG_MAY_BLOCK_CALL(
      pread(0, buf, 1, 0));
  // CHECK-DAG: [[FILE]]:[[#@LINE+1]]:36: warning: call to blocking function 'sleep'
  SWG_MAY_BLOCK_CALL(co_resume()); sleep(1);
  wait_a_bit();
  if (n)
    co_resume();
}

int main(void) {
  coroutine_t co = co_create(worker, 0, 0, 65536);
  co_call(co);
  return 0;
}
