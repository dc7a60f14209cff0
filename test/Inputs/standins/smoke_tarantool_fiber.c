/* Smoke test of the Tarantool fiber stand-in: main() is sched; it starts an
 * "init" fiber (like Tarantool's script fiber) and runs the event loop. */
#include "tarantool_fiber.h"
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

static int worker_f(va_list ap) {
  const char *tag = va_arg(ap, const char *);
  int n = va_arg(ap, int);
  for (int i = 0; i < n; i++) {
    printf("%s: step %d in fiber '%s'\n", tag, i, fiber_name(fiber_self()));
    fiber_sleep(0);
  }
  printf("%s: done\n", tag);
  return n * 100;
}

static int sleeper_f(va_list ap) {
  double s = va_arg(ap, double);
  fiber_sleep(s);
  printf("sleeper: woke after %.2f s\n", s);
  return 0;
}

static int waiter_f(va_list ap) {
  (void)ap;
  printf("waiter: yielding until woken\n");
  fiber_yield();
  printf("waiter: woken, cancelled: %d\n", fiber_is_cancelled());
  return 7;
}

static int reader_f(va_list ap) {
  int fd = va_arg(ap, int);
  char c = '?';
  int ev = coio_wait(fd, COIO_READ, 5.0);
  if (read(fd, &c, 1) != 1)
    c = '!';
  printf("reader: events %d (COIO_READ=%d), read '%c'\n", ev, COIO_READ, c);
  return 0;
}

static int writer_f(va_list ap) {
  int fd = va_arg(ap, int);
  fiber_sleep(0.01);
  printf("writer: writing\n");
  if (write(fd, "z", 1) != 1)
    printf("writer: write failed\n");
  return 0;
}

static int cond_waiter_f(va_list ap) {
  struct fiber_cond *cond = va_arg(ap, struct fiber_cond *);
  printf("condwait: waiting\n");
  int rc = fiber_cond_wait(cond);
  printf("condwait: signalled, rc %d\n", rc);
  rc = fiber_cond_wait_timeout(cond, 0.01);
  printf("condwait: second wait rc %d, timed out: %d\n", rc, errno == ETIMEDOUT);
  return 0;
}

static int init_f(va_list ap) {
  (void)ap;
  struct fiber *a = fiber_new("A", worker_f), *b = fiber_new("B", worker_f);
  fiber_set_joinable(a, true);
  fiber_start(a, "A", 2);
  fiber_start(b, "B", 2);
  printf("init: started A and B\n");
  printf("init: joined A -> %d\n", fiber_join(a));

  fiber_start(fiber_new("s80", sleeper_f), 0.08);
  fiber_start(fiber_new("s20", sleeper_f), 0.02);
  printf("init: sleepers started\n");
  fiber_sleep(0.2);

  struct fiber *w = fiber_new("waiter", waiter_f);
  fiber_set_joinable(w, true);
  fiber_start(w);
  printf("init: cancelling waiter\n");
  fiber_cancel(w);
  printf("init: joined waiter -> %d\n", fiber_join(w));

  struct fiber_cond *cond = fiber_cond_new();
  fiber_start(fiber_new("condwait", cond_waiter_f), cond);
  printf("init: signalling\n");
  fiber_cond_signal(cond);
  fiber_sleep(0.2);
  fiber_cond_delete(cond);

  int p[2];
  if (pipe(p) != 0)
    return -1;
  fiber_start(fiber_new("reader", reader_f), p[0]);
  fiber_start(fiber_new("writer", writer_f), p[1]);
  fiber_sleep(0.2);
  printf("init: done in fiber '%s'\n", fiber_name(fiber_self()));
  return 0;
}

int main(void) {
  printf("main: running in '%s'\n", fiber_name(fiber_self()));
  fiber_start(fiber_new("init", init_f));
  printf("main: init yielded, running the loop\n");
  int left = fiber_loop_run(-1);
  printf("main: loop returned with %d fibers alive\n", left);
  return 0;
}

// CHECK:      main: running in 'sched'
// CHECK-NEXT: A: step 0 in fiber 'A'
// CHECK-NEXT: B: step 0 in fiber 'B'
// CHECK-NEXT: init: started A and B
// CHECK-NEXT: main: init yielded, running the loop
// CHECK-NEXT: A: step 1 in fiber 'A'
// CHECK-NEXT: B: step 1 in fiber 'B'
// CHECK-NEXT: A: done
// CHECK-NEXT: B: done
// CHECK-NEXT: init: joined A -> 200
// CHECK-NEXT: init: sleepers started
// CHECK-NEXT: sleeper: woke after 0.02 s
// CHECK-NEXT: sleeper: woke after 0.08 s
// CHECK-NEXT: waiter: yielding until woken
// CHECK-NEXT: init: cancelling waiter
// CHECK-NEXT: waiter: woken, cancelled: 1
// CHECK-NEXT: init: joined waiter -> 7
// CHECK-NEXT: condwait: waiting
// CHECK-NEXT: init: signalling
// CHECK-NEXT: condwait: signalled, rc 0
// CHECK-NEXT: condwait: second wait rc -1, timed out: 1
// CHECK-NEXT: writer: writing
// CHECK-NEXT: reader: events 1 (COIO_READ=1), read 'z'
// CHECK-NEXT: init: done in fiber 'init'
// CHECK-NEXT: main: loop returned with 0 fibers alive
