/* libmill.c -- the implementation of switchguard's libmill stand-in (see
 * libmill.h).  Compile it with the program, as libmill's users compile
 * libmill.  The scheduler runs inside the yielding calls, on the stack of
 * the coroutine that blocks: it jumps to the next ready coroutine's saved
 * context, or waits in poll(2) until a descriptor is ready or the earliest
 * deadline passes.
 */
#include "libmill.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MILL_STACK_SIZE (256 * 1024)
#define MILL_VALBUF 128 /* largest channel element */
#define MILL_MAX_FDS 64

volatile int mill_unoptimisable1_ = 16;
volatile void *mill_unoptimisable2_ = NULL;

struct mill_cr {
#if defined MILL_ASM_CTX_
  uint64_t ctx[8]; /* what mill_setjmp_ saves */
#else
  sigjmp_buf ctx;
#endif
  struct mill_cr *next, *qnext, **wq; /* run/blocked/zombie list; chan queue */
  void *stk;
  void *cls;
  int blocked, result, fd;
  short events;
  int64_t deadline;
  const void *sval;
  char valbuf[MILL_VALBUF];
};

struct mill_chan_ {
  size_t sz, bufsz, items, first;
  char *buf;
  struct mill_cr *senders, *receivers;
  int done, refcount;
  char doneval[MILL_VALBUF];
};

static struct mill_cr mill_main = {.fd = -1, .deadline = -1}; /* native stack */
static struct mill_cr *mill_running, *mill_ready, *mill_ready_tail;
static struct mill_cr *mill_blocked, *mill_zombies;

#if defined MILL_ASM_CTX_
#define mill_longjmp_(ctx)                                                     \
  do {                                                                         \
    __asm__ volatile("movq 0(%%rdx), %%rbx\n\t"                                \
                     "movq 8(%%rdx), %%rbp\n\t"                                \
                     "movq 16(%%rdx), %%r12\n\t"                               \
                     "movq 24(%%rdx), %%r13\n\t"                               \
                     "movq 32(%%rdx), %%r14\n\t"                               \
                     "movq 40(%%rdx), %%r15\n\t"                               \
                     "movq 48(%%rdx), %%rsp\n\t"                               \
                     "movl $1, %%eax\n\t"                                      \
                     "jmpq *56(%%rdx)\n\t"                                     \
                     :                                                         \
                     : "d"(ctx)                                                \
                     : "memory");                                              \
    __builtin_unreachable();                                                   \
  } while (0)
#else
#define mill_longjmp_(ctx) siglongjmp(*(ctx), 1)
#endif

