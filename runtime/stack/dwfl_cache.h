/*===- dwfl_cache.h - The process's libdwfl session -------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * symbolize.c keeps one Dwfl describing this process, for its own lookups
 * and for the unwinder it also hosts, so that every ELF file, its CFI and
 * its DWARF are opened once. capture.c finds a thread's registers without
 * disturbing it and hands them here. Under the libdwfl lock (stack.h).
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_DWFL_CACHE_H
#define SWITCHGUARD_DWFL_CACHE_H

#include "stack.h"

#include <elfutils/libdwfl.h>

#if defined(__x86_64__)
enum { SWG_NREGS = 16, SWG_DWARF_SP = 7, SWG_DWARF_FP = 6 };
#elif defined(__aarch64__)
enum { SWG_NREGS = 32, SWG_DWARF_SP = 31, SWG_DWARF_FP = 29 };
#else
#error "switchguard: stack capture supports x86-64 and AArch64 only"
#endif

/* Where an unwind starts: registers by DWARF number, `known` saying which
 * (bit n for r[n]), and the pc. */
struct swg_regs {
  uint64_t r[SWG_NREGS];
  uint64_t known;
  uint64_t pc;
};

/* The process's modules, reported on first use and after each
 * swg__symbolize_refresh; NULL if libdwfl cannot describe this process
 * (see dwfl_errmsg(-1)). */
SWG_HIDDEN Dwfl *swg__dwfl(void);
/* Re-reads /proc/self/maps: new modules appear, unmapped ones go, the
 * others (and the strings they gave out) stay. */
SWG_HIDDEN void swg__dwfl_rescan(void);
/* Walks thread `tid` of this process from `regs` into out->frames, at most
 * `max`; sets out->depth, and out->note when it cannot. Memory is read
 * safely, but the caller must make sure the thread held still meanwhile. */
SWG_HIDDEN void swg__unwind(pid_t tid, const struct swg_regs *regs,
                            struct swg_stack *out, int max);

#endif /* SWITCHGUARD_DWFL_CACHE_H */
