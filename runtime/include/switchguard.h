/*===- switchguard.h - switchguard's public interface -----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Annotations for the plugin and calls into the runtime. Without the plugin
 * (GCC, or clang without -fplugin=switchguard.so) the annotation macros
 * compile to nothing. The runtime calls need libswitchguard; define
 * SWG_NO_RUNTIME to turn them into no-ops for builds without it.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_H
#define SWITCHGUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---- annotations (need the plugin) ---------------------------------- */

#if defined(__clang__) && defined(__has_attribute)
#if __has_attribute(must_switch)
#define SWG_HAVE_PLUGIN 1
#endif
#endif

#ifdef SWG_HAVE_PLUGIN
/* Every call must see a switch before it returns. */
#define SWG_MUST_SWITCH __attribute__((must_switch))
/* ... and no stretch inside it may run longer than ms milliseconds. */
#define SWG_MUST_SWITCH_WITHIN(ms) __attribute__((must_switch(ms)))
/* The same, but the switch must be into the hub. */
#define SWG_MUST_SWITCH_TO_HUB __attribute__((must_switch_hub))
#define SWG_MUST_SWITCH_TO_HUB_WITHIN(ms) __attribute__((must_switch_hub(ms)))

/* Your own primitives (docs/libraries.md). Parameters count from 1. */
#define SWG_RESUME(to) __attribute__((swg_resume(to)))
#define SWG_YIELD __attribute__((swg_yield))
#define SWG_SWITCH(from, to) __attribute__((swg_switch(from, to)))
#define SWG_EXIT __attribute__((swg_exit))
/* entry: the entry function's parameter; the handle is the result. */
#define SWG_SPAWN(entry) __attribute__((swg_spawn(entry)))
#define SWG_SPAWN_INTO(entry, handle) __attribute__((swg_spawn(entry, handle)))
#define SWG_DESTROY(handle) __attribute__((swg_destroy(handle)))
/* Runs the scheduler inside (a sleep or I/O wait): its time is hub time. */
#define SWG_YIELDING __attribute__((swg_yielding))
/* This function is the scheduler: the context running it is the hub. */
#define SWG_HUB __attribute__((swg_hub))
/* This function is a coroutine body that the library starts itself. */
#define SWG_COROUTINE __attribute__((swg_coroutine))
/* May block: exempt from the compile-time blocking-call check. */
#define SWG_MAY_BLOCK __attribute__((swg_may_block))
/* One call that may block: n = SWG_MAY_BLOCK_CALL(read(fd, buf, len));
 * exempts that call, the calls in its arguments and what they call. The
 * value and type are the call's (void too); the plugin removes the marker. */
#define SWG_MAY_BLOCK_CALL(...)                                                \
  ((void)__builtin_annotation(0, "switchguard.may_block"), (__VA_ARGS__))
#else
#define SWG_MUST_SWITCH
#define SWG_MUST_SWITCH_WITHIN(ms)
#define SWG_MUST_SWITCH_TO_HUB
#define SWG_MUST_SWITCH_TO_HUB_WITHIN(ms)
#define SWG_RESUME(to)
#define SWG_YIELD
#define SWG_SWITCH(from, to)
#define SWG_EXIT
#define SWG_SPAWN(entry)
#define SWG_SPAWN_INTO(entry, handle)
#define SWG_DESTROY(handle)
#define SWG_YIELDING
#define SWG_HUB
#define SWG_COROUTINE
#define SWG_MAY_BLOCK
#define SWG_MAY_BLOCK_CALL(...) (__VA_ARGS__)
#endif

/* ---- the runtime ----------------------------------------------------- */

#ifndef SWG_NO_RUNTIME
/* Names a coroutine (by its library handle) in reports; the runtime keeps
 * a copy. Returns 0, or -1 if switchguard does not know the handle. */
int swg_coro_set_name(void *handle, const char *name);

/* Makes the calling context this thread's hub: for programs whose
 * scheduler runs in a coroutine of its own. */
void swg_set_hub(void);

/* must_switch for a block, at run time only (works without the plugin and
 * under GCC; needs the runtime):
 *
 *   SWG_ASSERT_SWITCHES(0) { ... }     the block must switch
 *   SWG_ASSERT_SWITCHES(50) { ... }    no stretch in it over 50 ms
 *   SWG_ASSERT_SWITCHES_TO_HUB(0) { ... }  the switch must be into the hub
 *
 * Leaving the block any way (break, return, goto) ends the scope. Code
 * that cannot use the macro calls swg_assert_switches_begin/_end on a
 * swg_scope_t of its own. */
