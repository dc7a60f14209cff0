/*===- stack.h - Stacks: capture and symbols ------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Reading a blocked thread's stack without disturbing it (capture.c,
 * capsignal.c), walking it (dwfl_cache.h), a suspended coroutine's stack
 * from its saved context (corolibs.c, saved.c), and naming its frames
 * (symbolize.c, elfnames.c, demangle.c).
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

/* ---- demangle.c ------------------------------------------------------ */

/* The C++ name of the ELF symbol `symbol`, kept for the process's life;
 * `symbol` itself if it is not a mangled name or the program has no C++
 * runtime. */
SWG_HIDDEN const char *swg__demangle(const char *symbol);

/* ---- elfnames.c ------------------------------------------------------ */

/* The function at addr from the loaded ELF files' symbol tables, for when
 * libdwfl cannot read the process (non-dumpable). */
SWG_HIDDEN bool swg__elf_symbol(uintptr_t addr, char *name, size_t n);

/* ---- corolibs.c: where each library keeps a suspended context ------ */

/* A suspended coroutine's registers as its library saved them, and where
 * its stack is. */
#define SWG_SAVED_NREGS 32
struct swg_saved {
  uint64_t r[SWG_SAVED_NREGS]; /* by DWARF register number */
  uint64_t known;              /* bit n: r[n] is the saved value */
  uint64_t pc;                 /* where it resumes: a return address */
  uint64_t sp;                 /* its stack pointer as it resumes */
  uintptr_t stack_hi;          /* the end of its stack, 0: not known */
  /* Where the bytes of [sp, sp + nbytes) are now, if not at sp (libaco
   * keeps a suspended coroutine's stack in a copy); 0: at sp. */
  uintptr_t bytes;
  size_t nbytes;
};

enum swg_saved_state {
  SWG_SAVED_OK,
  SWG_SAVED_NOT_STARTED, /* made, never run: no stack yet */
  SWG_SAVED_FINISHED,    /* its entry returned; not destroyed */
  SWG_SAVED_UNKNOWN,     /* the library's handle does not lead to it */
  SWG_SAVED_UNREADABLE,  /* the handle's memory is not what we expect */
};

/* The saved context of the suspended coroutine `handle` of `library` (the
 * profile name of its spawn site), entry function `entry`. Reads memory
 * safely: a freed or reused handle gives UNREADABLE or nonsense, never a
 * fault. The caller checks afterwards that it did not move meanwhile. */
SWG_HIDDEN enum swg_saved_state swg__saved_context(const char *library,
                                                  void *handle, void *entry,
                                                  struct swg_saved *out);
/* Whether the library's handle leads to its saved context on this
 * architecture. */
SWG_HIDDEN bool swg__saved_reachable(const char *library);

/* ---- saved.c: a suspended coroutine's stack and switch site -------- */

/* Copies the stack `s` describes into saved.c's own buffer: from its sp
 * up, 128 KiB at most. Libdwfl lock held from here to the walk. false
 * (note set) if nothing could be read. */
SWG_HIDDEN bool swg__saved_copy(const struct swg_saved *s,
                                struct swg_stack *out);
/* Walks the copy just made from s's registers, innermost first; frame 0
 * is where it resumes (a return address). */
SWG_HIDDEN void swg__saved_walk(const struct swg_saved *s,
                                struct swg_stack *out, int max);
/* Whether s was made and never run: its pc is a function's first byte. */
SWG_HIDDEN bool swg__saved_fresh(const struct swg_saved *s);
/* Reads n bytes at addr of this process; false if any is unreadable. */
SWG_HIDDEN bool swg__read_memory(uintptr_t addr, void *buf, size_t n);
/* The switch site (resume, yield, switch or yielding call) in the site
 * table of the module holding `pc` that is in `function`, at `line` of
 * `file` if line > 0; failing that, the function's only one. NULL: none.
 * Libdwfl lock held. */
struct swg_site;
SWG_HIDDEN const struct swg_site *swg__switch_site(uintptr_t pc,
                                                   const char *function,
                                                   const char *file, int line);

/* ---- the libdwfl lock (symbolize.c) ------------------------------------ */

/* fork() holds it (lifecycle.c) so a child's copy of libdwfl is whole; a
 * child makes it anew and keeps the parent's loaded symbols. */
SWG_HIDDEN void swg__dwfl_lock(void);
SWG_HIDDEN void swg__dwfl_unlock(void);
SWG_HIDDEN void swg__dwfl_lock_after_fork(void);

#endif /* SWITCHGUARD_STACK_H */
