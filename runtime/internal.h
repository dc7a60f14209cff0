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

#include <pthread.h>
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
typedef int swg_opt_signal; /* 0, or a signal options.c found usable */
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

/* A thread's switch state, in its own static TLS block (__swg_tls), where
 * the pass's inline fast path writes it at fixed offsets (switchguard_abi.h)
 * with no pointer to load first. Only the owning thread writes seq, current,
 * site and hub_handle; the monitor reads them through its record's `hot`. */
struct swg_hot {
  _Atomic uint64_t seq;                     /* switch events so far */
  _Atomic(void *) current;                  /* NULL: the hub */
  _Atomic(const struct swg_site *) site;    /* the last switch site */
  void *hub_handle;                         /* the library's name for the hub */
  /* Not zero while every switch must go through the runtime: the thread
   * has no record yet (SWG_SLOW_UNREGISTERED), guards watch it, or a
   * recording wants every switch. */
  _Atomic uint32_t slow;
  /* A serial number per thread, never reused (records are): a guarded
   * scope tells the thread it was entered on from a later one. */
  uint64_t owner;
};
#define SWG_SLOW_WATCHED 1u
#define SWG_SLOW_UNREGISTERED 2u

/* One per thread that ever switched. The records live until exit so that
 * the monitor never reads freed memory; the TLS block does not outlive its
 * thread, so at exit the thread copies its state into `parked` and points
 * `hot` there, once no other thread is reading it (swg__hot_read). */
struct swg_thread {
  struct swg_hot *_Atomic hot; /* &__swg_tls of its thread */
  _Atomic uint32_t readers;    /* other threads reading *hot */
  struct swg_hot parked;       /* *hot once the thread exited */
  /* A coroutine announced by a start call (neco_start) that will name
   * itself at its body's entry: its parent and spawn site until then. */
  const struct swg_site *pending_site;
  void *pending_parent;
  void *pending_entry;
  bool native_named;                        /* see native_coroutine() */
  /* Guards that must see every switch (a limit, or hub-only): guard.c's
   * table, kept in watch_table; `watch` points to it only while it has
   * entries, and the fast path calls guard.c only then. */
  struct swg_watch *_Atomic watch;
  struct swg_watch *watch_table;            /* under watch_lock */
  atomic_flag watch_lock;                   /* owner vs a migrated exit */
  uint64_t stretch_start_ns;                /* kept while watch != NULL */
  const struct swg_site *stretch_site;
  bool record;                              /* trace.c wants every switch */
  _Atomic pid_t tid;                        /* a reused record is rewritten */
  _Atomic int alive;                        /* cleared when the thread exits */
  _Atomic int ignored;                      /* swg_ignore_current_blocking */
  /* Bumped to odd when a thread starts taking the record and to even
   * once tid and name_pub are its own: a seqlock for the monitor. */
  _Atomic uint32_t generation;
  char name[16];                            /* the owner's (trace, registry) */
  _Atomic uint64_t name_pub[2];             /* name, for other threads */
  struct swg_thread *next;                  /* the global list, push-only */
  /* Monitor-private: what it saw last time, and the open incident. */
  uint32_t mon_generation;
  pid_t mon_tid;                            /* mon_generation's thread: its */
  char mon_thread_name[16];                 /* tid and name, read once */
  uint64_t mon_seq;
  uint64_t mon_seen_ns;                     /* when mon_seq was first seen */
  uint64_t mon_delay0_ns;                   /* its wait for a CPU so far, */
  bool mon_delay_known;                     /* from the stretch's 2nd look */
  bool mon_ran;                             /* on a CPU since the last look */
  uint64_t mon_cpu_ns;                      /* its CPU time at the last look */
  uint64_t mon_next_report_ns;
  int mon_incident;                         /* reports so far, 0 if none */
  const struct swg_site *mon_site;
  void *mon_current;
  char mon_name[64];                        /* the blocked coroutine's */
};

