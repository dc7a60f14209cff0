/* libmill.h -- switchguard test stand-in for libmill (http://libmill.org,
 *              https://github.com/sustrik/libmill)
 *
 * This is NOT libmill.  It is switchguard's own small stand-in, written from
 * libmill's documented public API (names, signatures, the shape of the go()
 * and channel macros), so tests can build and run programs shaped like
 * libmill programs.  No code comes from the real project.  As with libmill,
 * this header declares the API and its macros; the implementation is
 * libmill.c beside it, which a program compiles and links with its own
 * files (`cc prog.c libmill.c`).
 *
 * Covered: coroutine, go, yield, msleep, now, fdwait (FDW_IN/OUT/ERR),
 *   fdclean (no-op), goprepare (no-op), cls, setcls, chan, chmake, chdup,
 *   chs, chr, chdone, chclose; and underneath, as in libmill, mill_getctx_,
 *   mill_prologue_, mill_epilogue_, mill_yield_, mill_msleep_, mill_now_,
 *   mill_fdwait_, mill_chmake_, mill_chs_, mill_chr_, mill_chdone_,
 *   mill_chclose_, mill_chdup_.  With MILL_USE_PREFIX the front-ends are
 *   mill_go, mill_yield, ... instead.
 *   Not covered: choose, sockets, ipaddr, mfork.
 *
 * Shape for switchguard:
 *   create   go(fn(args)): do { ctx = mill_getctx_(); if (!mill_setjmp_(ctx))
 *            { sp = mill_prologue_(HERE); <a variable-length array moves
 *            the stack pointer down to sp>; fn(args); mill_epilogue_(); } }
 *            while (0).  No handle: the coroutine is anonymous.  The child
 *            runs at once, the parent is queued.  The entry is the call
 *            between mill_prologue_ and mill_epilogue_; `fn` must be a
 *            `coroutine` (noinline) function.  mill_setjmp_ is a few
 *            instructions of inline assembly on x86-64 (as in libmill),
 *            sigsetjmp elsewhere.  Stand-in addition: with
 *            MILL_STANDIN_SIGSETJMP defined (for the program and libmill.c
 *            alike) x86-64 uses the sigsetjmp form too.
 *   yield / yielding calls (the scheduler runs inside them, in libmill.c,
 *            on the caller's stack): mill_yield_, mill_msleep_,
 *            mill_fdwait_, mill_chs_ (when the channel is full), mill_chr_
 *            (when empty).
 *   exit     return from fn (mill_epilogue_).  destroy: none (freed at exit).
 *   hub      none: the scheduler loop runs on the stack of the coroutine that
 *            blocks, and waits there in poll(2) when nothing is ready.
 * When every coroutine waits forever the stand-in prints a line and aborts
 * (libmill would hang).  x86-64 and AArch64 only.
 */
#ifndef LIBMILL_H_INCLUDED
#define LIBMILL_H_INCLUDED

#include <errno.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MILL_EXPORT __attribute__((visibility("default")))

#define mill_string2_(x) #x
#define mill_string1_(x) mill_string2_(x)
#define MILL_HERE_ (__FILE__ ":" mill_string1_(__LINE__))

MILL_EXPORT int64_t mill_now_(void);

#if defined MILL_USE_PREFIX
#define mill_now mill_now_
#else
#define now mill_now_
#endif

/* Coroutines */

#define MILL_FDW_IN_ 1
#define MILL_FDW_OUT_ 2
#define MILL_FDW_ERR_ 4

MILL_EXPORT extern volatile int mill_unoptimisable1_;
MILL_EXPORT extern volatile void *mill_unoptimisable2_;

#if defined __x86_64__ && !defined MILL_STANDIN_SIGSETJMP
#define MILL_ASM_CTX_ 1
typedef uint64_t *mill_ctx; /* rbx, rbp, r12-r15, rsp, resume address */
#else
typedef sigjmp_buf *mill_ctx;
#endif

MILL_EXPORT mill_ctx mill_getctx_(void);
MILL_EXPORT __attribute__((noinline)) void *mill_prologue_(const char *created);
MILL_EXPORT __attribute__((noinline)) void mill_epilogue_(void);

MILL_EXPORT void mill_goprepare_(int count, size_t stack_size, size_t val_size);
MILL_EXPORT void mill_yield_(const char *current);
MILL_EXPORT void mill_msleep_(int64_t deadline, const char *current);
MILL_EXPORT int mill_fdwait_(int fd, int events, int64_t deadline, const char *current);
MILL_EXPORT void mill_fdclean_(int fd);
MILL_EXPORT void *mill_cls_(void);
MILL_EXPORT void mill_setcls_(void *val);

/* Saves the callee-saved registers, the stack pointer and where to resume;
 * 0 when saving, non-zero when mill_longjmp_ comes back. */
