/* neco.h -- switchguard test stand-in for Neco (tidwall,
 *           https://github.com/tidwall/neco)
 *
 * This is NOT Neco.  It is switchguard's own small stand-in, written from
 * Neco's documented public API (neco.h, docs/API.md), so tests can build
 * and run programs shaped like Neco programs.  No code comes from the real
 * project.  Header-only (everything `static`); use it from one translation
 * unit.  Switches with POSIX ucontext.
 *
 * Covered: neco_start, neco_startv, neco_yield, neco_sleep, neco_sleep_dl,
 *   neco_join, neco_suspend, neco_resume, neco_exit, neco_getid,
 *   neco_lastid, neco_starterid, neco_now, neco_wait, neco_wait_dl
 *   (NECO_WAIT_READ/WRITE), neco_read, neco_read_dl, neco_write,
 *   neco_write_dl (they make the fd non-blocking), neco_chan_make, neco_chan_retain,
 *   neco_chan_release, neco_chan_send, neco_chan_recv, neco_chan_close,
 *   neco_strerror, the NECO_* result codes and time units, and the
 *   neco_main convention (write `int neco_main(int argc, char *argv[])`;
 *   the macro renames it __neco_main, as Neco's does, and runs it as a
 *   coroutine from a generated main(); its return value is the exit status).
 * Not covered: deadlines on channels/joins, cancellation, generators,
 *   mutexes, waitgroups, accept/connect/dial/serve, signals, workers, streams.
 *
 * Shape for switchguard:
 *   create   neco_start(fn, argc, ...) / neco_startv(fn, argc, argv): no
 *            handle is returned (result code); the id is neco_lastid() in
 *            the starter and neco_getid() inside.  Entry: fn (arg0).  Inside
 *            a coroutine the child runs at once (the caller is queued right
 *            behind it).  Outside any coroutine, neco_start starts the
 *            runtime and does not return until every coroutine has ended.
 *   yield / yielding calls: neco_yield, neco_sleep, neco_sleep_dl,
 *            neco_suspend, neco_join, neco_wait(_dl), neco_read(_dl),
 *            neco_write(_dl), neco_chan_send (when full),
 *            neco_chan_recv (when empty), neco_start (inside a coroutine).
 *   resume   neco_resume(id) only makes a suspended coroutine runnable.
 *   exit     neco_exit(), or return from fn.  destroy: automatic.
 *   hub      the run loop inside the outermost neco_start call, on the
 *            native stack of that thread.  Every switch is coroutine <-> loop;
 *            when nothing is runnable the loop waits in poll(2) there.
 *            Deadlock (everything waits forever) prints a line and aborts.
 * The ucontext calls go through volatile function pointers so that a tracer
 * that knows POSIX ucontext sees only the neco_* calls.
 */
#ifndef NECO_H
#define NECO_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define NECO_NANOSECOND INT64_C(1)
#define NECO_MICROSECOND INT64_C(1000)
#define NECO_MILLISECOND INT64_C(1000000)
#define NECO_SECOND INT64_C(1000000000)
#define NECO_MINUTE INT64_C(60000000000)
#define NECO_HOUR INT64_C(3600000000000)

#define NECO_OK 0
#define NECO_ERROR -1
#define NECO_INVAL -2
#define NECO_PERM -3
#define NECO_NOMEM -4
#define NECO_EOF -5
#define NECO_NOTFOUND -6
#define NECO_NOSIGWATCH -7
#define NECO_CLOSED -8
#define NECO_EMPTY -9
#define NECO_TIMEDOUT -10
#define NECO_CANCELED -11
#define NECO_BUSY -12
#define NECO_NEGWAITGRP -13
#define NECO_GAIERROR -14
#define NECO_UNREADFAIL -15
#define NECO_PARTIALWRITE -16
#define NECO_NOTGENERATOR -17
#define NECO_NOTSUSPENDED -18

#define NECO_WAIT_READ 1
#define NECO_WAIT_WRITE 2

#ifndef NECO_STACK_SIZE
#define NECO_STACK_SIZE (256 * 1024)
#endif

enum { NECO__READY, NECO__SLEEPING, NECO__SUSPENDED, NECO__WAITING, NECO__DEAD };