SWG_HIDDEN struct swg_thread *swg__thread_list(void);
/* This thread's switch state, the ABI's SWG_TLS_SYMBOL, which instrumented
 * code writes inline; and its record, NULL until its first event. */
extern __thread struct swg_hot __swg_tls
    __attribute__((tls_model("initial-exec")));
extern __thread struct swg_thread *swg__tls_self
    __attribute__((tls_model("initial-exec"))) SWG_HIDDEN;
SWG_HIDDEN struct swg_thread *swg__thread_register(void);
/* Recomputes t's slow flag after its watch table or recording changed;
 * from any thread. */
SWG_HIDDEN void swg__update_slow(struct swg_thread *t);
static inline struct swg_thread *swg__thread_self(void) {
  struct swg_thread *t = swg__tls_self;
  return SWG_LIKELY(t != NULL) ? t : swg__thread_register();
}
/* The calling thread's own switch count and context: it is their writer. */
static inline uint64_t swg__own_seq(void) {
  return atomic_load_explicit(&__swg_tls.seq, memory_order_relaxed);
}
static inline void *swg__own_current(void) {
  return atomic_load_explicit(&__swg_tls.current, memory_order_relaxed);
}
/* Another thread's switch state, held against its exit until
 * swg__hot_done: the exiting thread waits for no reader to be left before
 * its TLS block goes. Both sides are sequentially consistent, so either
 * the reader sees `parked` or the exiting thread sees the reader. */
static inline struct swg_hot *swg__hot_read(struct swg_thread *t) {
  atomic_fetch_add(&t->readers, 1);
  return atomic_load(&t->hot);
}
static inline void swg__hot_done(struct swg_thread *t) {
  atomic_fetch_sub_explicit(&t->readers, 1, memory_order_release);
}
static inline uint64_t swg__thread_seq(struct swg_thread *t) {
  uint64_t seq =
      atomic_load_explicit(&swg__hot_read(t)->seq, memory_order_acquire);
  swg__hot_done(t);
  return seq;
}
static inline const struct swg_site *swg__thread_site(struct swg_thread *t) {
  const struct swg_site *site = atomic_load(&swg__hot_read(t)->site);
  swg__hot_done(t);
  return site;
}
static inline void *swg__thread_current(struct swg_thread *t) {
  void *cur = atomic_load(&swg__hot_read(t)->current);
  swg__hot_done(t);
  return cur;
}
/* Is `current` (as read from a thread's state, with the site of the switch
 * that set it) the hub? NULL always is; with address handles (fcontext) an
 * address inside no coroutine's stack is too. Monitor only. */
SWG_HIDDEN bool swg__is_hub(void *current, const struct swg_site *site);
SWG_HIDDEN void swg__threads_after_fork(struct swg_thread *survivor);

/* ---- guard.c: must_switch scopes ---------------------------------------- */

/* Called by the fast path on each switch while t->watch is set, before the
 * thread's current context changes to `to`. */
SWG_HIDDEN void swg__guards_on_switch(struct swg_thread *t, void *to,
                                      const struct swg_site *site);

/* ---- trace.c: the timeline and the blocking profile --------------------- */

/* Whether switches must be recorded (a trace file or a profile); asked once
 * per thread, when it first switches. */
SWG_HIDDEN bool swg__record_wanted(void);
/* Called by the fast path on each switch of a recording thread, before its
 * current context changes to `to`. */
SWG_HIDDEN void swg__record_switch(struct swg_thread *t, void *to,
                                   const struct swg_site *site);
/* Called by __swg_destroy (any thread) when a coroutine is destroyed, so
 * that a handle reused by a new coroutine is named anew in the trace and
 * profile. Cheap: one relaxed atomic increment. */
SWG_HIDDEN void swg__record_forget(void *handle);

/* ---- registry.c: handle -> coroutine --------------------------------- */

