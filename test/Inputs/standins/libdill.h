/* libdill.h -- switchguard test stand-in for libdill 2.x (http://libdill.org,
 *              https://github.com/sustrik/libdill)
 *
 * NOT libdill: switchguard's own stand-in, written from libdill's documented
 * API (names, signatures, the shape of the go() macro) so tests can run
 * programs shaped like libdill programs.  No code comes from the real
 * project.  Header-only, all `static`, one scheduler per thread: use it from
 * one translation unit.
 *
 * Covered, each under its dill_ name (the raw names are macros, as in
 * libdill, unless DILL_DISABLE_RAW_NAMES): coroutine, go, go_mem, bundle_go,
 * bundle_go_mem, bundle, bundle_wait, yield, msleep, now, hclose, chmake,
 * chsend, chrecv, chdone, fdin, fdout, fdclean; dill_prologue, dill_epilogue.
 * Not covered: hown, choose, the *_mem storage forms of bundle/chmake,
 * sockets.  Errors are -1 plus errno (ECANCELED, ETIMEDOUT, EPIPE, EBADF,
 * ENOTSUP, EMSGSIZE), as in libdill.
 *
 * Shape for switchguard:
 *   create   go(fn(args)), go_mem(fn(args), mem, len), bundle_go(b, fn(args)):
 *            a statement expression that calls dill_prologue(...), then
 *            evaluates the call `fn(args)` on the new stack, then calls
 *            dill_epilogue(); its value is the handle (an int; 0 for the
 *            bundle_go forms).  The entry is that call, between dill_prologue
 *            and dill_epilogue.  The child runs at once; the parent is queued.
 *            `fn` must be a `coroutine` (noinline) function, as in libdill.
 *   yield and yielding calls (each runs the scheduler itself, on the
 *            caller's stack): dill_yield, dill_msleep, dill_chsend, dill_chrecv,
 *            dill_fdin, dill_fdout, dill_bundle_wait, dill_hclose of a bundle.
 *   exit     return from fn.  destroy: dill_hclose(h) cancels the coroutines
 *            (their blocking calls fail with ECANCELED), waits, frees.
 *   hub      none: as in libdill the scheduler loop runs inside the yielding
 *            call on the yielding coroutine's own stack, and polls there
 *            (poll(2)) when nothing is ready.  main's stack is a participant.
 * Switches are sigsetjmp/siglongjmp; go() moves the stack pointer with one
 * asm instruction (x86-64, AArch64).  If every coroutine waits forever the
 * stand-in prints a line and aborts (libdill would hang).  Under ASan the
 * first longjmp between stacks prints an "ignoring requested
 * __asan_handle_no_return" warning; it is harmless here.
 */
#ifndef LIBDILL_H_INCLUDED
#define LIBDILL_H_INCLUDED

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DILL_EXPORT static inline
#ifndef DILL_STACK_SIZE
#define DILL_STACK_SIZE (256 * 1024)
#endif
#define DILL_MAX_HANDLES_ 1024
#define DILL_MAX_FDS_ 64

struct dill_bndl_;
struct dill_cr_ {
  sigjmp_buf ctx;
  struct dill_cr_ *next;              /* ready queue, blocked or zombie list */
  struct dill_cr_ *qnext, **wq;       /* channel/bundle wait queue, its head */
  struct dill_cr_ *bnext;             /* next member of its bundle */
  struct dill_bndl_ *bndl;
  void *stk;
  int own_stk, blocked, canceled, result, fd;
  short events;
  int64_t deadline;                   /* ms, -1: none */
  const void *sval;                   /* channel operation in progress */
  void *rval;
  size_t len;
};
struct dill_bndl_ { struct dill_cr_ *members, *waiters; };
struct dill_chan_ { struct dill_cr_ *sendq[2], *recvq[2]; int done, refs; };
enum { DILL_H_FREE_, DILL_H_BUNDLE_, DILL_H_CHAN_ };
struct dill_handle_ { int kind, side; void *obj; };