struct neco__co {
  ucontext_t ctx;
  void *stk;
  int64_t id, starter, lastid, deadline;
  void (*fn)(int argc, void *argv[]);
  int argc, state, result, fd;
  short events;
  void **argv;
  void *data;                      /* channel value in transit */
  struct neco__co *next;           /* run queue, sleepers or fd waiters */
  struct neco__co *qnext;          /* channel queue or joiners */
  struct neco__co *allnext, *joiners;
};

typedef struct neco_chan neco_chan;
struct neco_chan {
  size_t dsz, cap, items, first;
  char *buf;
  int closed, rc;
  struct neco__co *sendq, *recvq;
};

static _Thread_local int neco__active, neco__live;
static _Thread_local ucontext_t neco__loopctx;
static _Thread_local struct neco__co *neco__running, *neco__runq, *neco__runq_tail;
static _Thread_local struct neco__co *neco__sleepers, *neco__fdwaiters, *neco__all;
static _Thread_local int64_t neco__idgen;

static int (*volatile neco__swapcontext)(ucontext_t *, const ucontext_t *) = swapcontext;
static void (*volatile neco__makecontext)(ucontext_t *, void (*)(void), int, ...) = makecontext;
static int (*volatile neco__getcontext)(ucontext_t *) = getcontext;

static inline int64_t neco_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * NECO_SECOND + ts.tv_nsec;
}

static void neco__ready(struct neco__co *co, int front) {
  co->state = NECO__READY;
  if (front) {
    co->next = neco__runq;
    neco__runq = co;
    if (!neco__runq_tail) neco__runq_tail = co;
    return;
  }
  co->next = NULL;
  if (neco__runq_tail) neco__runq_tail->next = co; else neco__runq = co;
  neco__runq_tail = co;
}

/* Parks the running coroutine (already queued somewhere) in the loop. */
static void neco__to_loop(void) { neco__swapcontext(&neco__running->ctx, &neco__loopctx); }

static inline void neco_exit(void) {
  if (!neco__running) return;
  neco__running->state = NECO__DEAD;
  neco__to_loop();
}

static void neco__entry(void) {
  neco__running->fn(neco__running->argc, neco__running->argv);
  neco_exit();
}

/* Wakes fd waiters whose fd is ready or whose deadline passed; with
 * `block`, first waits in poll(2) until one of them or a sleeper is due. */
static void neco__poll(int block) {
  struct pollfd pfd[64];
  struct neco__co *pco[64], *co, **p;
  int n = 0, timeout = 0;
  int64_t next = neco__sleepers ? neco__sleepers->deadline : -1, t;
  for (co = neco__fdwaiters; co; co = co->next) {
    if (n < 64) {
      pfd[n] = (struct pollfd){.fd = co->fd, .events = co->events};
      pco[n++] = co;
    }
    if (co->deadline >= 0 && (next < 0 || co->deadline < next)) next = co->deadline;
  }
  if (block) {
    if (n == 0 && next < 0) {
      fprintf(stderr, "neco stand-in: every coroutine waits forever\n");
      abort();
    }
    t = next - neco_now();
    timeout = next < 0 ? -1 : t <= 0 ? 0 : (int)((t + NECO_MILLISECOND - 1) / NECO_MILLISECOND);
  }
  if ((n > 0 || timeout != 0) && poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) abort();
  t = neco_now();
  for (int i = 0; i < n; i++)
    if (pfd[i].revents) pco[i]->result = NECO_OK;
  for (p = &neco__fdwaiters; (co = *p);) { /* ready, or past its deadline */
    if (co->result != NECO_OK && !(co->deadline >= 0 && co->deadline <= t)) {
      p = &co->next;
      continue;
    }
    *p = co->next;
    neco__ready(co, 0);
  }
}