struct swg_coro_info {
  void *handle;
  void *entry;
  void *parent;                   /* NULL: the hub of the spawning thread */
  const struct swg_site *spawn;
  const char *name;               /* entry name from the site, or set */
  bool owned_name;                /* name was copied by set_name */
  uint16_t spawn_depth;           /* spawn_pcs' length (packed: 80 bytes) */
  pid_t spawn_tid;
  uint64_t created_ns;
  uintptr_t stack_lo, stack_hi;   /* address handles: its stack, else 0 */
  uintptr_t *spawn_pcs;           /* spawn_stack=1: where it was made */
};

SWG_HIDDEN void swg__registry_add(const struct swg_coro_info *info);
SWG_HIDDEN void swg__registry_remove(void *handle);
/* Copies the entry for `handle` into `out`, and its name into `name` (n
 * bytes; out->name then points there); false if unknown. A handle that is
 * no entry's own but lies inside a coroutine's stack (address handles,
 * fcontext) finds that coroutine. */
SWG_HIDDEN bool swg__registry_lookup(void *handle, struct swg_coro_info *out,
                                     char *name, size_t n);
SWG_HIDDEN bool swg__registry_contains(void *handle);
/* Copies up to max pcs of the coroutine's spawn stack; returns how many. */
SWG_HIDDEN int swg__registry_spawn_stack(void *handle, uintptr_t *out,
                                         int max);

/* ---- spawnstack.c: spawn_stack=1 ------------------------------------------ */

/* The caller's stack, for the registry entry being made (NULL if off). */
SWG_HIDDEN uintptr_t *swg__spawn_stack_capture(uint16_t *depth);
/* "  Spawn stack:" and its frames, for a blocked report. */
struct swg_buf;
SWG_HIDDEN void swg__spawn_stack_text(struct swg_buf *b, void *handle);
/* Calls fn for each live coroutine, under the registry lock. */
SWG_HIDDEN void swg__registry_foreach(void (*fn)(const struct swg_coro_info *,
                                                 void *),
                                      void *arg);
SWG_HIDDEN size_t swg__registry_count(void);
/* Held across fork(); re-made in the child. */
SWG_HIDDEN void swg__registry_lock(void);
SWG_HIDDEN void swg__registry_unlock(void);
SWG_HIDDEN void swg__registry_after_fork(pid_t old_tid, pid_t new_tid);
/* Renames; the registry keeps its own copy of `name`. */
SWG_HIDDEN bool swg__registry_set_name(void *handle, const char *name);

/* ---- ownthread.c ----------------------------------------------------- */

/* Starts one of switchguard's own threads with every signal blocked from
 * its first instruction; pthread_create's result. */
SWG_HIDDEN int swg__own_thread_create(pthread_t *t, bool detached,
                                      void *(*fn)(void *), void *arg);
/* First call of each of switchguard's own threads: blocks every signal,
 * names the thread, and leaves the scheduling it inherited from the
 * program thread that started it for the main thread's. */
SWG_HIDDEN void swg__own_thread_begin(const char *name);
/* Whether tid is one of those threads, still running; whether any is. */
SWG_HIDDEN bool swg__own_thread_is(pid_t tid);
SWG_HIDDEN bool swg__own_threads_running(void);
/* A fork child: the parent's threads are not its own. */
SWG_HIDDEN void swg__own_threads_after_fork(void);

/* ---- lifetime.c: the process ends when the program's threads do ------ */

/* Called by each of switchguard's threads as it begins: once glibc's main
 * thread has left (pthread_exit), one of them must end the process when
 * the last program thread does, as glibc would without them. */
SWG_HIDDEN void swg__lifetime_own_thread_started(void);
/* A fork child (monitor.c's after-fork work). */
SWG_HIDDEN void swg__lifetime_after_fork(void);

/* ---- monitor.c ------------------------------------------------------- */

