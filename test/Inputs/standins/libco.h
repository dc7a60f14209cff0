/* libco.h -- switchguard test stand-in for byuu's libco (cooperative threads,
 *            https://github.com/higan-emu/libco, also in bsnes/higan/ares)
 *
 * This is NOT libco.  It is switchguard's own small stand-in, written from
 * libco's documented public API (libco.h: six functions), so tests can
 * build and run programs shaped like libco programs.  No code comes from
 * the real project.  Header-only (everything `static`); switches with POSIX
 * ucontext instead of libco's per-CPU assembly.
 *
 * Covered: cothread_t, co_active, co_derive, co_create, co_delete,
 *   co_switch, co_serializable (returns 0).
 * Not the same names as PCL's or Tencent libco's co_create: this is byuu's
 * signature, co_create(unsigned int heapsize, void (*entry)(void)).
 *
 * Shape for switchguard (symmetric):
 *   create   co_create(size, entry) / co_derive(mem, size, entry)
 *            handle: return value; entry: the last argument (no argument
 *            is passed to it; it must never return -- the stand-in aborts
 *            with a message if it does, libco would crash)
 *   switch   co_switch(to): from is co_active() (implicit), to is arg0
 *   destroy  co_delete(handle)
 *   hub      none by API: every transfer is a symmetric co_switch.  By
 *            convention the thread's native context (what co_active()
 *            returns before the first switch) acts as the hub.
 *   No call yields internally.
 * The ucontext calls go through volatile function pointers so that a tracer
 * that knows POSIX ucontext sees only the co_switch call.
 */
#ifndef LIBCO_H
#define LIBCO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

typedef void *cothread_t;

struct co__thread {
  ucontext_t ctx;
  void (*entry)(void);
  void *mem;  /* what to free on co_delete, or NULL */
};

static _Thread_local struct co__thread co__main;   /* the native context */
static _Thread_local struct co__thread *co__running;

static int (*volatile co__swapcontext)(ucontext_t *, const ucontext_t *) = swapcontext;
static void (*volatile co__makecontext)(ucontext_t *, void (*)(void), int, ...) = makecontext;
static int (*volatile co__getcontext)(ucontext_t *) = getcontext;

static inline cothread_t co_active(void) {
  if (!co__running)
    co__running = &co__main;
  return co__running;
}

static void co__start(void) {
  co__running->entry();
  fprintf(stderr, "libco stand-in: cothread %p returned from its entry\n", (void *)co__running);
  abort();
}

static inline cothread_t co_derive(void *memory, unsigned int heapsize, void (*coentry)(void)) {
  size_t head = (sizeof(struct co__thread) + 15) & ~(size_t)15;
  if (!memory || heapsize < head + 16384 || !coentry)
    return NULL;
  struct co__thread *t = (struct co__thread *)memory;
  memset(t, 0, sizeof *t);
  t->entry = coentry;
  if (co__getcontext(&t->ctx) != 0)
    return NULL;
  t->ctx.uc_stack.ss_sp = (char *)memory + head;
  t->ctx.uc_stack.ss_size = heapsize - head;
  t->ctx.uc_link = NULL;
  co__makecontext(&t->ctx, co__start, 0);
  return t;
}

static inline cothread_t co_create(unsigned int heapsize, void (*coentry)(void)) {
  if (heapsize < 65536)
    heapsize = 65536;
  void *mem = malloc(heapsize);
  struct co__thread *t = (struct co__thread *)co_derive(mem, heapsize, coentry);
  if (!t) {
    free(mem);
    return NULL;
  }
  t->mem = mem;
  return t;
}

static inline void co_delete(cothread_t cothread) {
  struct co__thread *t = (struct co__thread *)cothread;
  if (t && t != &co__main && t != co__running)
    free(t->mem);
}

static inline void co_switch(cothread_t cothread) {
  struct co__thread *from = (struct co__thread *)co_active();
  struct co__thread *to = (struct co__thread *)cothread;
  co__running = to;
  co__swapcontext(&from->ctx, &to->ctx);
}

static inline int co_serializable(void) { return 0; }

#endif /* LIBCO_H */
