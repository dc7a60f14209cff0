/*===- report.h - Reports: events, views, the writer ----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Everything a report is made of and where it goes: the buffer and the
 * writer (output.c), sites and names (sites.c), incidents and failed
 * scopes as events (report.c), the reporter thread (reporter.c), threads
 * and coroutine trees (runinfo.c), subscribers (events.c), USDT probes
 * (probes.c) and the exit summary (summary.c).
 *
 * Ground rules
 *   - Depends on base/, switch/ and stack/.
 *   - Runs on the reporter thread (incidents, run info on request), on a
 *     thread of switchguard's own for a failed scope, on the events thread
 *     (subscribers' callbacks), and on program threads for
 *     swg_print_run_info and the memory and profile lines. Never on a
 *     switch, never in a signal handler.
 *   - May allocate; a report that cannot (swg_buf.urgent) is built in a
 *     reserve and says what it left out.
 *   - Locks, outermost first: the view lock, the libdwfl lock, the
 *     reporter's queue lock, then the registry's; the writer's and the
 *     events queue's are leaves, taken with nothing else to take inside.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_REPORT_H
#define SWITCHGUARD_REPORT_H

#include "stack.h"
#include "switch.h"
#include "switchguard.h"

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
/* A fork child: the lock anew, and its own %p log file. */
SWG_HIDDEN void swg__output_after_fork(void);

/* ---- events.c: subscribers (switchguard.h) ----------------------------- */

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

/* ---- probes.c: USDT probes, provider "switchguard" ---------------------- */

/* Fires ev's probe (a nop unless a tracer is attached). */
SWG_HIDDEN void swg__probe_event(const struct swg_event *ev);

/* ---- sites.c: sites and names as reports show them ------------------- */

/* The name reports use for a coroutine handle. */
SWG_HIDDEN void swg__coro_name(void *handle, char *name, size_t n);
/* The same with the registry entry it read (zeroed if none: false). */
SWG_HIDDEN bool swg__coro_entry(void *handle, struct swg_coro_info *c,
                                char *name, size_t n);
/* The same from a copy of its registry entry (known: one was found) and
 * its own name, if any: the entry function's name, or a made-up one. */
SWG_HIDDEN void swg__coro_name_of(void *handle, const struct swg_coro_info *c,
                                  bool known, const char *own, char *name,
                                  size_t n);
/* The name of the function at `entry`, from its symbols; false if none.
 * Takes the libdwfl lock: may wait for a symbol load. */
SWG_HIDDEN bool swg__entry_name(void *entry, char *name, size_t n);
/* A site record as an event site (all NULL for NULL). */
SWG_HIDDEN struct swg_event_site swg__event_site(const struct swg_site *s);
/* Text: "primitive in function at file:line:col"; JSON: a site object. */
SWG_HIDDEN void swg__site_text(struct swg_buf *b, const struct swg_event_site *s);
SWG_HIDDEN void swg__site_json(struct swg_buf *b, const struct swg_event_site *s);

/* "  Spawn stack:" and its frames, for a blocked report. */
SWG_HIDDEN void swg__spawn_stack_text(struct swg_buf *b, void *handle);

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
/* Copies inc->coro's registry entry into the incident (the monitor, as it
 * decides a blockage). */
SWG_HIDDEN void swg__incident_take_coro(struct swg_incident *inc);

/* For events built elsewhere (blocking_call.c), report.c's pieces: the
 * frames of pcs (return addresses, innermost first) into ev->stack and
 * ev->where (libdwfl lock held; valid until the next call); the JSON of a
 * thread and coroutine, a site, a stack; a stack in text; writing the
 * report and handing the event to subscribers and probes. */
SWG_HIDDEN void swg__event_symbolize(const uintptr_t *pcs, int n,
                                     struct swg_event *ev);
SWG_HIDDEN void swg__event_who_json(struct swg_buf *b,
                                    const struct swg_event *ev);