SWG_HIDDEN void swg__monitor_ensure_started(void);
SWG_HIDDEN void swg__monitor_stop(void);
/* Called in a fork child (hooks.c's atfork handler): a fresh monitor. */
SWG_HIDDEN void swg__monitor_after_fork(void);
SWG_HIDDEN pid_t swg__monitor_tid(void);
/* The monitor's period, from the options, whether or not it runs. */
SWG_HIDDEN uint64_t swg__monitor_period_ns(void);
SWG_HIDDEN uint64_t swg__now_ns(void);
/* Asks the monitor to print run info (runinfo.c) at once; returns false
 * if no monitor runs. Async-signal-safe. */
SWG_HIDDEN bool swg__monitor_request_run_info(void);
/* The monitor holds this lock for each pass; another thread takes it to
 * use libdwfl (naming entry functions) or to hold off fork(). */
SWG_HIDDEN void swg__monitor_lock(void);
SWG_HIDDEN void swg__monitor_unlock(void);

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

/* Reads /proc/self/task/TID/`what` (TID 0: the calling thread) into buf,
 * NUL-terminated: its length, or -1 with errno set. */
SWG_HIDDEN ssize_t swg__read_task_file(pid_t tid, const char *what, char *buf,
                                       size_t n);
/* Installs the capture signal handler (chaining any previous one). */
SWG_HIDDEN int swg__capture_init(int signo);
/* Captures the stack of thread `tid` of this process. Never makes a
 * blocked system call return early. Returns out->depth (0: see note). One
 * caller at a time (report.c's lock): it walks a copy of its own. */
SWG_HIDDEN int swg__capture_thread(pid_t tid, struct swg_stack *out,
                                   int max_depth);

/* The stack of a blocked thread, copied when the monitor decides, for the
 * reporter to walk whenever it comes to it: by then the thread may long
 * have moved on. A few exist. */
struct swg_snapshot;
/* A copy of thread tid's stack, if a snapshot is free and the thread is in
 * a system call or, running, answers the capture signal within 10 ms;
 * else NULL (the report then captures as it can). */
SWG_HIDDEN struct swg_snapshot *swg__snapshot_take(pid_t tid);
/* Walks the copy into out, as swg__capture_thread would, and frees it. */
SWG_HIDDEN void swg__snapshot_walk(struct swg_snapshot *snap, pid_t tid,
                                   struct swg_stack *out, int max_depth);
SWG_HIDDEN void swg__snapshot_free(struct swg_snapshot *snap);
/* A fork child: every snapshot is free (the parent's reports stay its). */
SWG_HIDDEN void swg__snapshots_after_fork(void);

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
/* Bumped by each refresh: names remembered from an older epoch are stale. */
SWG_HIDDEN unsigned swg__symbols_epoch(void);

/* ---- wanted from hooks.c and registry.c (the lead's) ------------------ */

/* Weak fallbacks that know nothing live in runinfo.c and report.c; a
 * strong definition in hooks.c or registry.c replaces them. */

enum swg_coro_run {
  SWG_CORO_UNKNOWN,        /* the fallback: reports guess from `current` */
  SWG_CORO_RUNNING,
  SWG_CORO_SUSPENDED,
  SWG_CORO_FINISHED,       /* its entry function returned; not destroyed */
};
struct swg_coro_state {
  enum swg_coro_run run;
  const struct swg_site *suspended_at; /* the switch it left by, if known */
};
/* REQUEST (lead): what the fast path knows of one coroutine. Called by the
 * monitor and by swg_print_run_info without the registry lock held. */
SWG_HIDDEN void swg__coro_state(const struct swg_coro_info *c,
                                struct swg_coro_state *out);
/* REQUEST (lead): the site of thread t's switch number `seq` (the value
 * t->seq took with it), if still remembered, else NULL. With it an
 * `unblocked` report names the switch that ended a blockage, not only the
 * last switch the monitor saw. */
