/* Smoke test of the libtask stand-in: taskmain started by task.c's main(),
 * yielding tasks, taskdelay and an fd read served by fdtask, a lock and a
 * Rendez, channels. */
#include "task.h"
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static void counter(void *arg) {
  taskname("counter-%s", (char *)arg);
  for (int i = 0; i < 2; i++) {
    printf("%s: step %d\n", taskgetname(), i);
    taskyield();
  }
  printf("%s: done\n", taskgetname());
}

static void sleeper(void *arg) {
  unsigned int ms = (unsigned int)(uintptr_t)arg;
  taskname("sleeper-%u", ms);
  unsigned int slept = taskdelay(ms);
  printf("%s: woke, slept enough: %d\n", taskgetname(), slept >= ms);
}

static void reader(void *arg) {
  int fd = *(int *)arg;
  char buf[8];
  fdnoblock(fd);
  int n = fdread(fd, buf, sizeof buf);
  printf("reader: %d bytes '%.*s'\n", n, n > 0 ? n : 0, buf);
}

static QLock lock;
static Rendez cond = {&lock, {NULL, NULL}};
static int items;

static void consumer(void *arg) {
  (void)arg;
  qlock(&lock);
  while (items == 0) {
    printf("consumer: sleeping\n");
    tasksleep(&cond);
  }
  printf("consumer: took item %d\n", items--);
  qunlock(&lock);
}

static void sender(void *arg) {
  Channel *c = (Channel *)arg;
  for (unsigned long i = 1; i <= 3; i++) {
    chansendul(c, i * 10);
    printf("sender: sent %lu\n", i * 10);
  }
  chansendp(c, NULL);
}

void taskmain(int argc, char *argv[]) {
  (void)argc;
  (void)argv;
  printf("taskmain: running as '%s', id %u\n", taskgetname(), taskid());
  taskcreate(counter, "A", 32768);
  taskcreate(counter, "B", 32768);
  printf("taskmain: yield saw %d other tasks run\n", taskyield());
  taskyield();
  taskyield();

  static int p[2];
  if (pipe(p) != 0)
    taskexitall(1);
  taskcreate(reader, &p[0], 32768);
  taskdelay(5);
  printf("taskmain: writing\n");
  fdwrite(p[1], "hi", 2);
  taskdelay(50);

  taskcreate(sleeper, (void *)(uintptr_t)80, 32768);
  taskcreate(sleeper, (void *)(uintptr_t)20, 32768);
  taskdelay(200);

  taskcreate(consumer, NULL, 32768);
  taskyield();
  qlock(&lock);
  items = 1;
  printf("taskmain: woke %d\n", taskwakeup(&cond));
  qunlock(&lock);
  taskyield();

  Channel *unbuf = chancreate(sizeof(unsigned long), 0);
  taskcreate(sender, unbuf, 32768);
  for (int i = 0; i < 3; i++)
    printf("taskmain: received %lu\n", chanrecvul(unbuf));
  printf("taskmain: last %s\n", chanrecvp(unbuf) == NULL ? "NULL" : "?");
  Channel *buf = chancreate(sizeof(int), 2);
  int v = 7, w = 0;
  printf("taskmain: nb recv on empty %d\n", channbrecv(buf, &w));
  chansend(buf, &v);
  v = 8;
  chansend(buf, &v);
  printf("taskmain: nb send on full %d\n", channbsend(buf, &v));
  chanrecv(buf, &w);
  printf("taskmain: buffered %d", w);
  chanrecv(buf, &w);
  printf(" %d\n", w);
  chanfree(unbuf);
  chanfree(buf);
  printf("taskmain: done\n");
}

// CHECK:      taskmain: running as 'taskmain', id 1
// CHECK-NEXT: counter-A: step 0
// CHECK-NEXT: counter-B: step 0
// CHECK-NEXT: taskmain: yield saw 2 other tasks run
// CHECK-NEXT: counter-A: step 1
// CHECK-NEXT: counter-B: step 1
// CHECK-NEXT: counter-A: done
// CHECK-NEXT: counter-B: done
// CHECK-NEXT: taskmain: writing
// CHECK-NEXT: reader: 2 bytes 'hi'
// CHECK-NEXT: sleeper-20: woke, slept enough: 1
// CHECK-NEXT: sleeper-80: woke, slept enough: 1
// CHECK-NEXT: consumer: sleeping
// CHECK-NEXT: taskmain: woke 1
// CHECK-NEXT: consumer: took item 1
// CHECK-NEXT: sender: sent 10
// CHECK-NEXT: taskmain: received 10
// CHECK-NEXT: taskmain: received 20
// CHECK-NEXT: sender: sent 20
// CHECK-NEXT: sender: sent 30
// CHECK-NEXT: taskmain: received 30
// CHECK-NEXT: taskmain: last NULL
// CHECK-NEXT: taskmain: nb recv on empty -1
// CHECK-NEXT: taskmain: nb send on full -1
// CHECK-NEXT: taskmain: buffered 7 8
// CHECK-NEXT: taskmain: done
