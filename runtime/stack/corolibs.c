/*===- corolibs.c - Where each library keeps a suspended context -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A suspended coroutine's registers are in memory its library owns; for
 * the libraries below its handle leads there. Every read is a safe one
 * (swg__read_memory): the handle may be freed or reused meanwhile, so what
 * is read is checked for shape here and for staleness by the caller.
 *
 *   ucontext, pcl, libco   the handle is a ucontext_t (PCL's coroutine_t
 *                          and the libco stand-in's cothread_t begin with
 *                          one), filled by glibc's swapcontext as its
 *                          caller sees it: the pc is the return address.
 *   minicoro               mco_coro.context points at the
 *                          implementation's context: the coroutine's own
 *                          switch buffer first, then its resumer's. With
 *                          the x86-64 assembly switch (the default on
 *                          Linux) the buffer holds rip, rsp, rbp, rbx,
 *                          r12-r15 and rip is inside the switch routine,
 *                          at a `ret` to the word at rsp; with
 *                          MCO_USE_UCONTEXT (and the stand-in) it is a
 *                          ucontext_t. Told apart by the first word: a
 *                          code address, or ucontext's small uc_flags.
 *                          mco_coro.state says dead (finished), suspended
 *                          or normal: a normal coroutine resumed another,
 *                          and its registers are in that one's buffer.
 *   aco                    aco_t begins with reg[] (x86-64: r12-r15,
 *                          return address, rsp, rbx, rbp, FPU words), then
 *                          main_co, arg, is_end, fp, the save stack and the
 *                          share stack (reg[] is a word shorter with
 *                          ACO_CONFIG_SHARE_FPU_MXCSR_ENV: the layout that
 *                          checks out is taken). A coroutine that is not
 *                          the share stack's owner has its stack in the
 *                          save copy, at the addresses it had.
 *
 * Not reachable: fcontext (its handle is the stack pointer of the moment
 * and changes on every switch; the registry knows only the first), and
 * libraries whose handle does not hold the context (State Threads,
 * libdill, libmill, neco, libtask, Tarantool).
 *
 *===----------------------------------------------------------------------===*/
#include "stack.h"

#include <stddef.h>
#include <string.h>
#include <ucontext.h>

static void set(struct swg_saved *s, int reg, uint64_t v) {
  s->r[reg] = v;
  s->known |= 1ull << reg;
}

#if defined(__x86_64__)
/* DWARF register numbers. */
enum { D_RBX = 3, D_RBP = 6, D_RSP = 7, D_R12 = 12, D_R13, D_R14, D_R15 };

/* Where it resumes, and the callee-saved registers every switch keeps. */
static void set_x86(struct swg_saved *s, uint64_t pc, uint64_t sp, uint64_t rbx,
                    uint64_t rbp, const uint64_t r12_r15[4]) {
  s->pc = pc;
  s->sp = sp;
  set(s, D_RSP, sp);
  set(s, D_RBX, rbx);
  set(s, D_RBP, rbp);
  for (int i = 0; i < 4; i++)
    set(s, D_R12 + i, r12_r15[i]);
}
#endif

static enum swg_saved_state from_ucontext(uintptr_t at, void *entry,
                                          struct swg_saved *s) {
  ucontext_t uc;
  if (!swg__read_memory(at, &uc, sizeof uc))
    return SWG_SAVED_UNREADABLE;
#if defined(__x86_64__)
  const greg_t *g = uc.uc_mcontext.gregs;
  const uint64_t r12_r15[4] = {(uint64_t)g[REG_R12], (uint64_t)g[REG_R13],
                               (uint64_t)g[REG_R14], (uint64_t)g[REG_R15]};
  set_x86(s, (uint64_t)g[REG_RIP], (uint64_t)g[REG_RSP], (uint64_t)g[REG_RBX],
          (uint64_t)g[REG_RBP], r12_r15);
#elif defined(__aarch64__)
  /* glibc's swapcontext saves x30 as the pc: again the return address. */
  s->pc = uc.uc_mcontext.pc;
  s->sp = uc.uc_mcontext.sp;
  set(s, 31, s->sp);
  for (int i = 19; i <= 30; i++)
    set(s, i, uc.uc_mcontext.regs[i]);
#endif
  if (uc.uc_stack.ss_sp && uc.uc_stack.ss_size)
    s->stack_hi = (uintptr_t)uc.uc_stack.ss_sp + uc.uc_stack.ss_size;
  /* makecontext's work: the pc is still the entry function's. */
  if (s->pc == (uintptr_t)entry)
    return SWG_SAVED_NOT_STARTED;
  return s->pc && s->sp ? SWG_SAVED_OK : SWG_SAVED_UNREADABLE;
}

/* ---- minicoro ------------------------------------------------------------ */

/* mco_coro's head: context, then state (MCO_DEAD 0, MCO_NORMAL 1,
 * MCO_RUNNING 2, MCO_SUSPENDED 3). */
struct mco_head {
  uintptr_t context;
  int state;
};

