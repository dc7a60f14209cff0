/* libmill.h -- switchguard test stand-in for libmill (http://libmill.org,
 *              https://github.com/sustrik/libmill)
 *
 * This is NOT libmill.  It is switchguard's own small stand-in, written from
 * libmill's documented public API (names, signatures, the shape of the go()
 * and channel macros), so tests can build and run programs shaped like
 * libmill programs.  No code comes from the real project.  Header-only,
 * everything `static`, one scheduler per thread; use it from one translation
 * unit.
 *
 * Covered: coroutine, go, yield, msleep, now, fdwait (FDW_IN/OUT/ERR),
 *   goprepare (no-op), chan, chmake, chdup, chs, chr, chdone, chclose; and
 *   underneath, as in libmill, mill_prologue_, mill_epilogue_, mill_getctx_,
 *   mill_yield_, mill_msleep_, mill_now_, mill_fdwait_, mill_chmake_,
 *   mill_chs_, mill_chr_, mill_chdone_, mill_chclose_, mill_chdup_.  With
 *   MILL_USE_PREFIX the front-ends are mill_go, mill_yield, ... instead.
 *   Not covered: choose, sockets, ipaddr, mfork, cls.
 *
 * Shape for switchguard:
 *   create   go(fn(args)): do { ctx = mill_getctx_(); if (!setjmp(ctx)) {
 *            sp = mill_prologue_(HERE); <move to sp>; fn(args);
 *            mill_epilogue_(); } } while (0).  No handle: the coroutine is
 *            anonymous (no value).  The child runs at once, the parent is
 *            queued.  The entry is the call between mill_prologue_ and
 *            mill_epilogue_; `fn` must be a `coroutine` (noinline) function.
 *   yield / yielding calls (the scheduler runs inside them, on the caller's
 *            stack): mill_yield_, mill_msleep_, mill_fdwait_, mill_chs_ (when
 *            the channel is full), mill_chr_ (when empty).
 *   exit     return from fn (mill_epilogue_).  destroy: none (freed at exit).
 *   hub      none: the scheduler loop runs on the stack of the coroutine that
 *            blocks, and polls (poll(2)) there when nothing is ready.
 * Switching is sigsetjmp/siglongjmp plus one instruction of inline asm that
 * moves the stack pointer (x86-64, AArch64).  When every coroutine waits
 * forever the stand-in prints a line and aborts (libmill would hang).
 */
#ifndef LIBMILL_H_INCLUDED
#define LIBMILL_H_INCLUDED

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MILL_EXPORT static inline
#ifndef MILL_STACK_SIZE
#define MILL_STACK_SIZE (256 * 1024)
#endif
#define MILL_VALBUF_ 128 /* largest channel element */
#define MILL_MAX_FDS_ 64

#define mill_string2_(x) #x
#define mill_string1_(x) mill_string2_(x)
#define MILL_HERE_ (__FILE__ ":" mill_string1_(__LINE__))

#define MILL_FDW_IN_ 1
#define MILL_FDW_OUT_ 2
#define MILL_FDW_ERR_ 4

typedef sigjmp_buf *mill_ctx;

struct mill_cr_ {
  sigjmp_buf ctx;
  struct mill_cr_ *next, *qnext, **wq; /* run/blocked/zombie list; chan queue */
  void *stk;
  int blocked, result, fd;
  short events;
  int64_t deadline;
  const void *sval;
  char valbuf[MILL_VALBUF_];
};

struct mill_chan_ {
  size_t sz, bufsz, items, first;
  char *buf;
  struct mill_cr_ *senders, *receivers;
  int done, refcount;
  char doneval[MILL_VALBUF_];
};

static _Thread_local struct mill_cr_ mill_main_ = {.fd = -1, .deadline = -1}; /* native stack */
static _Thread_local struct mill_cr_ *mill_running_, *mill_ready_, *mill_ready_tail_;
static _Thread_local struct mill_cr_ *mill_blocked_, *mill_zombies_;
__attribute__((unused)) static volatile int mill_unoptimisable1_ = 16;
__attribute__((unused)) static volatile void *mill_unoptimisable2_;

