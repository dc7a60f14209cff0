/* syscalls.c - eight threads, each with a coroutine blocked for 1 s in a
 * different system call: sleep, nanosleep, poll, select, epoll_wait, read
 * (a pipe a helper writes to after 1 s), accept (a helper connects after
 * 1 s) and a futex wait (FUTEX_WAIT with a 1 s timeout). Each coroutine
 * is named after its call (co_sleep, ...). Each call must last its full
 * second: looking at a blocked thread must never cut it short.
 * Prints "CALL took T s" per call, then "all calls took their full time"
 * or a FAIL line. With SWG_TEST_NODUMP=1 the process first makes itself
 * non-dumpable (prctl PR_SET_DUMPABLE 0), which restricts ptrace and
 * /proc access to it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/futex.h>
#include <pcl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int failures;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void took(const char *what, double start) {
  double t = now() - start;
  printf("%s took %.2f s\n", what, t);
  if (t < 0.95) {
    printf("FAIL: %s returned early\n", what);
    atomic_fetch_add(&failures, 1);
  }
}

static int pipefd[2], listener;
static uint32_t futex_word;

static void *later(void *arg) {
  usleep(1000 * 1000);
  if (arg == (void *)1) {
    if (write(pipefd[1], "x", 1) != 1)
      abort();
  } else {
    struct sockaddr_in a = {0};
    socklen_t n = sizeof a;
    getsockname(listener, (struct sockaddr *)&a, &n);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, n))
      abort();
    usleep(200 * 1000);
    close(s);
  }
  return NULL;
}

#define BODY(name, call)                                                       \
  static void co_##name(void *arg) {                                           \
    double start = now();                                                      \
    call;                                                                      \
    took(#name, start);                                                        \
    for (;;)                                                                   \
      co_resume();                                                             \
  }

BODY(sleep, sleep(1))
BODY(nanosleep, nanosleep(&(struct timespec){1, 0}, NULL))
BODY(poll, poll(NULL, 0, 1000))
BODY(select, select(0, NULL, NULL, NULL, &(struct timeval){1, 0}))
BODY(epoll_wait, {
  int ep = epoll_create1(0);
  struct epoll_event ev;
  epoll_wait(ep, &ev, 1, 1000);
  close(ep);
})
BODY(read, {
  char c;
  pthread_t h;
  pthread_create(&h, NULL, later, (void *)1);
  if (read(pipefd[0], &c, 1) != 1)
    abort();
  pthread_join(h, NULL);
})
BODY(accept, {
  pthread_t h;
  pthread_create(&h, NULL, later, (void *)2);
  int s = accept(listener, NULL, NULL);
  close(s);
  pthread_join(h, NULL);
})
BODY(futex, syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0,
                    &(struct timespec){1, 0}, NULL, 0))

static void (*bodies[])(void *) = {co_sleep, co_nanosleep, co_poll,
                                   co_select, co_epoll_wait, co_read,
                                   co_accept, co_futex};

static void *run(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(bodies[(long)arg], NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char *nodump = getenv("SWG_TEST_NODUMP");
  if (nodump && *nodump == '1')
    prctl(PR_SET_DUMPABLE, 0);
  printf("dumpable=%d uid=%d\n", prctl(PR_GET_DUMPABLE), (int)getuid());
  if (pipe(pipefd))
    return 1;
  listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET,
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(listener, (struct sockaddr *)&a, sizeof a) || listen(listener, 1))
    return 1;
  pthread_t t[8];
  for (long i = 0; i < 8; i++)
    pthread_create(&t[i], NULL, run, (void *)i);
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], NULL);
  if (!failures)
    printf("all calls took their full time\n");
  return failures != 0;
}
