// Intent: libdill (the scheduler runs inside the yielding calls): a
// coroutine started with go() that blocks is reported by the function go()
// ran, with the go() site; main is a coroutine too and is reported when it
// blocks outside a yielding call; time inside msleep() is never reported.
// RUN: %swgcc -g -O1 -I%inputs/standins %s -o %t && %t 2>&1 | FileCheck %s -D#GO=$(grep -n 'MARK[:]go' %s | cut -d: -f1)
#include <libdill.h>
#include <stdio.h>
#include <unistd.h>

coroutine void polite(void) {
  for (int i = 0; i < 40; i++)
    msleep(now() + 10); /* yields: 400 ms in the scheduler */
}

coroutine void rude(void) {
  msleep(now() + 50);
  usleep(700 * 1000); /* blocks every coroutine of this thread */
}

int main(void) {
  int a = go(polite());
  int b = go(rude()); // MARK:go
  msleep(now() + 1000);
  usleep(600 * 1000); /* main blocks too */
  msleep(now() + 100);
  hclose(a);
  hclose(b);
  printf("done\n");
  return 0;
}
// CHECK-NOT: polite' blocked
// CHECK: WARNING: switchguard: coroutine 'rude' blocked thread
// CHECK: in rude {{.*}}libdill_blocked.c
// CHECK: Spawned at: {{.*}}libdill_blocked.c:[[#GO]] in main
// CHECK-NOT: WARNING
// CHECK: coroutine 'rude' unblocked
// CHECK-NOT: polite' blocked
// CHECK: WARNING: switchguard: coroutine 'main' blocked thread
// CHECK: in main {{.*}}libdill_blocked.c
// CHECK-NOT: WARNING
// CHECK: coroutine 'main' unblocked
// CHECK-NOT: WARNING
// CHECK: done