SWG_HIDDEN void swg__event_site_json(struct swg_buf *b, const char *key,
                                     const struct swg_event_site *s);
SWG_HIDDEN void swg__event_stack_json(struct swg_buf *b,
                                      const struct swg_event *ev);
SWG_HIDDEN void swg__event_stack_text(struct swg_buf *b,
                                      const struct swg_event *ev,
                                      const char *title);
SWG_HIDDEN void swg__event_emit(struct swg_buf *b, struct swg_event *ev);

/* ---- blocking_call.c: a blocking call made from a coroutine ------------ */

/* What intercept/blocking.c found, on the calling thread. */
struct swg_blocking_call {
  const char *call;                 /* "read" */
  char detail[96];                  /* why it blocks */
  struct swg_thread *thread;
  pid_t tid;
  void *coro;                       /* the coroutine that made it */
  bool coro_known;                  /* its registry entry, as it was */
  struct swg_coro_info coro_info;   /* (.name NULL: see coro_name) */
  char coro_name[64];               /* its own name, if it has one */
  const struct swg_site *last_switch;
  uint64_t time_ns;
  uintptr_t pcs[SWG_MAX_FRAMES];    /* from the call's caller outwards */
  int depth;
};

/* Queues it for a thread of switchguard's own, which reports them in
 * order (the caller may run on a coroutine's small stack); with
 * blocking_calls=abort waits for the report, delivers the event (1 s at
 * most) and aborts. */
SWG_HIDDEN void swg__report_blocking_call(const struct swg_blocking_call *bc);
/* At exit: waits up to timeout_ms for the reports queued. */
SWG_HIDDEN void swg__blocking_calls_drain(int timeout_ms);
SWG_HIDDEN void swg__blocking_calls_after_fork(void);

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
/* The view lock: held while anything reads every thread's record and the
 * registry as one picture (a monitor pass, run info, a failed scope's
 * report), so fork() never copies half a decision. The outermost lock. */
SWG_HIDDEN void swg__view_lock(void);
SWG_HIDDEN void swg__view_unlock(void);
SWG_HIDDEN void swg__reporter_after_fork(void);
/* Starts loading what symbolising a first stack needs (libc's symbols and
 * debug information: tens of ms) on a helper thread, ahead of a report
 * that looks likely; decisions never wait for it. Once per process. */
SWG_HIDDEN void swg__report_warm(void);
/* Reports a failed scope, queues the event for subscribers, and with
 * must_switch_action=abort delivers it (1 s at most) and aborts; returns
 * otherwise. Called on the failing thread, which it keeps waiting while a
 * thread of switchguard's own builds the report: the failing code may run
 * on a coroutine's small stack, too small for symbolisation, and a
 * waiting thread's stack reads from /proc like a blocked one's. Not in a
 * signal handler. */
SWG_HIDDEN void swg__report_scope_failed(struct swg_guard_failure *f);
/* The same report, built on the calling thread. */
SWG_HIDDEN void swg__report_must_switch_failed(
    const struct swg_guard_failure *f);

/* ---- runinfo.c: threads and coroutine trees ------------------------------ */

/* Every thread of the process: name, hub, ignored, blocked, ours. */
SWG_HIDDEN void swg__threads_text(struct swg_buf *b, pid_t blocked);
SWG_HIDDEN void swg__threads_json(struct swg_buf *b, pid_t blocked);
/* The coroutines spawned on thread tid (0: every thread), as a tree by
 * spawn parent: name, handle, state, spawn site, suspended site, age.
 * View lock held. */
SWG_HIDDEN void swg__coroutines_text(struct swg_buf *b, pid_t tid);
SWG_HIDDEN void swg__coroutines_json(struct swg_buf *b, pid_t tid);
/* The run_info report, to the log (the reporter, on request). */
SWG_HIDDEN void swg__run_info_report(void);

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

#endif /* SWITCHGUARD_REPORT_H */
