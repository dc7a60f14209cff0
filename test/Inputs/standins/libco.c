/* libco.c -- the implementation of switchguard's byuu libco stand-in (see
 * libco.h).  Compile it with the program, as libco's users compile libco.c.
 * Switches with POSIX ucontext (libco carries its own per-CPU assembly);
 * the swapcontext call is inside co_switch, the library's own code.
 */
#include "libco.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

struct co__thread {
  ucontext_t ctx;
  void (*entry)(void);
  void *mem; /* what co_delete frees, or NULL for co_derive's memory */
};

static _Thread_local struct co__thread co__main; /* the native context */
static _Thread_local struct co__thread *co__running;

cothread_t co_active(void) {
  if (!co__running)
    co__running = &co__main;
  return co__running;
}

static void co__start(void) {
  co__running->entry();
  fprintf(stderr, "libco stand-in: cothread %p returned from its entry\n", (void *)co__running);
  abort();
}

cothread_t co_derive(void *memory, unsigned int heapsize, void (*coentry)(void)) {
  size_t head = (sizeof(struct co__thread) + 15) & ~(size_t)15;
  if (!memory || heapsize < head + 16384 || !coentry)
    return NULL;
  struct co__thread *t = (struct co__thread *)memory;
  memset(t, 0, sizeof *t);
  t->entry = coentry;
  if (getcontext(&t->ctx) != 0)
    return NULL;
  t->ctx.uc_stack.ss_sp = (char *)memory + head;
  t->ctx.uc_stack.ss_size = heapsize - head;
  t->ctx.uc_link = NULL;
  makecontext(&t->ctx, co__start, 0);
  return t;
}

cothread_t co_create(unsigned int heapsize, void (*coentry)(void)) {
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

void co_delete(cothread_t cothread) {
  struct co__thread *t = (struct co__thread *)cothread;
  if (t && t != &co__main && t != co__running)
    free(t->mem);
}

void co_switch(cothread_t cothread) {
  struct co__thread *from = (struct co__thread *)co_active();
  struct co__thread *to = (struct co__thread *)cothread;
  co__running = to;
  swapcontext(&from->ctx, &to->ctx);
}

int co_serializable(void) { return 0; }