MILL_EXPORT int64_t mill_now_(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct mill_cr_ *mill_cur_(void) {
  return mill_running_ ? mill_running_ : (mill_running_ = &mill_main_);
}

static void mill_panic_(const char *what, const char *where) {
  fprintf(stderr, "libmill stand-in: %s (%s)\n", what, where);
  abort();
}

static void mill_push_ready_(struct mill_cr_ *cr) {
  cr->next = NULL;
  if (mill_ready_tail_) mill_ready_tail_->next = cr; else mill_ready_ = cr;
  mill_ready_tail_ = cr;
}

static void mill_wake_(struct mill_cr_ *cr, int result) {
  struct mill_cr_ **p;
  if (!cr->blocked) return;
  for (p = &mill_blocked_; *p != cr; p = &(*p)->next) {}
  *p = cr->next;
  for (p = cr->wq; p && *p; p = &(*p)->qnext)
    if (*p == cr) { *p = cr->qnext; break; }
  cr->wq = NULL;
  cr->blocked = 0;
  cr->result = result;
  cr->fd = -1;
  cr->deadline = -1;
  mill_push_ready_(cr);
}

/* Wakes coroutines whose fd is ready or whose deadline passed; with `block`,
 * first waits in poll(2) until one of them is due. */
static void mill_poll_(int block) {
  struct pollfd pfd[MILL_MAX_FDS_];
  struct mill_cr_ *pcr[MILL_MAX_FDS_], *cr, *best;
  int n = 0, timeout = 0;
  int64_t next = -1, t;
  for (cr = mill_blocked_; cr; cr = cr->next) {
    if (cr->fd >= 0 && n < MILL_MAX_FDS_) {
      pfd[n] = (struct pollfd){.fd = cr->fd, .events = cr->events};
      pcr[n++] = cr;
    }
    if (cr->deadline >= 0 && (next < 0 || cr->deadline < next)) next = cr->deadline;
  }
  if (block) {
    if (n == 0 && next < 0) mill_panic_("every coroutine waits forever", "scheduler");
    t = next - mill_now_();
    timeout = next < 0 ? -1 : t < 0 ? 0 : (int)t;
  }
  if ((n > 0 || timeout != 0) && poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) abort();
  for (int i = 0; i < n; i++) {
    short re = pfd[i].revents;
    int ev = (re & POLLIN ? MILL_FDW_IN_ : 0) | (re & POLLOUT ? MILL_FDW_OUT_ : 0) |
             (re & (POLLERR | POLLHUP | POLLNVAL) ? MILL_FDW_ERR_ : 0);
    if (ev) mill_wake_(pcr[i], ev);
  }
  for (t = mill_now_();;) { /* expired deadlines, earliest first */
    best = NULL;
    for (cr = mill_blocked_; cr; cr = cr->next)
      if (cr->deadline >= 0 && cr->deadline <= t &&
          (!best || cr->deadline < best->deadline))
        best = cr;
    if (!best) break;
    mill_wake_(best, 0);
  }
}

/* The scheduler: runs on the stack of whoever calls it, never returns. */
static void mill_schedule_(void) {
  for (;;) {
    if (mill_blocked_) mill_poll_(0);
    struct mill_cr_ *cr = mill_ready_;
    if (cr) {
      if (!(mill_ready_ = cr->next)) mill_ready_tail_ = NULL;
      mill_running_ = cr;
      siglongjmp(cr->ctx, 1);
    }
    mill_poll_(1);
  }
}

#if defined(__SANITIZE_ADDRESS__)
#define MILL_ASAN_ 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MILL_ASAN_ 1
#endif
#endif
#ifdef MILL_ASAN_
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif

/* Back on our stack after a longjmp: reap finished coroutines, and (ASan)
 * clear the poison longjmp left below the current frame. */
static void mill_resumed_(void) {
#ifdef MILL_ASAN_
  char *hi = (char *)__builtin_frame_address(0);
  char *lo = mill_running_->stk ? (char *)mill_running_->stk : hi - 256 * 1024;
  if (lo < hi) __asan_unpoison_memory_region(lo, (size_t)(hi - lo));
#endif
  while (mill_zombies_) {
    struct mill_cr_ *z = mill_zombies_;
    mill_zombies_ = z->next;
    free(z->stk);
    free(z);
  }
}

/* Blocks the running coroutine (already queued where it waits) until woken
 * or `deadline` (ms, -1: none); returns what the waker passed. */
static int mill_block_(int64_t deadline) {
  struct mill_cr_ *me = mill_cur_(), **p = &mill_blocked_;
  me->deadline = deadline;
  me->blocked = 1;
  me->next = NULL;
  while (*p) p = &(*p)->next;
  *p = me;
  if (!sigsetjmp(me->ctx, 0)) mill_schedule_();
  mill_resumed_();
  return mill_running_->result;
}

static void mill_qadd_(struct mill_cr_ **head, struct mill_cr_ *cr) {
  cr->wq = head;
  cr->qnext = NULL;
  while (*head) head = &(*head)->qnext;
  *head = cr;
}

MILL_EXPORT mill_ctx mill_getctx_(void) { return &mill_cur_()->ctx; }

/* Called by go() once the parent's context is saved: makes the child, queues
 * the parent, returns the child's stack pointer. */
__attribute__((noinline, unused)) static void *mill_prologue_(const char *created) {
  struct mill_cr_ *me = mill_cur_();
  struct mill_cr_ *cr = (struct mill_cr_ *)calloc(1, sizeof *cr);
  if (!cr || !(cr->stk = malloc(MILL_STACK_SIZE))) mill_panic_("out of memory", created);
  cr->fd = -1;
  cr->deadline = -1;
  mill_push_ready_(me);
  mill_running_ = cr;
  return (void *)(((uintptr_t)cr->stk + MILL_STACK_SIZE) & ~(uintptr_t)15);
}

/* Called on the child's stack when fn returns; never returns. */
__attribute__((noinline, unused)) static void mill_epilogue_(void) {
  mill_running_->next = mill_zombies_;
  mill_zombies_ = mill_running_; /* freed by the next context to run */
  mill_schedule_();
}

MILL_EXPORT void mill_goprepare_(int count, size_t stack_size, size_t val_size) {
  (void)count; (void)stack_size; (void)val_size;
}

#if defined(__x86_64__)
#define mill_setsp_(sp) __asm__ volatile("movq %0, %%rsp" : : "r"(sp) : "memory")
#elif defined(__aarch64__)
#define mill_setsp_(sp) __asm__ volatile("mov sp, %0" : : "r"(sp) : "memory")
#else
#error "libmill stand-in: no stack switch for this CPU (x86-64 and AArch64 only)"
#endif

/* The dynamic alloca makes the function address its frame through the
 * frame pointer, so `fn`'s arguments survive the stack pointer's move. */
#define mill_go_(fn)                                                           \
  do {                                                                         \
    void *mill_sp__;                                                           \
    mill_ctx mill_ctx__ = mill_getctx_();                                      \
    mill_unoptimisable2_ = __builtin_alloca(mill_unoptimisable1_);             \
    if (!sigsetjmp(*mill_ctx__, 0)) {                                          \
      mill_sp__ = mill_prologue_(MILL_HERE_);                                  \
      mill_setsp_(mill_sp__);                                                  \
      fn;                                                                      \
      mill_epilogue_();                                                        \
    }                                                                          \
  } while (0)

MILL_EXPORT void mill_yield_(const char *current) {
  struct mill_cr_ *me = mill_cur_();
  (void)current;
  mill_push_ready_(me);
  if (!sigsetjmp(me->ctx, 0)) mill_schedule_();
  mill_resumed_();
}

MILL_EXPORT void mill_msleep_(int64_t deadline, const char *current) {
  (void)current;
  mill_cur_();
  mill_block_(deadline);
}

MILL_EXPORT int mill_fdwait_(int fd, int events, int64_t deadline, const char *current) {
  struct mill_cr_ *me = mill_cur_();
  (void)current;
  me->fd = fd;
  me->events = (short)((events & MILL_FDW_IN_ ? POLLIN : 0) |
                       (events & MILL_FDW_OUT_ ? POLLOUT : 0));
  return mill_block_(deadline);
}

MILL_EXPORT struct mill_chan_ *mill_chmake_(size_t sz, size_t bufsz, const char *created) {
  struct mill_chan_ *ch = (struct mill_chan_ *)calloc(1, sizeof *ch);
  if (sz > MILL_VALBUF_) mill_panic_("channel element too large for the stand-in", created);
  if (!ch || !(ch->buf = (char *)malloc(sz * bufsz + 1))) mill_panic_("out of memory", created);
  ch->sz = sz;
  ch->bufsz = bufsz;
  ch->refcount = 1;
  return ch;
}

MILL_EXPORT struct mill_chan_ *mill_chdup_(struct mill_chan_ *ch, const char *created) {
  (void)created;
  ch->refcount++;
  return ch;
}

MILL_EXPORT void mill_chclose_(struct mill_chan_ *ch, const char *current) {
  (void)current;
  if (--ch->refcount == 0) {
    free(ch->buf);
    free(ch);
  }
}

MILL_EXPORT void mill_chs_(struct mill_chan_ *ch, void *val, size_t sz, const char *current) {
  struct mill_cr_ *me = mill_cur_(), *r = ch->receivers;
  if (sz != ch->sz) mill_panic_("send of a value of the wrong size", current);
  if (ch->done) mill_panic_("send to done-with channel", current);
  if (r) { /* hand the value to a waiting receiver */
    memcpy(r->valbuf, val, sz);
    mill_wake_(r, 0);
  } else if (ch->items < ch->bufsz) {
    memcpy(ch->buf + ((ch->first + ch->items++) % ch->bufsz) * sz, val, sz);
  } else { /* wait for a receiver to take it */
    me->sval = val;
    mill_qadd_(&ch->senders, me);
    mill_block_(-1);
  }
}

MILL_EXPORT void *mill_chr_(struct mill_chan_ *ch, size_t sz, const char *current) {
  struct mill_cr_ *me = mill_cur_(), *s = ch->senders;
  if (sz != ch->sz) mill_panic_("receive of a value of the wrong size", current);
  if (ch->items > 0) {
    memcpy(me->valbuf, ch->buf + ch->first * sz, sz);
    ch->first = (ch->first + 1) % ch->bufsz;
    ch->items--;
    if (s) { /* room now: move a waiting sender's value in */
      memcpy(ch->buf + ((ch->first + ch->items++) % ch->bufsz) * sz, s->sval, sz);
      mill_wake_(s, 0);
    }
  } else if (s) {
    memcpy(me->valbuf, s->sval, sz);
    mill_wake_(s, 0);
  } else if (ch->done) {
    memcpy(me->valbuf, ch->doneval, sz);
  } else {
    mill_qadd_(&ch->receivers, me);
    mill_block_(-1); /* the sender fills valbuf */
  }
  return me->valbuf;
}

MILL_EXPORT void mill_chdone_(struct mill_chan_ *ch, void *val, size_t sz, const char *current) {
  if (ch->done) mill_panic_("chdone on done-with channel", current);
  ch->done = 1;
  memcpy(ch->doneval, val, sz);
  while (ch->receivers) {
    memcpy(ch->receivers->valbuf, val, sz);
    mill_wake_(ch->receivers, 0);
  }
}

#define mill_chs__(channel, type, value)                                       \
  do {                                                                         \
    type mill_val__ = (value);                                                 \
    mill_chs_((channel), &mill_val__, sizeof(type), MILL_HERE_);               \
  } while (0)
#define mill_chr__(channel, type) (*(type *)mill_chr_((channel), sizeof(type), MILL_HERE_))
#define mill_chdone__(channel, type, value)                                    \
  do {                                                                         \
    type mill_val__ = (value);                                                 \
    mill_chdone_((channel), &mill_val__, sizeof(type), MILL_HERE_);            \
  } while (0)

#if defined MILL_USE_PREFIX
#define MILL_FDW_IN MILL_FDW_IN_
#define MILL_FDW_OUT MILL_FDW_OUT_
#define MILL_FDW_ERR MILL_FDW_ERR_
#define mill_coroutine __attribute__((noinline))
#define mill_go(fn) mill_go_(fn)
#define mill_goprepare mill_goprepare_
#define mill_yield() mill_yield_(MILL_HERE_)
#define mill_msleep(dd) mill_msleep_((dd), MILL_HERE_)
#define mill_now mill_now_
#define mill_fdwait(fd, ev, dd) mill_fdwait_((fd), (ev), (dd), MILL_HERE_)
typedef struct mill_chan_ *mill_chan;
#define mill_chmake(tp, sz) mill_chmake_(sizeof(tp), sz, MILL_HERE_)
#define mill_chdup(ch) mill_chdup_((ch), MILL_HERE_)
#define mill_chclose(ch) mill_chclose_((ch), MILL_HERE_)
#define mill_chs(ch, tp, val) mill_chs__((ch), tp, (val))
#define mill_chr(ch, tp) mill_chr__((ch), tp)
#define mill_chdone(ch, tp, val) mill_chdone__((ch), tp, (val))
#else
#define FDW_IN MILL_FDW_IN_
#define FDW_OUT MILL_FDW_OUT_
#define FDW_ERR MILL_FDW_ERR_
#define coroutine __attribute__((noinline))
#define go(fn) mill_go_(fn)
#define goprepare mill_goprepare_
#define yield() mill_yield_(MILL_HERE_)
#define msleep(deadline) mill_msleep_((deadline), MILL_HERE_)
#define now mill_now_
#define fdwait(fd, ev, dd) mill_fdwait_((fd), (ev), (dd), MILL_HERE_)
typedef struct mill_chan_ *chan;
#define chmake(tp, sz) mill_chmake_(sizeof(tp), sz, MILL_HERE_)
#define chdup(ch) mill_chdup_((ch), MILL_HERE_)
#define chclose(ch) mill_chclose_((ch), MILL_HERE_)
#define chs(ch, tp, val) mill_chs__((ch), tp, (val))
#define chr(ch, tp) mill_chr__((ch), tp)
#define chdone(ch, tp, val) mill_chdone__((ch), tp, (val))
#endif

#endif /* LIBMILL_H_INCLUDED */