SWG_HIDDEN const struct swg_site *swg__thread_switch_site(
    struct swg_thread *t, uint64_t seq);

/* ---- output.c: building reports and writing them whole ----------------- */

struct swg_buf {
  char *p;
  size_t len, cap;
  bool oom;                /* something was left out: out of memory;
                              nothing more is appended until emptied */
  bool urgent;             /* a report: may fall back on output.c's reserve */
  bool reserved;           /* p is that reserve */
};

SWG_HIDDEN void swg__bprintf(struct swg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Frees the buffer, or gives the reserve back. */
SWG_HIDDEN void swg__bfree(struct swg_buf *b);
/* A JSON string, escaped, or null for NULL. */
SWG_HIDDEN void swg__bjson(struct swg_buf *b, const char *s);
/* {"event":"NAME","pid":N,"time":UNIX_SECONDS  (the object stays open) */
SWG_HIDDEN void swg__bjson_head(struct swg_buf *b, const char *event);
/* The same, for an event that happened at at_ns (CLOCK_MONOTONIC). */
SWG_HIDDEN void swg__bjson_head_at(struct swg_buf *b, const char *event,
                                   uint64_t at_ns);
SWG_HIDDEN bool swg__json(void); /* format=json */
/* Writes buf with one write() under one lock, to stderr or log_path;
 * nowhere if there is no log_path and the program started without stderr. */
SWG_HIDDEN void swg__report_write(const char *buf, size_t len);
/* Whether the program was started with descriptor 2 open: only then may
 * switchguard write to stderr. */
SWG_HIDDEN bool swg__stderr_usable(void);
/* fd itself, or, if it is 0, 1 or 2, a close-on-exec copy above them with
 * fd closed: a descriptor switchguard keeps is never one of the program's
 * standard ones. -1 stays -1 (errno kept). */
SWG_HIDDEN int swg__fd_above_stdio(int fd);
/* Around a library call that opens descriptors switchguard cannot move
 * afterwards (libdw's, and the libcurl it may start): /dev/null holds
 * each of 0-2 that is free, if the program started without one of them.
 * Unplug closes only those still holding /dev/null. */
SWG_HIDDEN unsigned swg__stdio_plug(void);
SWG_HIDDEN void swg__stdio_unplug(unsigned plugged);
/* A fork child: the lock anew, and its own %p log file. */
SWG_HIDDEN void swg__output_after_fork(void);
/* The current name of thread tid, from /proc ("?" if gone). */
SWG_HIDDEN void swg__thread_comm(pid_t tid, char *name, size_t n);

/* ---- events.c: subscribers (switchguard.h) ----------------------------- */

#include "include/switchguard.h"

/* Whether any subscriber wants events of this kind: cheap, any thread. */
SWG_HIDDEN bool swg__events_wanted(enum swg_event_kind kind);
/* Queues a deep copy of ev for the subscribers; never blocks on them. */
SWG_HIDDEN void swg__events_publish(const struct swg_event *ev);
/* Waits up to timeout_ms until every queued event has been delivered
 * (before an abort). */
SWG_HIDDEN void swg__events_flush(int timeout_ms);
/* At exit: deliver what is queued (up to timeout_ms), stop the thread. */
SWG_HIDDEN void swg__events_shutdown(int timeout_ms);
SWG_HIDDEN void swg__events_after_fork(void);
SWG_HIDDEN pid_t swg__events_tid(void);

/* ---- report.c: incidents and failed scopes ------------------------------ */

enum swg_end {
  SWG_END_SWITCH,          /* the thread switched again */
  SWG_END_THREAD_EXIT,     /* the thread exited while blocked */
  SWG_END_EXIT,            /* the process is exiting */
};

/* One report of one incident, as the monitor decided it. */
struct swg_incident {
  enum swg_event_kind kind;         /* BLOCKED, STILL_BLOCKED or UNBLOCKED */
  struct swg_thread *thread;
  pid_t tid;                        /* the blocked thread's, and its */
  char thread_name[16];             /* name, as at the blocked report */
  void *coro;                       /* the blocked coroutine's handle */
  const char *name;                 /* its name when first reported */
  const struct swg_site *site;      /* its last switch site */
  const struct swg_site *end_site;  /* unblocked: the last switch seen */
  const struct swg_site *ended_by;  /* unblocked: the switch ending it */
  enum swg_end end;
  uint64_t seq;                     /* the thread's switch count, blocked */
  uint64_t blocked_ns;              /* how long so far */
  uint64_t time_ns;                 /* when the monitor decided */
  int report_no;                    /* 1 for the first report */
  /* blocked: the coroutine's registry entry as the monitor decided, for
   * the reporter may come when its handle names a newer one. */
  bool coro_known;
  struct swg_coro_info coro_info;   /* .name points nowhere: see below */
  char coro_name[64];               /* its own name, if it has one */
  struct swg_snapshot *snapshot;    /* blocked: its stack then, or NULL */
};

/* The reporter thread only (it walks stacks, and names the blocked
 * coroutine once, in its thread's record, for the later reports). */
SWG_HIDDEN void swg__report_incident(const struct swg_incident *inc);

/* ---- reporter.c: the thread that writes the monitor's reports -------- */

/* Queues the monitor's decisions, in order; reported at once, on the
 * calling thread, when no reporter runs. */
SWG_HIDDEN void swg__reporter_post(const struct swg_incident *incs, size_t n);
/* The run info report (run_info_signal), on the reporter thread. */
SWG_HIDDEN void swg__reporter_run_info(void);
SWG_HIDDEN void swg__reporter_start(void);
/* Writes everything posted, then ends the thread. */
SWG_HIDDEN void swg__reporter_stop(void);
SWG_HIDDEN void swg__reporter_lock(void);   /* fork() takes it */
SWG_HIDDEN void swg__reporter_unlock(void);
SWG_HIDDEN void swg__reporter_after_fork(void);
SWG_HIDDEN pid_t swg__reporter_tid(void);
/* Starts loading what symbolising a first stack needs (libc's symbols and
 * debug information: tens of ms) on a helper thread, ahead of a report
 * that looks likely; decisions never wait for it. Once per process. */
SWG_HIDDEN void swg__report_warm(void);
SWG_HIDDEN pid_t swg__report_warm_tid(void); /* 0 when not running */
/* The lock every use of libdwfl takes (capture, symbols, names). fork()
 * holds it (after the monitor lock) so a child's copy is whole; a child
 * makes it anew and keeps the parent's loaded symbols. */
SWG_HIDDEN void swg__report_lock(void);
SWG_HIDDEN void swg__report_unlock(void);
SWG_HIDDEN void swg__report_after_fork(void);
/* The name reports use for a coroutine handle. */
SWG_HIDDEN void swg__coro_name(void *handle, char *name, size_t n);
/* Copies inc->coro's registry entry into the incident (the monitor, as it
 * decides a blockage). */
SWG_HIDDEN void swg__incident_take_coro(struct swg_incident *inc);
/* The name of the function at `entry`, from its symbols; false if none.
 * Takes the libdwfl lock: may wait for a symbol load. */
SWG_HIDDEN bool swg__entry_name(void *entry, char *name, size_t n);
/* elfnames.c: the function at addr from the loaded ELF files' symbol
 * tables, for when libdwfl cannot read the process (non-dumpable). */
SWG_HIDDEN bool swg__elf_symbol(uintptr_t addr, char *name, size_t n);
/* A site record as an event site (all NULL for NULL). */
SWG_HIDDEN struct swg_event_site swg__event_site(const struct swg_site *s);
/* Text: "primitive in function at file:line:col"; JSON: a site object. */
SWG_HIDDEN void swg__site_text(struct swg_buf *b, const struct swg_event_site *s);
SWG_HIDDEN void swg__site_json(struct swg_buf *b, const struct swg_event_site *s);

/* A failed must_switch scope, as guard.c reports it. */
struct swg_guard_failure {
  struct swg_thread *thread;        /* the calling thread */
  void *coro;                       /* the current coroutine; NULL: hub */
  const struct swg_site *guard;     /* the scope: function, file, line */
  const char *reason;               /* "no_switch", "no_hub_switch",
                                       "stretch" (see report-format.md) */
  uint64_t stretch_ns;              /* the longest stretch inside it */
  uint64_t limit_ns;                /* must_switch(ms) limit; 0: none */
  const struct swg_site *exit;      /* the return it failed at */
  const struct swg_site *stretch_from, *stretch_to; /* the longest one */
};
/* Reports a failed scope from the failing thread itself, queues the event
 * for subscribers, and with must_switch_action=abort delivers it (1 s at
 * most) and aborts; returns otherwise. Any thread; not in a signal. */
SWG_HIDDEN void swg__report_must_switch_failed(
    const struct swg_guard_failure *f);

/* ---- runinfo.c: threads and coroutine trees ------------------------------ */

/* Every thread of the process: name, hub, ignored, blocked, ours. */
SWG_HIDDEN void swg__threads_text(struct swg_buf *b, pid_t blocked);
SWG_HIDDEN void swg__threads_json(struct swg_buf *b, pid_t blocked);
/* The coroutines spawned on thread tid (0: every thread), as a tree by
 * spawn parent: name, handle, state, spawn site, suspended site, age.
 * Monitor lock held. */
SWG_HIDDEN void swg__coroutines_text(struct swg_buf *b, pid_t tid);
SWG_HIDDEN void swg__coroutines_json(struct swg_buf *b, pid_t tid);
/* The run_info report, to the log (the reporter, on request). */
SWG_HIDDEN void swg__run_info_report(void);
/* Makes and opens the run_info_path FIFO, once (output.c's constructor). */
SWG_HIDDEN void swg__run_info_init(void);
/* On the monitor thread, each time it wakes: anything written to the FIFO
 * since asks for one run info. Never blocks. */
SWG_HIDDEN void swg__run_info_poll(void);

/* ---- memory.c: max_memory_mb, gevent's rule ------------------------------ */

struct swg_memory {
  uint64_t exceeded;       /* the last look above the limit; 0: under */
  uint64_t reported;       /* at the last memory_exceeded */
  uint64_t peak;           /* the highest look since it went over */
};
/* One look: SWG_EVENT_MEMORY_EXCEEDED when over the limit, above the last
 * look and more than `slack` above the last report (slack 0: gevent's
 * rule exactly), SWG_EVENT_MEMORY_OK when back under, else -1. */
SWG_HIDDEN int swg__memory_step(struct swg_memory *m, uint64_t rss,
                                uint64_t limit, uint64_t slack);
/* Monitor: compares the resident size every memory_period_ms. */
SWG_HIDDEN void swg__memory_check(uint64_t now_ns);
SWG_HIDDEN void swg__memory_after_fork(void);

/* ---- summary.c: the exit summary ----------------------------------------- */

/* An incident of thread tid (record t) began, located at `where`
 * (function NULL: unknown). */
SWG_HIDDEN void swg__summary_blocked(struct swg_thread *t, pid_t tid,
                                     const struct swg_event_site *where,
                                     const char *name);
SWG_HIDDEN void swg__summary_unblocked(struct swg_thread *t, uint64_t ns);
SWG_HIDDEN void swg__summary_count(enum swg_event_kind kind);
/* At exit, if anything was reported. */
SWG_HIDDEN void swg__summary_print(void);
SWG_HIDDEN void swg__summary_after_fork(void);

#endif /* SWITCHGUARD_INTERNAL_H */