static enum swg_saved_state from_minicoro(uintptr_t at, void *entry,
                                          struct swg_saved *s) {
  struct mco_head h;
  if (!swg__read_memory(at, &h, sizeof h) || !h.context)
    return SWG_SAVED_UNREADABLE;
  if (h.state == 0)
    return SWG_SAVED_FINISHED;
  if (h.state != 3)
    return SWG_SAVED_UNKNOWN;
  uint64_t first;
  if (!swg__read_memory(h.context, &first, sizeof first))
    return SWG_SAVED_UNREADABLE;
  if (first < 0x10000)
    return from_ucontext(h.context, entry, s);
#if defined(__x86_64__)
  uint64_t b[8]; /* rip, rsp, rbp, rbx, r12, r13, r14, r15 */
  uint64_t ret;
  if (!swg__read_memory(h.context, b, sizeof b) ||
      !swg__read_memory(b[1], &ret, sizeof ret))
    return SWG_SAVED_UNREADABLE;
  /* A new coroutine's stack holds a dummy return address, and its rip is
   * the entry trampoline. */
  if (ret == 0xdeaddeaddeaddeadull)
    return SWG_SAVED_NOT_STARTED;
  /* Resumed, it returns from the switch routine: be its caller already. */
  set_x86(s, ret, b[1] + 8, b[3], b[2], &b[4]);
  return SWG_SAVED_OK;
#else
  return SWG_SAVED_UNKNOWN;
#endif
}

/* ---- libaco -------------------------------------------------------------- */

#if defined(__x86_64__)
struct aco_share {
  uintptr_t ptr;
  size_t sz;
  uintptr_t align_highptr, align_retptr;
  size_t align_validsz, align_limit;
  uintptr_t owner;
};

/* aco_t as words, reg[] being k long: 9, or 8 when built with
 * ACO_CONFIG_SHARE_FPU_MXCSR_ENV (no FPU words). */
static enum swg_saved_state aco_layout(uintptr_t at, void *entry, int k,
                                       struct swg_saved *s) {
  uint64_t w[20];
  struct aco_share sh;
  if (!swg__read_memory(at, w, sizeof w))
    return SWG_SAVED_UNREADABLE;
  uint64_t main_co = w[k], is_end = w[k + 2] & 0xff, fp = w[k + 3];
  uint64_t save_ptr = w[k + 4], valid_sz = w[k + 6], share = w[k + 10];
  uint64_t sp = w[5];
  if (!main_co || !share || !swg__read_memory(share, &sh, sizeof sh) ||
      sp > sh.align_retptr || sh.align_retptr - sp > sh.align_limit)
    return SWG_SAVED_UNREADABLE;
  if (is_end)
    return SWG_SAVED_FINISHED;
  if (w[4] == (uintptr_t)entry || w[4] == fp)
    return SWG_SAVED_NOT_STARTED;
  set_x86(s, w[4], sp, w[6], w[7], &w[0]);
  s->stack_hi = sh.align_retptr + sizeof(void *);
  if (sh.owner != at) { /* its stack was copied out when another ran */
    if (valid_sz != sh.align_retptr - sp || !save_ptr)
      return SWG_SAVED_UNREADABLE;
    s->bytes = save_ptr;
    s->nbytes = valid_sz;
    s->stack_hi = sp + valid_sz;
  }
  return SWG_SAVED_OK;
}
#endif

static enum swg_saved_state from_aco(uintptr_t at, void *entry,
                                     struct swg_saved *s) {
#if defined(__x86_64__)
  enum swg_saved_state st = aco_layout(at, entry, 9, s);
  if (st == SWG_SAVED_UNREADABLE) {
    *s = (struct swg_saved){0};
    st = aco_layout(at, entry, 8, s);
  }
  return st;
#else
  (void)at, (void)entry, (void)s;
  return SWG_SAVED_UNKNOWN;
#endif
}

/* ---- by library ---------------------------------------------------------- */

static const struct {
  const char *library;
  enum swg_saved_state (*read)(uintptr_t, void *, struct swg_saved *);
} libraries[] = {
    {"ucontext", from_ucontext}, {"pcl", from_ucontext},
    {"libco", from_ucontext},    {"minicoro", from_minicoro},
    {"aco", from_aco},
};

static int find(const char *library) {
  for (size_t i = 0; library && i < sizeof libraries / sizeof *libraries; i++)
    if (!strcmp(libraries[i].library, library))
      return (int)i;
  return -1;
}

bool swg__saved_reachable(const char *library) {
#if defined(__x86_64__) || defined(__aarch64__)
  int i = find(library);
#if defined(__aarch64__)
  return i >= 0 && libraries[i].read == from_ucontext;
#else
  return i >= 0;
#endif
#else
  (void)library;
  return false;
#endif
}

enum swg_saved_state swg__saved_context(const char *library, void *handle,
                                        void *entry, struct swg_saved *out) {
  int i = find(library);
  *out = (struct swg_saved){0};
  if (i < 0 || !handle)
    return SWG_SAVED_UNKNOWN;
  return libraries[i].read((uintptr_t)handle, entry, out);
}
