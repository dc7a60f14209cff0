/* Smoke test of the libdill stand-in: go() with arguments, yield
 * interleaving, a channel, timers, an fd wait, cancellation by hclose and a
 * bundle. */
#include "libdill.h"
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

coroutine void worker(const char *name, int n) {
  for (int i = 0; i < n; i++) {
    printf("%s: step %d\n", name, i);
    yield();
  }
  printf("%s: done\n", name);
}

coroutine void sender(int ch, int count) {
  for (int i = 1; i <= count; i++) {
    int v = i * 100;
    chsend(ch, &v, sizeof v, -1);
    printf("sender: sent %d\n", v);
  }
}

coroutine void sleeper(const char *name, int ms) {
  msleep(now() + ms);
  printf("%s: woke after %d ms\n", name, ms);
}

coroutine void reader(int fd) {
  char c = 0;
  if (fdin(fd, now() + 5000) == 0 && read(fd, &c, 1) == 1)
    printf("reader: got '%c'\n", c);
}

coroutine void forever(void) {
  int rc = msleep(-1);
  printf("forever: msleep returned %d, ECANCELED: %d\n", rc, errno == ECANCELED);
}

int main(void) {
  int a = go(worker("A", 2));
  int b = go(worker("B", 2));
  printf("main: started A and B (handles %s)\n", a > 0 && b > 0 && a != b ? "ok" : "bad");
  yield();
  yield();
  yield();
  printf("main: closing A and B\n");
  hclose(a);
  hclose(b);

  int ch[2];
  chmake(ch);
  int s = go(sender(ch[0], 3));
  for (int i = 0; i < 3; i++) {
    int v;
    chrecv(ch[1], &v, sizeof v, -1);
    printf("main: received %d\n", v);
  }
  hclose(s);
  hclose(ch[0]);
  hclose(ch[1]);

  int sl = bundle();
  bundle_go(sl, sleeper("S1", 80));
  bundle_go(sl, sleeper("S2", 20));
  printf("main: sleepers started\n");
  bundle_wait(sl, -1);
  hclose(sl);

  int p[2];
  if (pipe(p) != 0)
    return 1;
  int r = go(reader(p[0]));
  msleep(now() + 10);
  printf("main: writing\n");
  if (write(p[1], "x", 1) != 1)
    return 1;
  msleep(now() + 10);
  hclose(r);

  int f = go(forever());
  yield();
  printf("main: cancelling forever\n");
  hclose(f);

  int bn = bundle();
  bundle_go(bn, worker("C", 2));
  bundle_go(bn, worker("D", 1));
  printf("main: waiting for bundle\n");
  bundle_wait(bn, -1);
  hclose(bn);
  printf("main: done\n");
  return 0;
}

// CHECK:      A: step 0
// CHECK-NEXT: B: step 0
// CHECK-NEXT: A: step 1
// CHECK-NEXT: main: started A and B (handles ok)
// CHECK-NEXT: B: step 1
// CHECK-NEXT: A: done
// CHECK-NEXT: B: done
// CHECK-NEXT: main: closing A and B
// CHECK-NEXT: main: received 100
// CHECK-NEXT: sender: sent 100
// CHECK-NEXT: sender: sent 200
// CHECK-NEXT: main: received 200
// CHECK-NEXT: main: received 300
// CHECK-NEXT: sender: sent 300
// CHECK-NEXT: main: sleepers started
// CHECK-NEXT: S2: woke after 20 ms
// CHECK-NEXT: S1: woke after 80 ms
// CHECK-NEXT: main: writing
// CHECK-NEXT: reader: got 'x'
// CHECK-NEXT: main: cancelling forever
// CHECK-NEXT: forever: msleep returned -1, ECANCELED: 1
// CHECK-NEXT: C: step 0
// CHECK-NEXT: D: step 0
// CHECK-NEXT: C: step 1
// CHECK-NEXT: main: waiting for bundle
// CHECK-NEXT: D: done
// CHECK-NEXT: C: done
// CHECK-NEXT: main: done
