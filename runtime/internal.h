/*===- internal.h - switchguard runtime internals ---------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Prototypes shared between the runtime's files, grouped by the file that
 * defines them. Public names are swg_*, ABI names __swg_*, and internal
 * ones swg__*.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_INTERNAL_H
#define SWITCHGUARD_INTERNAL_H

#include "switchguard_abi.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define SWG_HIDDEN __attribute__((visibility("hidden")))
#define SWG_LIKELY(x) __builtin_expect(!!(x), 1)
#define SWG_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ---- options.c ------------------------------------------------------- */

enum swg_format { SWG_FORMAT_TEXT, SWG_FORMAT_JSON };
enum swg_action { SWG_ACTION_ABORT, SWG_ACTION_REPORT };

typedef bool swg_opt_flag;
typedef int swg_opt_int;
typedef const char *swg_opt_str;
typedef enum swg_format swg_opt_format;
typedef enum swg_action swg_opt_action;

struct swg_options {
#define SWG_OPTION(type, name, def, values, help) swg_opt_##type name;
#include "options.inc"
#undef SWG_OPTION
};

extern struct swg_options swg__opts;

/* Parses the weak default-options hook, then SWITCHGUARD_OPTIONS. */
SWG_HIDDEN void swg__options_init(void);
/* Parses one options string into `o`; complains on `err` per bad item. */
SWG_HIDDEN void swg__options_parse(struct swg_options *o, const char *s,
                                   const char *origin, FILE *err);

/* ---- hooks.c: the per-thread switch state ---------------------------- */

/* One per thread that ever switched. The owning thread is the only writer
 * of seq/current/site (relaxed stores); the monitor only reads them. The
 * records live until exit so that the monitor never reads freed memory. */
struct swg_thread {
  _Atomic uint64_t seq;                     /* switch events so far */
  _Atomic(void *) current;                  /* NULL: the hub */
  _Atomic(const struct swg_site *) site;    /* the last switch site */
  void *hub_handle;                         /* the library's name for the hub */
  pid_t tid;
  _Atomic int alive;                        /* cleared when the thread exits */
  _Atomic int ignored;                      /* swg_ignore_current_blocking */
  _Atomic uint32_t generation;              /* bumped when a thread takes it */
  char name[16];
  struct swg_thread *next;                  /* the global list, push-only */
  /* Monitor-private: what it saw last time, and the open incident. */
  uint32_t mon_generation;
  uint64_t mon_seq;
  uint64_t mon_seen_ns;                     /* when mon_seq was first seen */
  uint64_t mon_next_report_ns;
  int mon_incident;                         /* reports so far, 0 if none */
  const struct swg_site *mon_site;
  void *mon_current;
  char mon_name[64];                        /* the blocked coroutine's */
};

SWG_HIDDEN struct swg_thread *swg__thread_list(void);
SWG_HIDDEN struct swg_thread *swg__thread_self(void);
SWG_HIDDEN void swg__threads_after_fork(struct swg_thread *survivor);

/* ---- registry.c: handle -> coroutine --------------------------------- */

struct swg_coro_info {
  void *handle;
  void *entry;
  void *parent;                   /* NULL: the hub of the spawning thread */
  const struct swg_site *spawn;
  const char *name;               /* entry name from the site, or set */
  bool owned_name;                /* name was copied by set_name */
  pid_t spawn_tid;
  uint64_t created_ns;
};

SWG_HIDDEN void swg__registry_add(const struct swg_coro_info *info);
SWG_HIDDEN void swg__registry_remove(void *handle);
/* Copies the entry for `handle` into `out`, and its name into `name` (n
 * bytes; out->name then points there); false if unknown. */
SWG_HIDDEN bool swg__registry_lookup(void *handle, struct swg_coro_info *out,
                                     char *name, size_t n);
/* Calls fn for each live coroutine, under the registry lock. */
SWG_HIDDEN void swg__registry_foreach(void (*fn)(const struct swg_coro_info *,
                                                 void *),
                                      void *arg);
SWG_HIDDEN size_t swg__registry_count(void);
/* Held across fork(); re-made in the child. */
SWG_HIDDEN void swg__registry_lock(void);
SWG_HIDDEN void swg__registry_unlock(void);
SWG_HIDDEN void swg__registry_after_fork(void);
/* Renames; the registry keeps its own copy of `name`. */
SWG_HIDDEN bool swg__registry_set_name(void *handle, const char *name);

/* ---- monitor.c ------------------------------------------------------- */

SWG_HIDDEN void swg__monitor_ensure_started(void);
SWG_HIDDEN void swg__monitor_stop(void);
SWG_HIDDEN void swg__monitor_after_fork(void);
SWG_HIDDEN pid_t swg__monitor_tid(void);
SWG_HIDDEN uint64_t swg__now_ns(void);

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
 * blocked system call return early. Returns out->depth (0: see note). */
SWG_HIDDEN int swg__capture_thread(pid_t tid, struct swg_stack *out,
                                   int max_depth);

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
 * valid until the next swg__symbolize_refresh. Runs on the monitor only. */
SWG_HIDDEN void swg__symbolize(const struct swg_frame *f, swg_symbol_fn fn,
                               void *arg);
/* Forget cached modules (after dlopen, or in a fork child). */
SWG_HIDDEN void swg__symbolize_refresh(void);

/* ---- report.c ---------------------------------------------------------- */

enum swg_event_kind { SWG_EV_BLOCKED, SWG_EV_STILL_BLOCKED, SWG_EV_UNBLOCKED };

struct swg_incident {
  enum swg_event_kind kind;
  struct swg_thread *thread;
  void *coro;                       /* the blocked coroutine's handle */
  const char *name;                 /* its name when first reported */
  const struct swg_site *site;      /* its last switch site */
  const struct swg_site *end_site;  /* unblocked: where it switched again */
  uint64_t blocked_ns;              /* how long so far */
  int report_no;                    /* 1 for the first report */
};

SWG_HIDDEN void swg__report_incident(const struct swg_incident *inc);
/* The name reports use for a coroutine handle. */
SWG_HIDDEN void swg__coro_name(void *handle, char *name, size_t n);
SWG_HIDDEN void swg__report_write(const char *buf, size_t len);

#endif /* SWITCHGUARD_INTERNAL_H */