static _Thread_local struct dill_cr_ dill_main_ = {.fd = -1, .deadline = -1}; /* native stack */
static _Thread_local struct dill_cr_ *dill_running_, *dill_ready_, *dill_ready_tail_;
static _Thread_local struct dill_cr_ *dill_blocked_, *dill_zombies_;
static _Thread_local struct dill_handle_ dill_handles_[DILL_MAX_HANDLES_];
__attribute__((unused)) static volatile void *dill_unoptimisable;
static volatile size_t dill_alloca_sz_ = 16;

DILL_EXPORT int64_t dill_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int dill_err_(int e) { errno = e; return -1; }
static struct dill_cr_ *dill_cur_(void) {
  return dill_running_ ? dill_running_ : (dill_running_ = &dill_main_);
}

static void dill_push_ready_(struct dill_cr_ *cr) {
  cr->next = NULL;
  if (dill_ready_tail_) dill_ready_tail_->next = cr; else dill_ready_ = cr;
  dill_ready_tail_ = cr;
}

static void dill_qadd_(struct dill_cr_ **head, struct dill_cr_ *cr) {
  cr->wq = head;
  cr->qnext = NULL;
  while (*head) head = &(*head)->qnext;
  *head = cr;
}

/* Makes a blocked coroutine ready; its blocking call returns `result`. */
static void dill_wake_(struct dill_cr_ *cr, int result) {
  struct dill_cr_ **p;
  if (!cr->blocked) return;
  for (p = &dill_blocked_; *p != cr; p = &(*p)->next) {}
  *p = cr->next;
  for (p = cr->wq; p && *p; p = &(*p)->qnext)
    if (*p == cr) { *p = cr->qnext; break; }
  cr->wq = NULL;
  cr->blocked = 0;
  cr->result = result;
  cr->fd = -1;
  cr->deadline = -1;
  dill_push_ready_(cr);
}

/* Wakes coroutines whose fd is ready or whose deadline passed; with `block`,
 * first waits in poll(2) until one of them is due. */
static void dill_poll_(int block) {
  struct pollfd pfd[DILL_MAX_FDS_];
  struct dill_cr_ *pcr[DILL_MAX_FDS_], *cr, *best;
  int n = 0, timeout = 0;
  int64_t next = -1, t;
  for (cr = dill_blocked_; cr; cr = cr->next) {
    if (cr->fd >= 0 && n < DILL_MAX_FDS_) {
      pfd[n] = (struct pollfd){.fd = cr->fd, .events = cr->events};
      pcr[n++] = cr;
    }
    if (cr->deadline >= 0 && (next < 0 || cr->deadline < next)) next = cr->deadline;
  }
  if (block) {
    if (n == 0 && next < 0) {
      fprintf(stderr, "libdill stand-in: every coroutine waits forever\n");
      abort();
    }
    t = next - dill_now();
    timeout = next < 0 ? -1 : t < 0 ? 0 : (int)t;
  }
  if ((n > 0 || timeout != 0) && poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) abort();
  for (int i = 0; i < n; i++)
    if (pfd[i].revents) dill_wake_(pcr[i], 0);
  for (t = dill_now();;) { /* expired deadlines, earliest first */
    best = NULL;
    for (cr = dill_blocked_; cr; cr = cr->next)
      if (cr->deadline >= 0 && cr->deadline <= t &&
          (!best || cr->deadline < best->deadline))
        best = cr;
    if (!best) break;
    dill_wake_(best, ETIMEDOUT);
  }
}

/* The scheduler: runs on the stack of whoever calls it; never returns. */
static void dill_schedule_(void) {
  for (;;) {
    if (dill_blocked_) dill_poll_(0);
    struct dill_cr_ *cr = dill_ready_;
    if (cr) {
      if (!(dill_ready_ = cr->next)) dill_ready_tail_ = NULL;
      dill_running_ = cr;
      siglongjmp(cr->ctx, 1);
    }
    dill_poll_(1);
  }
}

#if defined(__SANITIZE_ADDRESS__)
#define DILL_ASAN_ 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DILL_ASAN_ 1
#endif
#endif
#ifdef DILL_ASAN_
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif

/* Back on our stack after a longjmp: free finished coroutines, and (ASan)
 * clear the poison that longjmp left below the current frame. */
static void dill_resumed_(void) {
#ifdef DILL_ASAN_
  char *hi = (char *)__builtin_frame_address(0);
  char *lo = dill_running_->stk ? (char *)dill_running_->stk : hi - 256 * 1024;
  if (lo < hi) __asan_unpoison_memory_region(lo, (size_t)(hi - lo));
#endif
  while (dill_zombies_) {
    struct dill_cr_ *z = dill_zombies_;
    dill_zombies_ = z->next;
    if (z->own_stk) free(z->stk);
    free(z);
  }
}

/* Blocks the running coroutine (already queued where it waits) until woken
 * or `deadline` (ms, -1: none); returns 0 or an errno value. */
static int dill_block_(int64_t deadline) {
  struct dill_cr_ *me = dill_cur_(), **p = &dill_blocked_;
  me->deadline = deadline;
  me->blocked = 1;
  me->next = NULL;
  while (*p) p = &(*p)->next;
  *p = me;
  if (!sigsetjmp(me->ctx, 0)) dill_schedule_();
  dill_resumed_();
  return dill_running_->result;
}

static void *dill_hget_(int h, int kind, int *side) {
  if (h <= 0 || h >= DILL_MAX_HANDLES_ || !dill_handles_[h].kind) return errno = EBADF, NULL;
  if (dill_handles_[h].kind != kind) return errno = ENOTSUP, NULL;
  if (side) *side = dill_handles_[h].side;
  return dill_handles_[h].obj;
}

static int dill_hmake_(int kind, void *obj, int side) {
  for (int h = 1; h < DILL_MAX_HANDLES_; h++)
    if (!dill_handles_[h].kind) {
      dill_handles_[h] = (struct dill_handle_){kind, side, obj};
      return h;
    }
  return dill_err_(EMFILE);
}

DILL_EXPORT int dill_bundle(void) {
  struct dill_bndl_ *b = (struct dill_bndl_ *)calloc(1, sizeof *b);
  int h = b ? dill_hmake_(DILL_H_BUNDLE_, b, 0) : dill_err_(ENOMEM);
  if (h < 0) free(b);
  return h;
}

/* Called by go(): makes the coroutine, queues the caller and hands the
 * macro the child's stack pointer (*ptr) and the caller's context (*ctx). */
__attribute__((noinline, unused)) static int dill_prologue(sigjmp_buf **ctx, void **ptr, size_t len,
                                                           int bndl, const char *file, int line) {
  struct dill_cr_ *me = dill_cur_(), *cr;
  struct dill_bndl_ *b;
  int h = 0;
  (void)file, (void)line;
  if (me->canceled) return dill_err_(ECANCELED);
  if (bndl >= 0 && !(b = (struct dill_bndl_ *)dill_hget_(bndl, DILL_H_BUNDLE_, NULL))) return -1;
  if (bndl < 0) {
    if ((h = dill_bundle()) < 0) return -1;
    b = (struct dill_bndl_ *)dill_handles_[h].obj;
  }
  if (!(cr = (struct dill_cr_ *)calloc(1, sizeof *cr))) return dill_err_(ENOMEM);
  if ((cr->own_stk = *ptr == NULL)) len = DILL_STACK_SIZE;
  if (!(cr->stk = cr->own_stk ? malloc(len) : *ptr)) return free(cr), dill_err_(ENOMEM);
  cr->fd = -1;
  cr->deadline = -1;
  cr->bndl = b;
  cr->bnext = b->members;
  b->members = cr;
  *ptr = (void *)(((uintptr_t)cr->stk + len) & ~(uintptr_t)15);
  *ctx = &me->ctx;
  dill_push_ready_(me);
  dill_running_ = cr;
  return h;
}