static void neco__loop(void) {
  for (;;) {
    int64_t t = neco_now();
    while (neco__sleepers && neco__sleepers->deadline <= t) {
      struct neco__co *s = neco__sleepers;
      neco__sleepers = s->next;
      neco__ready(s, 0);
    }
    if (neco__fdwaiters) neco__poll(0);
    struct neco__co *co = neco__runq;
    if (!co) {
      if (neco__live == 0) return;
      neco__poll(1);
      continue;
    }
    neco__runq = co->next;
    if (!neco__runq) neco__runq_tail = NULL;
    neco__running = co;
    neco__swapcontext(&neco__loopctx, &co->ctx);
    neco__running = NULL;
    if (co->state == NECO__DEAD) {
      struct neco__co **p;
      while (co->joiners) {
        struct neco__co *j = co->joiners;
        co->joiners = j->qnext;
        neco__ready(j, 0);
      }
      for (p = &neco__all; *p; p = &(*p)->allnext)
        if (*p == co) { *p = co->allnext; break; }
      neco__live--;
      free(co->stk);
      free(co->argv);
      free(co);
    }
  }
}

static inline int neco_startv(void (*coroutine)(int argc, void *argv[]), int argc, void *argv[]) {
  if (!coroutine || argc < 0) return NECO_INVAL;
  struct neco__co *co = (struct neco__co *)calloc(1, sizeof *co);
  if (!co || !(co->stk = malloc(NECO_STACK_SIZE)) ||
      !(co->argv = (void **)calloc((size_t)argc + 1, sizeof(void *)))) {
    if (co) free(co->stk);
    free(co);
    return NECO_NOMEM;
  }
  if (argc) memcpy(co->argv, argv, (size_t)argc * sizeof(void *));
  co->argc = argc;
  co->fn = coroutine;
  co->id = ++neco__idgen;
  co->starter = neco__running ? neco__running->id : 0;
  neco__getcontext(&co->ctx);
  co->ctx.uc_stack.ss_sp = co->stk;
  co->ctx.uc_stack.ss_size = NECO_STACK_SIZE;
  co->ctx.uc_link = NULL;
  neco__makecontext(&co->ctx, neco__entry, 0);
  co->allnext = neco__all;
  neco__all = co;
  neco__live++;
  if (!neco__active) { /* first start on this thread: become the run loop */
    neco__active = 1;
    neco__ready(co, 0);
    neco__loop();
    neco__active = 0;
    return NECO_OK;
  }
  if (!neco__running) {
    neco__ready(co, 0);
    return NECO_OK;
  }
  neco__running->lastid = co->id;
  neco__ready(neco__running, 1); /* the child first, then the caller */
  neco__ready(co, 1);
  neco__to_loop();
  return NECO_OK;
}

static inline int neco_start(void (*coroutine)(int argc, void *argv[]), int argc, ...) {
  void *argv[argc > 0 ? argc : 1];
  va_list ap;
  va_start(ap, argc);
  for (int i = 0; i < argc; i++) argv[i] = va_arg(ap, void *);
  va_end(ap);
  return neco_startv(coroutine, argc, argv);
}

static inline int neco_yield(void) {
  if (!neco__running) return NECO_PERM;
  neco__ready(neco__running, 0);
  neco__to_loop();
  return NECO_OK;
}

static inline int neco_sleep_dl(int64_t deadline) {
  struct neco__co *me = neco__running, **p = &neco__sleepers;
  if (!me) return NECO_PERM;
  me->deadline = deadline;
  me->state = NECO__SLEEPING;
  while (*p && (*p)->deadline <= deadline) p = &(*p)->next;
  me->next = *p;
  *p = me;
  neco__to_loop();
  return NECO_OK;
}

static inline int neco_sleep(int64_t nanosecs) { return neco_sleep_dl(neco_now() + nanosecs); }

/* Parks until fd is readable (NECO_WAIT_READ) or writable (NECO_WAIT_WRITE)
 * or the deadline (ns, neco_now() clock) passes: NECO_OK / NECO_TIMEDOUT. */
static inline int neco_wait_dl(int fd, int mode, int64_t deadline) {
  struct neco__co *me = neco__running;
  if (!me) return NECO_PERM;
  if (fd < 0 || !(mode & (NECO_WAIT_READ | NECO_WAIT_WRITE))) return NECO_INVAL;
  me->fd = fd;
  me->events = (short)((mode & NECO_WAIT_READ ? POLLIN : 0) |
                       (mode & NECO_WAIT_WRITE ? POLLOUT : 0));
  me->deadline = deadline == INT64_MAX ? -1 : deadline;
  me->result = NECO_TIMEDOUT;
  me->state = NECO__WAITING;
  me->next = neco__fdwaiters;
  neco__fdwaiters = me;
  neco__to_loop();
  return me->result;
}
static inline int neco_wait(int fd, int mode) { return neco_wait_dl(fd, mode, INT64_MAX); }

