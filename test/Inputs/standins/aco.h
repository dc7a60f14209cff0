/* aco.h -- switchguard test stand-in for libaco (https://github.com/hnes/libaco)
 *
 * This is NOT libaco.  It is switchguard's own small stand-in, written from
 * libaco's documented public API (README "API" section and the shapes of its
 * macros), so that tests can build and run programs shaped like libaco
 * programs.  No code comes from the real project.  It is header-only
 * (everything `static`) and switches with POSIX ucontext.
 *
 * Covered: aco_t (main_co, arg, is_end, fp, share_stack), aco_share_stack_t,
 *   aco_cofuncp_t, aco_thread_init, aco_share_stack_new(2),
 *   aco_share_stack_destroy, aco_create, aco_resume, aco_destroy, acosw,
 *   and the macros aco_yield, aco_yield1, aco_exit, aco_exit1, aco_get_co,
 *   aco_co, aco_get_arg, aco_is_main_co; aco_gtls_co.
 * Differences: no stack copying -- every non-main co gets a private stack
 *   of its share stack's size (save_stack_sz is accepted and ignored); a co
 *   whose function returns without aco_exit() calls the "last word" function
 *   given to aco_thread_init (if any) and aborts, as libaco's protector does.
 *
 * Shape for switchguard (asymmetric):
 *   create   aco_create(main_co, sstk, ssz, fp, arg)   handle: return value,
 *            entry: fp (arg 3).  aco_create(NULL, NULL, 0, NULL, NULL)
 *            makes the thread's main co (the native stack: the hub).
 *   resume   aco_resume(co)            handle: arg0; runs co until it yields
 *   yield    aco_yield() / aco_yield1(co): macros expanding to the call
 *            acosw(co, co->main_co)  (switch from arg0 to arg1)
 *   exit     aco_exit() / aco_exit1(co): set co->is_end, then the same
 *            acosw(co, co->main_co) call
 *   destroy  aco_destroy(co)
 *   hub      the main co: the native stack of the thread that called
 *            aco_thread_init.  No call yields internally.
 * acosw is the only switch the user's code can see; aco_resume switches
 * through a private helper (in real libaco, aco_resume calls acosw inside
 * aco.c, another translation unit).  The ucontext calls go through volatile
 * function pointers so a ucontext-aware tracer does not see them twice.
 */
#ifndef ACO_H
#define ACO_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define aco_likely(x) (__builtin_expect(!!(x), 1))
#define aco_unlikely(x) (__builtin_expect(!!(x), 0))
#define aco_assert(e) ((aco_likely(e)) ? ((void)0) : abort())
#define aco_assertptr(p) ((aco_likely((p) != NULL)) ? ((void)0) : abort())

typedef void (*aco_cofuncp_t)(void);

typedef struct aco_s aco_t;

typedef struct {
  void *ptr;   /* not shared here: a size template for each co's own stack */
  size_t sz;
  aco_t *owner;
  char guard_page_enabled;
} aco_share_stack_t;

typedef struct {
  void *ptr;
  size_t sz;
  size_t valid_sz;
  size_t max_cpsz;
  size_t ct_save;
  size_t ct_restore;
} aco_save_stack_t;

struct aco_s {
  aco_t *main_co;             /* NULL for a main co */
  void *arg;
  char is_end;
  aco_cofuncp_t fp;
  aco_save_stack_t save_stack;
  aco_share_stack_t *share_stack;
  /* stand-in private part */
  ucontext_t aco__ctx;
  void *aco__stack;
};

static __thread aco_t *aco_gtls_co;
static __thread aco_cofuncp_t aco__last_word;
static __thread aco_t *aco__starting;

static int (*volatile aco__swapcontext)(ucontext_t *, const ucontext_t *) = swapcontext;
static void (*volatile aco__makecontext)(ucontext_t *, void (*)(void), int, ...) = makecontext;
static int (*volatile aco__getcontext)(ucontext_t *) = getcontext;

static inline void aco_thread_init(aco_cofuncp_t last_word_co_fp) {
  aco__last_word = last_word_co_fp;
}