#if defined MILL_ASM_CTX_
#define mill_setjmp_(ctx)                                                      \
  ({                                                                           \
    int mill_ret__;                                                            \
    __asm__ volatile("movq %%rbx, 0(%%rdx)\n\t"                                \
                     "movq %%rbp, 8(%%rdx)\n\t"                                \
                     "movq %%r12, 16(%%rdx)\n\t"                               \
                     "movq %%r13, 24(%%rdx)\n\t"                               \
                     "movq %%r14, 32(%%rdx)\n\t"                               \
                     "movq %%r15, 40(%%rdx)\n\t"                               \
                     "movq %%rsp, 48(%%rdx)\n\t"                               \
                     "leaq 1f(%%rip), %%rcx\n\t"                               \
                     "movq %%rcx, 56(%%rdx)\n\t"                               \
                     "xorl %%eax, %%eax\n"                                     \
                     "1:\n\t"                                                  \
                     : "=a"(mill_ret__)                                        \
                     : "d"(ctx)                                                \
                     : "memory", "cc", "rcx", "rsi", "rdi", "r8", "r9", "r10", \
                       "r11", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",  \
                       "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",       \
                       "xmm12", "xmm13", "xmm14", "xmm15");                    \
    mill_ret__;                                                                \
  })
#else
#define mill_setjmp_(ctx) sigsetjmp(*(ctx), 0)
#endif

#define mill_go_(fn)                                                           \
  do {                                                                         \
    void *mill_sp;                                                             \
    mill_ctx mill_ctx__ = mill_getctx_();                                      \
    if (!mill_setjmp_(mill_ctx__)) {                                           \
      mill_sp = mill_prologue_(MILL_HERE_);                                    \
      int mill_anchor[mill_unoptimisable1_];                                   \
      mill_unoptimisable2_ = &mill_anchor;                                     \
      char mill_filler[(char *)&mill_anchor - (char *)(mill_sp)];              \
      mill_unoptimisable2_ = &mill_filler;                                     \
      fn;                                                                      \
      mill_epilogue_();                                                        \
    }                                                                          \
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
#define mill_fdwait(fd, ev, dd) mill_fdwait_((fd), (ev), (dd), MILL_HERE_)
#define mill_fdclean mill_fdclean_
#define mill_cls mill_cls_
#define mill_setcls mill_setcls_
#else
#define FDW_IN MILL_FDW_IN_
#define FDW_OUT MILL_FDW_OUT_
#define FDW_ERR MILL_FDW_ERR_
#define coroutine __attribute__((noinline))
#define go(fn) mill_go_(fn)
#define goprepare mill_goprepare_
#define yield() mill_yield_(MILL_HERE_)
#define msleep(deadline) mill_msleep_((deadline), MILL_HERE_)
#define fdwait(fd, ev, dd) mill_fdwait_((fd), (ev), (dd), MILL_HERE_)
#define fdclean mill_fdclean_
#define cls mill_cls_
#define setcls mill_setcls_
#endif

/* Channels */

struct mill_chan_;

MILL_EXPORT struct mill_chan_ *mill_chmake_(size_t sz, size_t bufsz, const char *created);
MILL_EXPORT struct mill_chan_ *mill_chdup_(struct mill_chan_ *ch, const char *created);
MILL_EXPORT void mill_chclose_(struct mill_chan_ *ch, const char *current);
MILL_EXPORT void mill_chs_(struct mill_chan_ *ch, void *val, size_t sz, const char *current);
MILL_EXPORT void *mill_chr_(struct mill_chan_ *ch, size_t sz, const char *current);
MILL_EXPORT void mill_chdone_(struct mill_chan_ *ch, void *val, size_t sz, const char *current);

#define mill_chs__(channel, type, value)                                       \
  do {                                                                         \
    type mill_val = (value);                                                   \
    mill_chs_((channel), &mill_val, sizeof(type), MILL_HERE_);                 \
  } while (0)
#define mill_chr__(channel, type) (*(type *)mill_chr_((channel), sizeof(type), MILL_HERE_))
#define mill_chdone__(channel, type, value)                                    \
  do {                                                                         \
    type mill_val = (value);                                                   \
    mill_chdone_((channel), &mill_val, sizeof(type), MILL_HERE_);              \
  } while (0)

#if defined MILL_USE_PREFIX
typedef struct mill_chan_ *mill_chan;
#define mill_chmake(tp, sz) mill_chmake_(sizeof(tp), sz, MILL_HERE_)
#define mill_chdup(ch) mill_chdup_((ch), MILL_HERE_)
#define mill_chclose(ch) mill_chclose_((ch), MILL_HERE_)
#define mill_chs(ch, tp, val) mill_chs__((ch), tp, (val))
#define mill_chr(ch, tp) mill_chr__((ch), tp)
#define mill_chdone(ch, tp, val) mill_chdone__((ch), tp, (val))
#else
typedef struct mill_chan_ *chan;
#define chmake(tp, sz) mill_chmake_(sizeof(tp), sz, MILL_HERE_)
#define chdup(ch) mill_chdup_((ch), MILL_HERE_)
#define chclose(ch) mill_chclose_((ch), MILL_HERE_)
#define chs(ch, tp, val) mill_chs__((ch), tp, (val))
#define chr(ch, tp) mill_chr__((ch), tp)
#define chdone(ch, tp, val) mill_chdone__((ch), tp, (val))
#endif

#ifdef __cplusplus
}
#endif

#endif /* LIBMILL_H_INCLUDED */