/* Called on the child's stack once fn has returned; never returns. */
__attribute__((noinline, unused)) static void dill_epilogue(void) {
  struct dill_cr_ *me = dill_running_, **p;
  struct dill_bndl_ *b = me->bndl;
  for (p = &b->members; *p != me; p = &(*p)->bnext) {}
  *p = me->bnext;
  while (!b->members && b->waiters) dill_wake_(b->waiters, 0);
  me->next = dill_zombies_;
  dill_zombies_ = me; /* freed by the next context to run */
  dill_schedule_();
}

#define dill_coroutine __attribute__((noinline))
#if defined(__x86_64__)
#define dill_setsp_(sp) __asm__ volatile("movq %0, %%rsp" : : "r"(sp) : "memory")
#elif defined(__aarch64__)
#define dill_setsp_(sp) __asm__ volatile("mov sp, %0" : : "r"(sp) : "memory")
#else
#error "libdill stand-in: no stack switch for this CPU (x86-64 and AArch64 only)"
#endif

/* The dynamic alloca makes the function address its frame through the
 * frame pointer, so `fn`'s arguments survive the stack pointer's move. */
#define dill_go_(fn, ptr, len, bndl)                                           \
  ({                                                                           \
    sigjmp_buf *dill_ctx__;                                                    \
    void *dill_stk__ = (ptr);                                                  \
    dill_unoptimisable = __builtin_alloca(dill_alloca_sz_);                    \
    volatile int dill_handle__ = /* volatile: it lives across sigsetjmp */      \
        dill_prologue(&dill_ctx__, &dill_stk__, (len), (bndl), __FILE__,       \
                      __LINE__);                                               \
    if (dill_handle__ >= 0) {                                                  \
      if (!sigsetjmp(*dill_ctx__, 0)) {                                        \
        dill_setsp_(dill_stk__);                                               \
        fn;                                                                    \
        dill_epilogue();                                                       \
      }                                                                        \
    }                                                                          \
    dill_handle__;                                                             \
  })
#define dill_go(fn) dill_go_(fn, NULL, 0, -1)
#define dill_go_mem(fn, ptr, len) dill_go_(fn, ptr, len, -1)
#define dill_bundle_go(bndl, fn) dill_go_(fn, NULL, 0, bndl)
#define dill_bundle_go_mem(bndl, fn, ptr, len) dill_go_(fn, ptr, len, bndl)

DILL_EXPORT int dill_yield(void) {
  struct dill_cr_ *me = dill_cur_();
  if (me->canceled) return dill_err_(ECANCELED);
  dill_push_ready_(me);
  if (!sigsetjmp(me->ctx, 0)) dill_schedule_();
  dill_resumed_();
  return 0;
}

DILL_EXPORT int dill_msleep(int64_t deadline) {
  if (dill_cur_()->canceled) return dill_err_(ECANCELED);
  return dill_block_(deadline) == ECANCELED ? dill_err_(ECANCELED) : 0;
}

static int dill_fdwait_(int fd, short events, int64_t deadline) {
  struct dill_cr_ *me = dill_cur_();
  if (me->canceled) return dill_err_(ECANCELED);
  me->fd = fd;
  me->events = events;
  int rc = dill_block_(deadline);
  return rc ? dill_err_(rc) : 0;
}
DILL_EXPORT int dill_fdin(int fd, int64_t deadline) { return dill_fdwait_(fd, POLLIN, deadline); }
DILL_EXPORT int dill_fdout(int fd, int64_t deadline) { return dill_fdwait_(fd, POLLOUT, deadline); }
DILL_EXPORT int dill_fdclean(int fd) { (void)fd; return 0; }

DILL_EXPORT int dill_bundle_wait(int h, int64_t deadline) {
  struct dill_bndl_ *b = (struct dill_bndl_ *)dill_hget_(h, DILL_H_BUNDLE_, NULL);
  if (!b) return -1;
  if (dill_cur_()->canceled) return dill_err_(ECANCELED);
  if (!b->members) return 0;
  if (deadline == 0) return dill_err_(ETIMEDOUT);
  dill_qadd_(&b->waiters, dill_running_);
  int rc = dill_block_(deadline);
  return rc ? dill_err_(rc) : 0;
}