typedef struct swg_scope {
  _Alignas(8) unsigned char storage[128]; /* the guard's state */
  _Alignas(8) unsigned char site[64];     /* where the block is */
} swg_scope_t;
enum { SWG_SCOPE_HUB_ONLY = 1 };
void swg_assert_switches_begin(swg_scope_t *scope, unsigned limit_ms,
                               unsigned flags, const char *file, int line,
                               const char *function);
void swg_assert_switches_end(swg_scope_t *scope);

#define SWG_ASSERT_SWITCHES_(ms, flags)                                        \
  for (swg_scope_t swg_scope_ __attribute__((cleanup(swg_assert_switches_end))), \
       *swg_scope_once_ = (swg_assert_switches_begin(&swg_scope_, (ms), (flags), \
                                                     __FILE__, __LINE__,       \
                                                     __func__),                \
                           &swg_scope_);                                       \
       swg_scope_once_; swg_scope_once_ = 0)
#define SWG_ASSERT_SWITCHES(ms) SWG_ASSERT_SWITCHES_(ms, 0)
#define SWG_ASSERT_SWITCHES_TO_HUB(ms) SWG_ASSERT_SWITCHES_(ms, SWG_SCOPE_HUB_ONLY)

/* The coroutine switchguard believes is running on this thread (its
 * library handle), or NULL for the hub; and the thread's switch count.
 * For debugging and tests. */
void *swg_current_coroutine(void);
unsigned long swg_switch_count(void);

/* This thread may block (a worker pool, say): never report it. */
void swg_ignore_current_blocking(void);
/* Undoes swg_ignore_current_blocking for this thread. */
void swg_monitor_current_blocking(void);
#else
#define swg_coro_set_name(h, n) ((void)(h), (void)(n), 0)
#define swg_set_hub() ((void)0)
#define swg_current_coroutine() ((void *)0)
#define SWG_ASSERT_SWITCHES(ms)
#define SWG_ASSERT_SWITCHES_TO_HUB(ms)
#define swg_switch_count() 0ul
#define swg_ignore_current_blocking() ((void)0)
#define swg_monitor_current_blocking() ((void)0)
#endif

/* ---- monitor events and run info (runtime/events.c, runinfo.c) -------
 *
 * A program can subscribe to what the monitor reports: the same facts as
 * the JSON lines of docs/report-format.md, as a struct. Callbacks run on
 * switchguard's event thread ("swg-events"), never on the program's own
 * threads, one at a time and in the order the events happened; the
 * monitor hands each event over and goes on, so a slow callback delays
 * later callbacks but never detection or reports. Pointers in the event
 * are valid until the callback returns. A callback must not call exit();
 * it may call swg_print_run_info and swg_event_unsubscribe. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum swg_event_kind {
  SWG_EVENT_BLOCKED,            /* no switch for max_blocking_ms */
  SWG_EVENT_STILL_BLOCKED,      /* ... still, at 2x, 4x, 8x the threshold */
  SWG_EVENT_UNBLOCKED,          /* the incident is over */
  SWG_EVENT_MUST_SWITCH_FAILED, /* a must_switch scope failed */
  SWG_EVENT_MEMORY_EXCEEDED,    /* over max_memory_mb, and growing */
  SWG_EVENT_MEMORY_OK,          /* back under max_memory_mb */
  SWG_EVENT_BLOCKING_CALL,      /* a coroutine made a blocking call */
};
#define SWG_EVENT_MASK(kind) (1u << (kind))
#define SWG_EVENTS_ALL 0x7fu

/* A place in the source; function is NULL when unknown. primitive and
 * library are set for switch sites only. */
struct swg_event_site {
  const char *function;
  const char *file;
  int line, column;
  const char *primitive;
  const char *library;
};

struct swg_event_frame {
  uintptr_t pc;
  const char *function;       /* NULL: unknown */
  const char *file;           /* NULL: no line information */
  int line, column;
  const char *module;         /* the ELF file */
  int inlined;                /* an inline frame inside the next one */
};

/* One of the distinct stacks an incident's samples found, innermost first. */
struct swg_event_stall {
  int count;                  /* samples with this stack */
  const struct swg_event_frame *frames;
  int depth;
};

/* Fields not used by an event's kind are zero or NULL. */
struct swg_event {
  size_t size;                /* sizeof(struct swg_event) of the runtime */
  enum swg_event_kind kind;
  const char *event;          /* "blocked", ...: the JSON "event" field */
  int pid;
  uint64_t time_ns;           /* CLOCK_MONOTONIC when the monitor saw it */
  unsigned long dropped;      /* events lost just before (queue full) */
  const char *report;         /* the report as written to the log */

