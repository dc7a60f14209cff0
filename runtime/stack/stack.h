/*===- stack.h - Stacks: capture and symbols ------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Reading a blocked thread's stack without disturbing it (capture.c,
 * capsignal.c), walking it (dwfl_cache.h), and naming its frames
 * (symbolize.c, elfnames.c).
 *
 * Ground rules
 *   - Depends on base/ only; the only users of elfutils (this folder alone
 *     has libdw's include directory).
 *   - libdwfl is not thread-safe: every use takes the libdwfl lock
 *     (swg__dwfl_lock), held by the reporter for a report, the symbol
 *     warm-up thread, a thread reporting a failed scope, and program
 *     threads naming an entry function (run info, traces). It is
 *     recursive: a report holds it while its frames' strings are in use.
 *   - The capture signal handler (capsignal.c) runs on the thread being
 *     read: async-signal-safe, no lock, no allocation.
 *   - May allocate (symbol tables, stack copies), never on a program
 *     thread's switch.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_STACK_H
#define SWITCHGUARD_STACK_H

#include "base.h"

/* ---- capture.c: a blocked thread's stack, without disturbing it ------ */

#define SWG_MAX_FRAMES 64

enum swg_capture_how {
  SWG_CAPTURE_NONE,        /* no stack; `note` says why */
  SWG_CAPTURE_SYSCALL,     /* from /proc/self/task/TID/syscall SP and PC */
  SWG_CAPTURE_SIGNAL,      /* registers from a signal on a running thread */
};

struct swg_frame {
  uintptr_t pc;            /* as found on the stack */
  bool activation;         /* pc is the faulting/current pc, not a return */
};

struct swg_stack {
  struct swg_frame frames[SWG_MAX_FRAMES];
  int depth;
  enum swg_capture_how how;
  char note[160];          /* why there is no stack, or a caveat */
};

/* Installs the capture signal handler (chaining any previous one). */
SWG_HIDDEN int swg__capture_init(int signo);
/* Captures the stack of thread `tid` of this process. Never makes a
 * blocked system call return early. Returns out->depth (0: see note). One
 * caller at a time (the libdwfl lock): it walks a copy of its own. */
SWG_HIDDEN int swg__capture_thread(pid_t tid, struct swg_stack *out,
                                   int max_depth);

/* The stack of a blocked thread, copied when the monitor decides, for the
 * reporter to walk whenever it comes to it: by then the thread may long
 * have moved on. A few exist. */
struct swg_snapshot;
/* A copy of thread tid's stack, if a snapshot is free (and `keep_free`
 * more stay free) and the thread is in a system call or, running and
 * `may_signal`, answers the capture signal within 10 ms; else NULL (the
 * report then captures as it can). Without may_signal it never waits. */
SWG_HIDDEN struct swg_snapshot *swg__snapshot_take(pid_t tid, int keep_free,
                                                   bool may_signal);
/* Walks the copy into out, as swg__capture_thread would, and frees it. */
SWG_HIDDEN void swg__snapshot_walk(struct swg_snapshot *snap, pid_t tid,
                                   struct swg_stack *out, int max_depth);
SWG_HIDDEN void swg__snapshot_free(struct swg_snapshot *snap);
/* A fork child: every snapshot is free (the parent's reports stay its). */
SWG_HIDDEN void swg__snapshots_after_fork(void);

/* ---- procstate.c: capture.c's readings of /proc ----------------------- */

#define SWG_NOTE(out, ...) snprintf((out)->note, sizeof(out)->note, __VA_ARGS__)

/* What /proc/self/task/TID/syscall said. In the kernel with nr -1: not in
 * a system call (stopped, or faulting), but SP and PC are still there. */
struct swg_sysstate {
  bool in_kernel;
  long nr;
  uint64_t sp, pc;
  char text[320];
};

/* Reads /proc/self/task/TID/what; on failure out->note says why. */
SWG_HIDDEN bool swg__read_proc(pid_t tid, const char *what, char *buf,
                               size_t n, struct swg_stack *out);
/* Thread tid's system call state; false (note set) if unreadable. */
SWG_HIDDEN bool swg__read_syscall(pid_t tid, struct swg_sysstate *s,
                                  struct swg_stack *out);
/* 1 if thread `tid` blocks `signo`, 0 if not, -1 (note set) on error. */
SWG_HIDDEN int swg__blocks(pid_t tid, int signo, struct swg_stack *out);

/* ---- symbolize.c ------------------------------------------------------ */

struct swg_symbol {
  uintptr_t pc;
  const char *function;    /* NULL if unknown */
  const char *file;        /* NULL if no line info */
  int line;
  int column;
  const char *module;      /* path of the ELF object */
  bool inlined;            /* an inline frame inside the next one */
};

typedef void (*swg_symbol_fn)(const struct swg_symbol *sym, void *arg);

/* Calls fn once per frame at `f`, innermost inline frame first. Strings are
 * valid until the next swg__symbolize_refresh. Caller holds the libdwfl
 * lock. */
SWG_HIDDEN void swg__symbolize(const struct swg_frame *f, swg_symbol_fn fn,
                               void *arg);
/* Forget cached modules (after dlopen, or in a fork child). */
SWG_HIDDEN void swg__symbolize_refresh(void);
/* Bumped by each refresh: names remembered from an older epoch are stale. */
SWG_HIDDEN unsigned swg__symbols_epoch(void);

/* ---- elfnames.c ------------------------------------------------------ */

/* The function at addr from the loaded ELF files' symbol tables, for when
 * libdwfl cannot read the process (non-dumpable). */
SWG_HIDDEN bool swg__elf_symbol(uintptr_t addr, char *name, size_t n);

/* ---- the libdwfl lock (symbolize.c) ------------------------------------ */

/* fork() holds it (lifecycle.c) so a child's copy of libdwfl is whole; a
 * child makes it anew and keeps the parent's loaded symbols. */
SWG_HIDDEN void swg__dwfl_lock(void);
SWG_HIDDEN void swg__dwfl_unlock(void);
SWG_HIDDEN void swg__dwfl_lock_after_fork(void);

#endif /* SWITCHGUARD_STACK_H */
