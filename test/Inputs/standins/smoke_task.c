/* Smoke test of the libtask stand-in: taskmain started by the header's
 * main(), yielding tasks, taskdelay and an fd read served by fdtask. */
#define TASK_MAIN_IMPL
#include "task.h"
#include <stdint.h>
#include <stdio.h>

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
// CHECK-NEXT: taskmain: done