  /* blocked, still_blocked, unblocked, must_switch_failed */
  int tid;
  const char *thread_name;
  void *coroutine;            /* NULL: the hub */
  const char *coroutine_name;
  double duration_ms;         /* blocked so far, in all (unblocked), or
                                 the longest stretch (must_switch_failed) */
  int max_blocking_ms;
  int report_no;              /* 1: blocked, 2...: still_blocked; the
                                 reports of the incident (unblocked) */
  struct swg_event_site last_switch;      /* before it blocked */
  struct swg_event_site spawn_site;       /* blocked */
  struct swg_event_site where;            /* blocked, still_blocked:
                                             innermost frame of the
                                             program's own code */
  const struct swg_event_frame *stack;    /* blocked, still_blocked,
                                             must_switch_failed:
                                             innermost first */
  int stack_depth;
  const char *capture;        /* "syscall", "signal" or "none" */
  const char *capture_note;   /* why there is no stack, or a caveat */
  const char *end;            /* unblocked: "switch", "thread_exit", "exit" */
  struct swg_event_site ended_by;         /* the switch that ended it */
  struct swg_event_site last_switch_seen; /* the monitor's last look */

  /* must_switch_failed */
  struct swg_event_site guard;            /* the scope */
  const char *reason;         /* "no_switch", "no_hub_switch", "stretch" */
  double limit_ms;            /* 0: no limit */
  const char *action;         /* "abort" or "report" */

  /* memory_exceeded, memory_ok */
  double rss_mb;
  double max_memory_mb;
  double previous_mb;         /* exceeded: the previous look, 0: first */
  double peak_mb;             /* ok: the highest look while over */

  /* New fields go here, at the end, so that a subscriber built against an
   * older header reads the fields it knows where they were; `size` says
   * which the runtime has. */

  /* must_switch_failed */
  struct swg_event_site exit;             /* the return it failed at */
  struct swg_event_site stretch_from;     /* the longest stretch's start */
  struct swg_event_site stretch_to;       /* and its end */

  /* still_blocked carries stack, capture, capture_note and where, as
   * blocked does. unblocked: where the incident spent its time, from the
   * stacks sampled while it was open (docs/report-format.md). */
  const struct swg_event_stall *stall_stacks; /* most seen first */
  int stall_stack_count;      /* at most 5 */
  int stall_more_stacks;      /* distinct stacks beyond those */
  int samples;                /* stacks sampled in all */

  /* blocking_call: also tid ... coroutine_name, spawn_site, where (the
   * call's caller), stack, last_switch, action */
  const char *call;           /* "read", "getaddrinfo", ... */
  const char *call_detail;    /* why it blocks: "descriptor 5, a pipe, ..." */
};

typedef void (*swg_event_fn)(const struct swg_event *ev, void *arg);

#ifndef SWG_NO_RUNTIME
/* Calls fn(ev, arg) for each event whose SWG_EVENT_MASK(kind) is in
 * `kinds`. Returns an id > 0, or -1 (bad arguments, or 16 subscribers). */
int swg_event_subscribe(unsigned kinds, swg_event_fn fn, void *arg);
/* After it returns the callback is never called again (unless it is the
 * caller). Returns 0, or -1 for an unknown id. */
int swg_event_unsubscribe(int id);
/* Prints every thread and each thread's coroutine tree (gevent's
 * print_run_info) to out, or to the report log when out is NULL. */
void swg_print_run_info(FILE *out);
/* Calls fn(arg) every period_ms on a thread of switchguard's own, never
 * a program thread (gevent's add_monitoring_function). A slow check delays
 * only other checks, never a detection or a report. Returns an id > 0, or
 * -1 (fn NULL, period_ms 0, 16 functions, or monitor=0). */
int swg_add_monitoring_function(void (*fn)(void *arg), void *arg,
                                unsigned period_ms);
/* After it returns fn is never called again (unless it is the caller).
 * Returns 0, or -1 for an unknown id. */
int swg_remove_monitoring_function(int id);
#else
#define swg_event_subscribe(k, f, a) ((void)(k), (void)(f), (void)(a), -1)
#define swg_event_unsubscribe(id) ((void)(id), -1)
#define swg_print_run_info(out) ((void)(out))
#define swg_add_monitoring_function(f, a, p) ((void)(f), (void)(a), (void)(p), -1)
#define swg_remove_monitoring_function(id) ((void)(id), -1)
#endif

#ifdef __cplusplus
}
#endif
#endif /* SWITCHGUARD_H */
