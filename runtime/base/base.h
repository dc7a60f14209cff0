/*===- base.h - What every layer of the runtime stands on --------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The bottom layer: options, the clock, /proc, the program's standard
 * descriptors, the one hash table, and how each of switchguard's threads
 * begins. Public names are swg_*, ABI names __swg_*, internal ones swg__*.
 *
 * Ground rules
 *   - Depends on nothing else of the runtime (libc and pthreads only).
 *   - Any thread may call it, the switch fast path included where a
 *     function says so; nothing here takes a lock the other layers hold.
 *   - Out of memory is never a crash: a caller that cannot allocate goes on
 *     with fewer details (a coroutine without a name, a site unknown). It
 *     is said only where silence would mislead: a report built in the
 *     reserve says what it left out, and a thread that cannot be watched
 *     is named once in the log (switch/hooks.c).
 *   - A configuration error (a bad option, a path that cannot be opened)
 *     is one line through swg__config_error, and the program goes on with
 *     the default.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_BASE_H
#define SWITCHGUARD_BASE_H

/* The runtime's code is in a section of its own, swg_text, bounded by the
 * linker's __start_swg_text and __stop_swg_text: the interceptors of
 * blocking calls (intercept/) tell the runtime's own waits, which run on
 * program threads too (at exit, in run info), from the program's by
 * their caller. */
#ifdef __clang__
#pragma clang section text = "swg_text"
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#define SWG_HIDDEN __attribute__((visibility("hidden")))
#define SWG_LIKELY(x) __builtin_expect(!!(x), 1)
#define SWG_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ---- options.c --------------------------------------------------------- */

enum swg_format { SWG_FORMAT_TEXT, SWG_FORMAT_JSON };
enum swg_action { SWG_ACTION_ABORT, SWG_ACTION_REPORT };
enum swg_blocking { SWG_BLOCKING_OFF, SWG_BLOCKING_REPORT, SWG_BLOCKING_ABORT };

typedef bool swg_opt_flag;
typedef int swg_opt_int;
typedef int swg_opt_signal; /* 0, or a signal options.c found usable */
typedef const char *swg_opt_str;
typedef enum swg_format swg_opt_format;
typedef enum swg_action swg_opt_action;
typedef enum swg_blocking swg_opt_blocking;

struct swg_options {
#define SWG_OPTION(type, name, def, values, help) swg_opt_##type name;
#include "options.inc"
#undef SWG_OPTION
};

extern struct swg_options swg__opts;

/* Parses the weak default-options hook, then SWITCHGUARD_OPTIONS. */
SWG_HIDDEN void swg__options_init(void);
/* Parses one options string into `o`; complains per bad item on `err`, or
 * through swg__config_error if `err` is NULL. */
SWG_HIDDEN void swg__options_parse(struct swg_options *o, const char *s,
                                   const char *origin, FILE *err);
/* A path option (log_path, run_info_path, trace_path) with each %p
 * replaced by this process's pid, into dst (n bytes). */
SWG_HIDDEN void swg__option_path(char *dst, size_t n, const char *path);
/* The monitor's period, from the options, whether or not it runs. */
SWG_HIDDEN uint64_t swg__monitor_period_ns(void);

/* ---- clock.c ------------------------------------------------------------ */

/* CLOCK_MONOTONIC in nanoseconds. */
SWG_HIDDEN uint64_t swg__now_ns(void);
/* timeout_ms from now on CLOCK_REALTIME, the clock of
 * pthread_cond_timedwait (default condition) and pthread_timedjoin_np. */
SWG_HIDDEN struct timespec swg__deadline_in(int timeout_ms);

/* ---- procfs.c: this process's threads, from /proc ---------------------- */

/* Reads /proc/self/task/TID/`what` (TID 0: the calling thread) into buf,
 * NUL-terminated: its length, or -1 with errno set. Opened briefly
 * (swg__brief_open): not for a signal handler. */
SWG_HIDDEN ssize_t swg__read_task_file(pid_t tid, const char *what, char *buf,
                                       size_t n);
/* The current name of thread tid, or false (name "?") if it is gone. */
SWG_HIDDEN bool swg__thread_comm(pid_t tid, char *name, size_t n);

/* ---- stdio.c: the program's descriptors 0-2 ---------------------------- */