DILL_EXPORT int dill_chmake(int chv[2]) {
  struct dill_chan_ *ch = (struct dill_chan_ *)calloc(1, sizeof *ch);
  if (!ch) return dill_err_(ENOMEM);
  ch->refs = 2;
  chv[0] = dill_hmake_(DILL_H_CHAN_, ch, 0);
  chv[1] = dill_hmake_(DILL_H_CHAN_, ch, 1);
  return 0;
}

/* One operation on a channel end (`out`: a send); a message sent into one
 * end comes out of the other. */
static int dill_chop_(int h, const void *sval, void *rval, size_t len, int64_t deadline, int out) {
  int side, rc;
  struct dill_chan_ *ch = (struct dill_chan_ *)dill_hget_(h, DILL_H_CHAN_, &side);
  struct dill_cr_ *me = dill_cur_(), *peer;
  if (!ch) return -1;
  if (me->canceled) return dill_err_(ECANCELED);
  if (ch->done) return dill_err_(EPIPE);
  if ((peer = out ? ch->recvq[!side] : ch->sendq[!side])) {
    if (peer->len != len) return dill_err_(EMSGSIZE);
    if (len) memcpy(out ? peer->rval : rval, out ? sval : peer->sval, len);
    dill_wake_(peer, 0);
    return 0;
  }
  if (deadline == 0) return dill_err_(ETIMEDOUT);
  me->sval = sval;
  me->rval = rval;
  me->len = len;
  dill_qadd_(out ? &ch->sendq[side] : &ch->recvq[side], me);
  rc = dill_block_(deadline);
  return rc ? dill_err_(rc) : 0;
}
DILL_EXPORT int dill_chsend(int ch, const void *val, size_t len, int64_t deadline) {
  return dill_chop_(ch, val, NULL, len, deadline, 1);
}
DILL_EXPORT int dill_chrecv(int ch, void *val, size_t len, int64_t deadline) {
  return dill_chop_(ch, NULL, val, len, deadline, 0);
}

DILL_EXPORT int dill_chdone(int h) {
  struct dill_chan_ *ch = (struct dill_chan_ *)dill_hget_(h, DILL_H_CHAN_, NULL);
  if (!ch) return -1;
  if (ch->done) return dill_err_(EPIPE);
  ch->done = 1;
  for (int i = 0; i < 2; i++) {
    while (ch->sendq[i]) dill_wake_(ch->sendq[i], EPIPE);
    while (ch->recvq[i]) dill_wake_(ch->recvq[i], EPIPE);
  }
  return 0;
}

DILL_EXPORT int dill_hclose(int h) {
  struct dill_bndl_ *b = (struct dill_bndl_ *)dill_hget_(h, DILL_H_BUNDLE_, NULL);
  struct dill_chan_ *ch;
  if (b) { /* cancel the members, wait until all have returned */
    for (struct dill_cr_ *cr = b->members; cr; cr = cr->bnext) {
      cr->canceled = 1;
      dill_wake_(cr, ECANCELED);
    }
    while (b->members) {
      dill_qadd_(&b->waiters, dill_cur_());
      dill_block_(-1);
    }
    free(b);
  } else if ((ch = (struct dill_chan_ *)dill_hget_(h, DILL_H_CHAN_, NULL))) {
    if (--ch->refs == 0) free(ch);
  } else {
    return -1;
  }
  dill_handles_[h] = (struct dill_handle_){DILL_H_FREE_, 0, NULL};
  return 0;
}

#if !defined DILL_DISABLE_RAW_NAMES
#define coroutine dill_coroutine
#define go dill_go
#define go_mem dill_go_mem
#define bundle_go dill_bundle_go
#define bundle_go_mem dill_bundle_go_mem
#define bundle dill_bundle
#define bundle_wait dill_bundle_wait
#define yield dill_yield
#define msleep dill_msleep
#define now dill_now
#define fdin dill_fdin
#define fdout dill_fdout
#define fdclean dill_fdclean
#define hclose dill_hclose
#define chmake dill_chmake
#define chsend dill_chsend
#define chrecv dill_chrecv
#define chdone dill_chdone
#endif

#endif /* LIBDILL_H_INCLUDED */