int64_t mill_now_(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static mill_ctx mill_ctxof(struct mill_cr *cr) {
#if defined MILL_ASM_CTX_
  return cr->ctx;
#else
  return &cr->ctx;
#endif
}

static struct mill_cr *mill_cur(void) {
  return mill_running ? mill_running : (mill_running = &mill_main);
}

static void mill_panic(const char *what, const char *where) {
  fprintf(stderr, "libmill stand-in: %s (%s)\n", what, where);
  abort();
}

static void mill_push_ready(struct mill_cr *cr) {
  cr->next = NULL;
  if (mill_ready_tail)
    mill_ready_tail->next = cr;
  else
    mill_ready = cr;
  mill_ready_tail = cr;
}

static void mill_wake(struct mill_cr *cr, int result) {
  struct mill_cr **p;
  if (!cr->blocked)
    return;
  for (p = &mill_blocked; *p != cr; p = &(*p)->next) {
  }
  *p = cr->next;
  for (p = cr->wq; p && *p; p = &(*p)->qnext)
    if (*p == cr) {
      *p = cr->qnext;
      break;
    }
  cr->wq = NULL;
  cr->blocked = 0;
  cr->result = result;
  cr->fd = -1;
  cr->deadline = -1;
  mill_push_ready(cr);
}

/* Wakes coroutines whose fd is ready or whose deadline passed; with `block`,
 * first waits in poll(2) until one of them is due. */
static void mill_poll(int block) {
  struct pollfd pfd[MILL_MAX_FDS];
  struct mill_cr *pcr[MILL_MAX_FDS], *cr, *best;
  int n = 0, timeout = 0;
  int64_t next = -1, t;
  for (cr = mill_blocked; cr; cr = cr->next) {
    if (cr->fd >= 0 && n < MILL_MAX_FDS) {
      pfd[n] = (struct pollfd){.fd = cr->fd, .events = cr->events};
      pcr[n++] = cr;
    }
    if (cr->deadline >= 0 && (next < 0 || cr->deadline < next))
      next = cr->deadline;
  }
  if (block) {
    if (n == 0 && next < 0)
      mill_panic("every coroutine waits forever", "scheduler");
    t = next - mill_now_();
    timeout = next < 0 ? -1 : t < 0 ? 0 : (int)t;
  }
  if ((n > 0 || timeout != 0) && poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR)
    mill_panic("poll failed", "scheduler");
  for (int i = 0; i < n; i++) {
    short re = pfd[i].revents;
    int ev = (re & POLLIN ? MILL_FDW_IN_ : 0) | (re & POLLOUT ? MILL_FDW_OUT_ : 0) |
             (re & (POLLERR | POLLHUP | POLLNVAL) ? MILL_FDW_ERR_ : 0);
    if (ev)
      mill_wake(pcr[i], ev);
  }
  for (t = mill_now_();;) { /* expired deadlines, earliest first */
    best = NULL;
    for (cr = mill_blocked; cr; cr = cr->next)
      if (cr->deadline >= 0 && cr->deadline <= t && (!best || cr->deadline < best->deadline))
        best = cr;
    if (!best)
      break;
    mill_wake(best, 0);
  }
}

/* The scheduler: runs on the stack of whoever calls it, never returns. */
__attribute__((noreturn)) static void mill_schedule(void) {
  for (;;) {
    if (mill_blocked)
      mill_poll(0);
    struct mill_cr *cr = mill_ready;
    if (cr) {
      if (!(mill_ready = cr->next))
        mill_ready_tail = NULL;
      mill_running = cr;
      mill_longjmp_(mill_ctxof(cr));
    }
    mill_poll(1);
  }
}

/* Back on our stack after a jump: frees finished coroutines, whose stacks
 * nobody runs on any more. */
static void mill_resumed(void) {
  while (mill_zombies) {
    struct mill_cr *z = mill_zombies;
    mill_zombies = z->next;
    free(z->stk);
    free(z);
  }
}

/* Saves the running coroutine's context and runs the scheduler; returns
 * when something jumps back to it. */
__attribute__((noinline)) static void mill_suspend(struct mill_cr *me) {
  if (!mill_setjmp_(mill_ctxof(me)))
    mill_schedule();
  mill_resumed();
}

/* Blocks the running coroutine (already queued where it waits) until woken
 * or `deadline` (ms, -1: none); returns what the waker passed. */
static int mill_block(int64_t deadline) {
  struct mill_cr *me = mill_cur(), **p = &mill_blocked;
  me->deadline = deadline;
  me->blocked = 1;
  me->next = NULL;
  while (*p)
    p = &(*p)->next;
  *p = me;
  mill_suspend(me);
  return mill_running->result;
}

static void mill_qadd(struct mill_cr **head, struct mill_cr *cr) {
  cr->wq = head;
  cr->qnext = NULL;
  while (*head)
    head = &(*head)->qnext;
  *head = cr;
}

mill_ctx mill_getctx_(void) { return mill_ctxof(mill_cur()); }

/* Called by go() once the parent's context is saved: makes the child, queues
 * the parent, returns the top of the child's stack. */
void *mill_prologue_(const char *created) {
  struct mill_cr *me = mill_cur();
  struct mill_cr *cr = (struct mill_cr *)calloc(1, sizeof *cr);
  mill_resumed();
  if (!cr || !(cr->stk = malloc(MILL_STACK_SIZE)))
    mill_panic("out of memory", created);
  cr->fd = -1;
  cr->deadline = -1;
  mill_push_ready(me);
  mill_running = cr;
  return (void *)(((uintptr_t)cr->stk + MILL_STACK_SIZE) & ~(uintptr_t)15);
}

/* Called on the child's stack when fn returns; never returns. */
void mill_epilogue_(void) {
  mill_running->next = mill_zombies;
  mill_zombies = mill_running; /* freed by the next context to run */
  mill_schedule();
}

void mill_goprepare_(int count, size_t stack_size, size_t val_size) {
  (void)count;
  (void)stack_size;
  (void)val_size;
}

void mill_yield_(const char *current) {
  struct mill_cr *me = mill_cur();
  (void)current;
  mill_push_ready(me);
  mill_suspend(me);
}

void mill_msleep_(int64_t deadline, const char *current) {
  (void)current;
  mill_block(deadline);
}

int mill_fdwait_(int fd, int events, int64_t deadline, const char *current) {
  struct mill_cr *me = mill_cur();
  (void)current;
  me->fd = fd;
  me->events = (short)((events & MILL_FDW_IN_ ? POLLIN : 0) | (events & MILL_FDW_OUT_ ? POLLOUT : 0));
  return mill_block(deadline);
}

void mill_fdclean_(int fd) { (void)fd; }
void *mill_cls_(void) { return mill_cur()->cls; }
void mill_setcls_(void *val) { mill_cur()->cls = val; }

struct mill_chan_ *mill_chmake_(size_t sz, size_t bufsz, const char *created) {
  struct mill_chan_ *ch = (struct mill_chan_ *)calloc(1, sizeof *ch);
  if (sz > MILL_VALBUF)
    mill_panic("channel element too large for the stand-in", created);
  if (!ch || !(ch->buf = (char *)malloc(sz * bufsz + 1)))
    mill_panic("out of memory", created);
  ch->sz = sz;
  ch->bufsz = bufsz;
  ch->refcount = 1;
  return ch;
}

struct mill_chan_ *mill_chdup_(struct mill_chan_ *ch, const char *created) {
  (void)created;
  ch->refcount++;
  return ch;
}

void mill_chclose_(struct mill_chan_ *ch, const char *current) {
  (void)current;
  if (--ch->refcount == 0) {
    free(ch->buf);
    free(ch);
  }
}

void mill_chs_(struct mill_chan_ *ch, void *val, size_t sz, const char *current) {
  struct mill_cr *me = mill_cur(), *r = ch->receivers;
  if (sz != ch->sz)
    mill_panic("send of a value of the wrong size", current);
  if (ch->done)
    mill_panic("send to done-with channel", current);
  if (r) { /* hand the value to a waiting receiver */
    memcpy(r->valbuf, val, sz);
    mill_wake(r, 0);
  } else if (ch->items < ch->bufsz) {
    memcpy(ch->buf + ((ch->first + ch->items++) % ch->bufsz) * sz, val, sz);
  } else { /* wait for a receiver to take it */
    me->sval = val;
    mill_qadd(&ch->senders, me);
    mill_block(-1);
  }
}

void *mill_chr_(struct mill_chan_ *ch, size_t sz, const char *current) {
  struct mill_cr *me = mill_cur(), *s = ch->senders;
  if (sz != ch->sz)
    mill_panic("receive of a value of the wrong size", current);
  if (ch->items > 0) {
    memcpy(me->valbuf, ch->buf + ch->first * sz, sz);
    ch->first = (ch->first + 1) % ch->bufsz;
    ch->items--;
    if (s) { /* room now: move a waiting sender's value in */
      memcpy(ch->buf + ((ch->first + ch->items++) % ch->bufsz) * sz, s->sval, sz);
      mill_wake(s, 0);
    }
  } else if (s) {
    memcpy(me->valbuf, s->sval, sz);
    mill_wake(s, 0);
  } else if (ch->done) {
    memcpy(me->valbuf, ch->doneval, sz);
  } else {
    mill_qadd(&ch->receivers, me);
    mill_block(-1); /* the sender fills valbuf */
  }
  return me->valbuf;
}

void mill_chdone_(struct mill_chan_ *ch, void *val, size_t sz, const char *current) {
  if (ch->done)
    mill_panic("chdone on done-with channel", current);
  ch->done = 1;
  memcpy(ch->doneval, val, sz);
  while (ch->receivers) {
    memcpy(ch->receivers->valbuf, val, sz);
    mill_wake(ch->receivers, 0);
  }
}