/* read(2)/write(2) that park the coroutine instead of blocking the thread;
 * on a deadline they fail with errno ETIMEDOUT. */
static ssize_t neco__io(int fd, void *rbuf, const void *wbuf, size_t n, int64_t deadline) {
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0 && !(fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  for (;;) {
    ssize_t r = rbuf ? read(fd, rbuf, n) : write(fd, wbuf, n);
    if (r >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return r;
    int rc = neco_wait_dl(fd, rbuf ? NECO_WAIT_READ : NECO_WAIT_WRITE, deadline);
    if (rc != NECO_OK) {
      errno = rc == NECO_TIMEDOUT ? ETIMEDOUT : EPERM;
      return -1;
    }
  }
}
static inline ssize_t neco_read_dl(int fd, void *data, size_t nbytes, int64_t deadline) {
  return neco__io(fd, data, NULL, nbytes, deadline);
}
static inline ssize_t neco_read(int fd, void *data, size_t nbytes) {
  return neco__io(fd, data, NULL, nbytes, INT64_MAX);
}
static inline ssize_t neco_write_dl(int fd, const void *data, size_t nbytes, int64_t deadline) {
  return neco__io(fd, NULL, data, nbytes, deadline);
}
static inline ssize_t neco_write(int fd, const void *data, size_t nbytes) {
  return neco__io(fd, NULL, data, nbytes, INT64_MAX);
}

static struct neco__co *neco__find(int64_t id) {
  for (struct neco__co *co = neco__all; co; co = co->allnext)
    if (co->id == id) return co;
  return NULL;
}

static inline int neco_suspend(void) {
  if (!neco__running) return NECO_PERM;
  neco__running->state = NECO__SUSPENDED;
  neco__to_loop();
  return NECO_OK;
}

static inline int neco_resume(int64_t id) {
  struct neco__co *co = neco__find(id);
  if (!co) return NECO_NOTFOUND;
  if (co->state != NECO__SUSPENDED) return NECO_NOTSUSPENDED;
  neco__ready(co, 0);
  return NECO_OK;
}

static inline int neco_join(int64_t id) {
  struct neco__co *co = neco__find(id), *me = neco__running;
  if (!me) return NECO_PERM;
  if (!co || co->state == NECO__DEAD) return NECO_OK;
  if (co == me) return NECO_PERM;
  me->qnext = co->joiners;
  co->joiners = me;
  me->state = NECO__WAITING;
  neco__to_loop();
  return NECO_OK;
}

static inline int64_t neco_getid(void) { return neco__running ? neco__running->id : 0; }
static inline int64_t neco_lastid(void) { return neco__running ? neco__running->lastid : 0; }
static inline int64_t neco_starterid(void) { return neco__running ? neco__running->starter : 0; }

static inline int neco_chan_make(neco_chan **chan, size_t data_size, size_t capacity) {
  if (!chan) return NECO_INVAL;
  neco_chan *ch = (neco_chan *)calloc(1, sizeof *ch);
  if (!ch || !(ch->buf = (char *)malloc(data_size * capacity + 1))) {
    free(ch);
    return NECO_NOMEM;
  }
  ch->dsz = data_size;
  ch->cap = capacity;
  ch->rc = 1;
  *chan = ch;
  return NECO_OK;
}

static inline int neco_chan_retain(neco_chan *chan) {
  if (!chan) return NECO_INVAL;
  chan->rc++;
  return NECO_OK;
}

static inline int neco_chan_release(neco_chan *chan) {
  if (!chan) return NECO_INVAL;
  if (--chan->rc == 0) {
    free(chan->buf);
    free(chan);
  }
  return NECO_OK;
}

/* Queues `me` on a channel queue and parks it until a peer or close. */
static int neco__chan_wait(struct neco__co **q, void *data) {
  struct neco__co *me = neco__running;
  me->data = data;
  me->qnext = NULL;
  while (*q) q = &(*q)->qnext;
  *q = me;
  me->state = NECO__WAITING;
  neco__to_loop();
  return me->result;
}

static inline int neco_chan_send(neco_chan *chan, void *data) {
  if (!chan) return NECO_INVAL;
  if (!neco__running) return NECO_PERM;
  if (chan->closed) return NECO_CLOSED;
  struct neco__co *r = chan->recvq;
  if (r) { /* hand it to a waiting receiver */
    chan->recvq = r->qnext;
    if (chan->dsz && r->data) memcpy(r->data, data, chan->dsz);
    r->result = NECO_OK;
    neco__ready(r, 0);
    return NECO_OK;
  }
  if (chan->items < chan->cap) {
    memcpy(chan->buf + ((chan->first + chan->items++) % chan->cap) * chan->dsz, data, chan->dsz);
    return NECO_OK;
  }
  return neco__chan_wait(&chan->sendq, data);
}

static inline int neco_chan_recv(neco_chan *chan, void *data) {
  if (!chan) return NECO_INVAL;
  if (!neco__running) return NECO_PERM;
  struct neco__co *s = chan->sendq;
  if (chan->items > 0) {
    if (data) memcpy(data, chan->buf + chan->first * chan->dsz, chan->dsz);
    chan->first = (chan->first + 1) % chan->cap;
    chan->items--;
    if (s) { /* room now: move a waiting sender's value in */
      chan->sendq = s->qnext;
      size_t at = (chan->first + chan->items++) % chan->cap;
      memcpy(chan->buf + at * chan->dsz, s->data, chan->dsz);
      s->result = NECO_OK;
      neco__ready(s, 0);
    }
    return NECO_OK;
  }
  if (s) {
    chan->sendq = s->qnext;
    if (data && chan->dsz) memcpy(data, s->data, chan->dsz);
    s->result = NECO_OK;
    neco__ready(s, 0);
    return NECO_OK;
  }
  if (chan->closed) return NECO_CLOSED;
  return neco__chan_wait(&chan->recvq, data);
}

static inline int neco_chan_close(neco_chan *chan) {
  if (!chan) return NECO_INVAL;
  if (chan->closed) return NECO_CLOSED;
  chan->closed = 1;
  struct neco__co **qs[2] = {&chan->recvq, &chan->sendq};
  for (int i = 0; i < 2; i++)
    while (*qs[i]) {
      struct neco__co *w = *qs[i];
      *qs[i] = w->qnext;
      w->result = NECO_CLOSED;
      neco__ready(w, 0);
    }
  return NECO_OK;
}

static inline const char *neco_strerror(ssize_t errcode) {
  static const char *const text[] = {
      "Success", "System error", "Invalid argument", "Operation not permitted",
      "Cannot allocate memory", "End of file", "No such coroutine",
      "Not watching on a signal", "Channel closed", "Channel empty",
      "Deadline exceeded", "Operation canceled", "Resource busy",
      "Negative waitgroup counter", "Address resolution error",
      "Failed to unread byte", "Failed to write all data", "Not a generator",
      "Coroutine not suspended"};
  if (errcode <= 0 && -errcode < (ssize_t)(sizeof text / sizeof text[0]))
    return text[-errcode];
  return "Unknown error";
}

/* `int neco_main(int argc, char *argv[]) { ... }` defines __neco_main (the
 * name Neco's own macro gives it), run as the first coroutine by a
 * generated main(); its return value is the exit status. */
#define neco_main                                                              \
  __neco_main(int argc, char *argv[]);                                         \
  static void neco__main_co(int argc, void *argv[]) {                          \
    (void)argc;                                                                \
    exit(__neco_main(*(int *)argv[0], *(char ***)argv[1]));                    \
  }                                                                            \
  int main(int argc, char *argv[]) {                                           \
    int rc = neco_start(neco__main_co, 2, &argc, &argv);                       \
    fprintf(stderr, "neco_start: %s (code %d)\n", neco_strerror(rc), rc);      \
    return 1;                                                                  \
  }                                                                            \
  int __neco_main

#endif /* NECO_H */