/* Reads which of 0-2 the program was started with: the runtime's first
 * constructor, before the program's own can open files onto them. */
SWG_HIDDEN void swg__stdio_init(void);
/* Whether the program was started with descriptor 2 open: only then may
 * switchguard write to stderr. */
SWG_HIDDEN bool swg__stderr_usable(void);
/* One line about a configuration the runtime cannot follow, to stderr if
 * the program was started with one; the caller goes on with a default. */
SWG_HIDDEN void swg__config_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
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
/* A file open for a moment (a /proc read): with 0-2 closed at start it
 * waits for a plugged call to end, and the next plugged call for its
 * close. Not async-signal-safe. */
SWG_HIDDEN int swg__brief_open(const char *path, int flags);
SWG_HIDDEN void swg__brief_close(int fd);
SWG_HIDDEN void swg__stdio_after_fork(void);

/* ---- hashtab.c: the one hash, and key -> dense index ------------------ */

/* The one hash of the runtime: a 64-bit finaliser (MurmurHash3's), over a
 * pointer or a few words mixed into one. */
static inline size_t swg__hash_u64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return (size_t)h;
}
static inline size_t swg__hash_ptr(const void *p) {
  return swg__hash_u64((uintptr_t)p);
}

/* An open-addressed table of 32-bit indices into a dense array its owner
 * keeps (slot: index + 1, 0 empty; linear probing; at most half full), so
 * an entry costs its array element plus two slots. It holds no keys: the
 * owner probes from its key's hash and compares its own elements, and
 * gives the table hash_of(index) to move entries. No lock: the owner's. */
struct swg_index {
  uint32_t *slots;
  size_t mask; /* slots has mask + 1 entries, once slots is set */
};
typedef size_t (*swg_index_hash_fn)(uint32_t index, void *arg);

/* The first slot to probe for hash h. */
static inline size_t swg__index_home(const struct swg_index *x, size_t h) {
  return h & x->mask;
}
static inline size_t swg__index_next(const struct swg_index *x, size_t s) {
  return (s + 1) & x->mask;
}
/* Room for count + 1 entries: doubles the slots (the first time,
 * min_slots) when needed and re-enters indices [first, count). False if
 * out of memory, the table unchanged. */
SWG_HIDDEN bool swg__index_reserve(struct swg_index *x, uint32_t first,
                                   size_t count, size_t min_slots,
                                   swg_index_hash_fn hash_of, void *arg);
/* Empties slot s, moving later members of its probe run back. */
SWG_HIDDEN void swg__index_erase(struct swg_index *x, size_t s,
                                 swg_index_hash_fn hash_of, void *arg);

/* ---- ownthread.c: how each of switchguard's threads begins ------------- */

/* Starts one of switchguard's own threads with every signal blocked from
 * its first instruction; pthread_create's result. */
SWG_HIDDEN int swg__own_thread_create(pthread_t *t, bool detached,
                                      void *(*fn)(void *), void *arg);
/* First call of each of switchguard's own threads: blocks every signal,
 * names the thread, and leaves the scheduling it inherited from the
 * program thread that started it for the main thread's. `role` is what
 * run info calls the thread (NULL: nothing). */
SWG_HIDDEN void swg__own_thread_begin(const char *name, const char *role);
/* Whether tid is one of those threads, still running; whether any is. */
SWG_HIDDEN bool swg__own_thread_is(pid_t tid);
SWG_HIDDEN bool swg__own_threads_running(void);
/* The role thread tid began with, or NULL. */
SWG_HIDDEN const char *swg__own_thread_role(pid_t tid);
/* A fork child: the parent's threads are not its own. */
SWG_HIDDEN void swg__own_threads_after_fork(void);

/* ---- lifetime.c: the process ends when the program's threads do ------- */

/* From the runtime's constructor, on the main thread. */
SWG_HIDDEN void swg__lifetime_init(void);
/* Called by each of switchguard's threads as it begins: once glibc's main
 * thread has left (pthread_exit), one of them must end the process when
 * the last program thread does, as glibc would without them. */
SWG_HIDDEN void swg__lifetime_own_thread_started(void);
SWG_HIDDEN void swg__lifetime_after_fork(void);

#endif /* SWITCHGUARD_BASE_H */