static inline aco_share_stack_t *aco_share_stack_new2(size_t sz, char guard_page_enabled) {
  aco_share_stack_t *s = (aco_share_stack_t *)calloc(1, sizeof *s);
  aco_assertptr(s);
  if (sz == 0)
    sz = 2u << 20;
  if (sz < 65536)
    sz = 65536;
  s->sz = (sz + 15) & ~(size_t)15;
  s->guard_page_enabled = guard_page_enabled;
  return s;
}

static inline aco_share_stack_t *aco_share_stack_new(size_t sz) {
  return aco_share_stack_new2(sz, 1);
}

static inline void aco_share_stack_destroy(aco_share_stack_t *sstk) { free(sstk); }

/* Runs the co's function; returning from it is an error in libaco. */
static void aco__entry(void) {
  aco_t *co = aco__starting;
  co->fp();
  if (aco__last_word)
    aco__last_word();
  fprintf(stderr, "aco stand-in: co %p returned without aco_exit()\n", (void *)co);
  abort();
}

static inline aco_t *aco_create(aco_t *main_co, aco_share_stack_t *share_stack,
                                size_t save_stack_sz, aco_cofuncp_t fp, void *arg) {
  (void)save_stack_sz;
  aco_t *co = (aco_t *)calloc(1, sizeof *co);
  aco_assertptr(co);
  co->main_co = main_co;
  co->share_stack = share_stack;
  co->fp = fp;
  co->arg = arg;
  if (main_co == NULL) /* the thread's main co: its context is filled on switch */
    return co;
  aco_assertptr(share_stack);
  aco_assertptr(fp);
  co->aco__stack = malloc(share_stack->sz);
  aco_assertptr(co->aco__stack);
  aco_assert(aco__getcontext(&co->aco__ctx) == 0);
  co->aco__ctx.uc_stack.ss_sp = co->aco__stack;
  co->aco__ctx.uc_stack.ss_size = share_stack->sz;
  co->aco__ctx.uc_link = NULL;
  aco__makecontext(&co->aco__ctx, aco__entry, 0);
  return co;
}

/* The switch primitive: saves `from_co`, continues `to_co`. */
static inline void *acosw(aco_t *from_co, aco_t *to_co) {
  aco__swapcontext(&from_co->aco__ctx, &to_co->aco__ctx);
  return from_co;
}

static inline void aco_resume(aco_t *resume_co) {
  aco_assertptr(resume_co);
  aco_assertptr(resume_co->main_co);
  aco_assert(!resume_co->is_end);
  if (resume_co->share_stack)
    resume_co->share_stack->owner = resume_co;
  aco_gtls_co = resume_co;
  aco__starting = resume_co;
  aco__swapcontext(&resume_co->main_co->aco__ctx, &resume_co->aco__ctx);
  aco_gtls_co = resume_co->main_co;
}

static inline void aco_destroy(aco_t *co) {
  aco_assertptr(co);
  if (co->share_stack && co->share_stack->owner == co)
    co->share_stack->owner = NULL;
  free(co->aco__stack);
  free(co);
}

#define aco_yield1(yield_co)                                                   \
  do {                                                                         \
    aco_assertptr((yield_co));                                                 \
    aco_assertptr((yield_co)->main_co);                                        \
    acosw((yield_co), (yield_co)->main_co);                                    \
  } while (0)

#define aco_yield() aco_yield1(aco_gtls_co)

#define aco_get_arg() (aco_gtls_co->arg)

#define aco_get_co() ({ (void)0; aco_gtls_co; })

#define aco_co() ({ (void)0; aco_gtls_co; })

#define aco_is_main_co(co) ({ ((co)->main_co) == NULL; })

#define aco_exit1(co)                                                          \
  do {                                                                         \
    (co)->is_end = 1;                                                          \
    if ((co)->share_stack)                                                     \
      (co)->share_stack->owner = NULL;                                         \
    aco_yield1((co));                                                          \
    abort();                                                                   \
  } while (0)

#define aco_exit() aco_exit1(aco_gtls_co)

#endif /* ACO_H */
