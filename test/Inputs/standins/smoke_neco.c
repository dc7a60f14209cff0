/* Smoke test of the Neco stand-in: neco_main convention, coroutines that
 * yield, join, a buffered channel, sleeps, suspend and resume. */
#include "neco.h"
#include <stdio.h>
#include <unistd.h>

static void worker(int argc, void *argv[]) {
  (void)argc;
  const char *name = (const char *)argv[0];
  for (int i = 0; i < 2; i++) {
    printf("%s: step %d (id %lld)\n", name, i, (long long)neco_getid());
    neco_yield();
  }
  printf("%s: done\n", name);
}

static void sender(int argc, void *argv[]) {
  (void)argc;
  neco_chan *ch = (neco_chan *)argv[0];
  for (int i = 1; i <= 3; i++) {
    int v = i * 10;
    neco_chan_send(ch, &v);
    printf("sender: sent %d\n", v);
  }
  neco_chan_close(ch);
  neco_chan_release(ch);
}

static void sleeper(int argc, void *argv[]) {
  (void)argc;
  int64_t ms = *(int64_t *)argv[0]; /* copy before the first neco_ call */
  neco_sleep(ms * NECO_MILLISECOND);
  printf("sleeper: woke after %lld ms\n", (long long)ms);
}

static void reader(int argc, void *argv[]) {
  (void)argc;
  int fd = *(int *)argv[0];
  char buf[8];
  ssize_t n = neco_read(fd, buf, sizeof buf);
  printf("reader: %zd bytes '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
  int rc = neco_wait_dl(fd, NECO_WAIT_READ, neco_now() + 5 * NECO_MILLISECOND);
  printf("reader: second wait -> %s\n", neco_strerror(rc));
}

static void suspender(int argc, void *argv[]) {
  (void)argc;
  (void)argv;
  printf("suspender: suspending\n");
  neco_suspend();
  printf("suspender: resumed\n");
}

int neco_main(int argc, char *argv[]) {
  (void)argc;
  (void)argv;
  printf("main: id %lld, starter %lld\n", (long long)neco_getid(), (long long)neco_starterid());
  neco_start(worker, 1, "A");
  neco_start(worker, 1, "B");
  printf("main: started A and B\n");
  neco_join(neco_lastid());
  printf("main: joined B\n");

  neco_chan *ch = NULL;
  neco_chan_make(&ch, sizeof(int), 1);
  neco_chan_retain(ch);
  neco_start(sender, 1, ch);
  int v, rc;
  while ((rc = neco_chan_recv(ch, &v)) == NECO_OK)
    printf("main: received %d\n", v);
  printf("main: recv -> %s\n", neco_strerror(rc));
  neco_chan_release(ch);

  int64_t a = 80, b = 20;
  neco_start(sleeper, 1, &a);
  neco_start(sleeper, 1, &b);
  printf("main: sleepers started\n");
  neco_sleep(200 * NECO_MILLISECOND);

  int p[2];
  if (pipe(p) != 0)
    return 1;
  neco_start(reader, 1, &p[0]);
  neco_sleep(10 * NECO_MILLISECOND);
  printf("main: writing\n");
  neco_write(p[1], "hey", 3);
  neco_join(neco_lastid());

  neco_start(suspender, 0);
  int64_t sid = neco_lastid();
  neco_yield();
  int first = neco_resume(sid);
  int again = neco_resume(sid);
  printf("main: resume -> %d, again -> %d (NECO_NOTSUSPENDED)\n", first, again);
  neco_join(sid);
  printf("main: done\n");
  return 0;
}

// CHECK:      main: id 1, starter 0
// CHECK-NEXT: A: step 0 (id 2)
// CHECK-NEXT: B: step 0 (id 3)
// CHECK-NEXT: main: started A and B
// CHECK-NEXT: A: step 1 (id 2)
// CHECK-NEXT: B: step 1 (id 3)
// CHECK-NEXT: A: done
// CHECK-NEXT: B: done
// CHECK-NEXT: main: joined B
// CHECK-NEXT: sender: sent 10
// CHECK-NEXT: main: received 10
// CHECK-NEXT: main: received 20
// CHECK-NEXT: sender: sent 20
// CHECK-NEXT: sender: sent 30
// CHECK-NEXT: main: received 30
// CHECK-NEXT: main: recv -> Channel closed
// CHECK-NEXT: main: sleepers started
// CHECK-NEXT: sleeper: woke after 20 ms
// CHECK-NEXT: sleeper: woke after 80 ms
// CHECK-NEXT: main: writing
// CHECK-NEXT: reader: 3 bytes 'hey'
// CHECK-NEXT: reader: second wait -> Deadline exceeded
// CHECK-NEXT: suspender: suspending
// CHECK-NEXT: main: resume -> 0, again -> -18 (NECO_NOTSUSPENDED)
// CHECK-NEXT: suspender: resumed
// CHECK-NEXT: main: done
