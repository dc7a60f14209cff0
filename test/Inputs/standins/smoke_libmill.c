/* Smoke test of the libmill stand-in: go() with arguments, yield
 * interleaving, a buffered and an unbuffered channel, timers, an fd wait. */
#include "libmill.h"
#include <stdio.h>
#include <unistd.h>

coroutine void worker(const char *name, int n) {
  for (int i = 0; i < n; i++) {
    printf("%s: step %d\n", name, i);
    yield();
  }
  printf("%s: done\n", name);
}

coroutine void producer(chan ch, int count) {
  for (int i = 1; i <= count; i++) {
    chs(ch, int, i * 10);
    printf("producer: sent %d\n", i * 10);
  }
  chdone(ch, int, -1);
  chclose(ch);
}

coroutine void sleeper(const char *name, int ms, chan done) {
  msleep(now() + ms);
  printf("%s: woke after %d ms\n", name, ms);
  chs(done, int, ms);
}

coroutine void writer(int fd) {
  msleep(now() + 10);
  printf("writer: writing\n");
  if (write(fd, "y", 1) != 1)
    printf("writer: write failed\n");
}

int main(void) {
  go(worker("A", 2));
  go(worker("B", 2));
  printf("main: started A and B\n");
  yield();
  yield();
  yield();

  chan ch = chmake(int, 1);
  go(producer(chdup(ch), 3));
  for (;;) {
    int v = chr(ch, int);
    if (v < 0)
      break;
    printf("main: received %d\n", v);
  }
  chclose(ch);

  chan done = chmake(int, 0);
  go(sleeper("S1", 80, done));
  go(sleeper("S2", 20, done));
  printf("main: sleepers started\n");
  int first = chr(done, int);
  int second = chr(done, int);
  printf("main: sleepers reported %d then %d\n", first, second);
  chclose(done);

  int p[2];
  if (pipe(p) != 0)
    return 1;
  go(writer(p[1]));
  int ev = fdwait(p[0], FDW_IN, now() + 5000);
  char c = 0;
  if (read(p[0], &c, 1) != 1)
    return 1;
  printf("main: fdwait -> %d (FDW_IN=%d), read '%c'\n", ev, FDW_IN, c);
  printf("main: timeout -> %d\n", fdwait(p[0], FDW_IN, now() + 5));
  printf("main: done\n");
  return 0;
}

// CHECK:      A: step 0
// CHECK-NEXT: B: step 0
// CHECK-NEXT: A: step 1
// CHECK-NEXT: main: started A and B
// CHECK-NEXT: B: step 1
// CHECK-NEXT: A: done
// CHECK-NEXT: B: done
// CHECK-NEXT: producer: sent 10
// CHECK-NEXT: main: received 10
// CHECK-NEXT: main: received 20
// CHECK-NEXT: producer: sent 20
// CHECK-NEXT: producer: sent 30
// CHECK-NEXT: main: received 30
// CHECK-NEXT: main: sleepers started
// CHECK-NEXT: S2: woke after 20 ms
// CHECK-NEXT: S1: woke after 80 ms
// CHECK-NEXT: main: sleepers reported 20 then 80
// CHECK-NEXT: writer: writing
// CHECK-NEXT: main: fdwait -> 1 (FDW_IN=1), read 'y'
// CHECK-NEXT: main: timeout -> 0
// CHECK-NEXT: main: done
