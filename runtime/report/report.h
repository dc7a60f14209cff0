/*===- report.h - Reports: events, views, the writer ----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Everything a report is made of and where it goes: the buffer and the
 * writer (output.c), sites and names (sites.c), incidents and failed
 * scopes as events (report.c), the reporter thread (reporter.c), threads
 * and coroutine trees (runinfo.c), where suspended coroutines wait
 * (waits.c), subscribers (events.c), USDT probes (probes.c) and the exit
 * summary (summary.c).
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

/* "  Spawn stack:" and its frames, for a blocked report: the n pcs kept
 * when it was spawned (spawn_stack=1). */
SWG_HIDDEN void swg__spawn_stack_text(struct swg_buf *b, const uintptr_t *pcs,
                                      int n);

/* ---- report.c: incidents and failed scopes ------------------------------ */

enum swg_end {
  SWG_END_SWITCH,          /* the thread switched again */
  SWG_END_THREAD_EXIT,     /* the thread exited while blocked */
  SWG_END_EXIT,            /* the process is exiting */
};

struct swg_picture;

/* One report of one incident, as the monitor decided it; or a sample of
 * an open incident's stack, which only stall.c hears of. */
struct swg_incident {
  enum swg_event_kind kind;         /* BLOCKED, STILL_BLOCKED or UNBLOCKED */
  bool sample;                      /* a stack sample: snapshot, no report */
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
  struct swg_snapshot *snapshot;    /* blocked, still_blocked, a sample:
                                       its stack then, or NULL */
  struct swg_picture *picture;      /* blocked: its threads and coroutines
                                       then (picture.c), or NULL */
};

/* The reporter thread only (it walks stacks, and names the blocked
 * coroutine once, in its thread's record, for the later reports). */
SWG_HIDDEN void swg__report_incident(const struct swg_incident *inc);
/* Copies inc->coro's registry entry into the incident (the monitor, as it
 * decides a blockage). */
SWG_HIDDEN void swg__incident_take_coro(struct swg_incident *inc);

/* ---- stall.c: where an incident spent its time ------------------------- */

/* How old a sample request without a copy may be when the reporter reads
 * the thread's stack for it; older, it is dropped. */
#define SWG_SAMPLE_FRESH_NS 20000000u

/* The reporter only. A stack of incident thread t, walked (pcs): counted
 * by its pcs with the others of the incident; `first`: the incident's
 * first (forget any earlier one's). */
SWG_HIDDEN void swg__stall_add(struct swg_thread *t, const struct swg_stack *st,
                               bool first);
/* t's incident is over: its distinct stacks, most seen first, symbolised
 * into ev (valid while the libdwfl lock is held, until the next call), and
 * into `where` the user's frame of the most seen (function NULL if none).
 * Forgets them. */
SWG_HIDDEN void swg__stall_take(struct swg_thread *t, struct swg_event *ev,
                                struct swg_event_site *where);
/* Text ("  Stall stacks ...": a collapsed line per stack) and JSON
 * (,"samples":N,"stall_stacks":[...]) of ev's stall stacks. */
SWG_HIDDEN void swg__stall_text(struct swg_buf *b, const struct swg_event *ev);
SWG_HIDDEN void swg__stall_json(struct swg_buf *b, const struct swg_event *ev);
SWG_HIDDEN void swg__stall_after_fork(void);
/* Symbolised frames, gathered by swg__frame_add (a swg_symbol_fn) into
 * v[0..cap). */
struct swg_frame_list {
  struct swg_event_frame *v;
  int n, cap;
};
SWG_HIDDEN void swg__frame_add(const struct swg_symbol *sym, void *list);
/* Into *out, the innermost frame of the program's own code among v[0..n)
 * (a report's `where`); with `user`, the function it is inlined into if
 * it is an inline frame (the outermost of its inline chain): the user's
 * function, which the exit summary blames. False, *out zeroed, if no
 * frame is the program's. */
SWG_HIDDEN bool swg__frame_site(const struct swg_event_frame *v, int n,
                                bool user, struct swg_event_site *out);
/* ,"stack":[frame objects] */
SWG_HIDDEN void swg__frames_json(struct swg_buf *b, const char *key,
                                 const struct swg_event_frame *v, int n);

/* For events built elsewhere (blocking_call.c), report.c's pieces: the
 * frames of pcs (return addresses, innermost first) into ev->stack and
 * ev->where (libdwfl lock held; valid until the next call); the JSON of a
 * thread and coroutine, a site, a stack; a stack in text; writing the
 * report and handing the event to subscribers and probes; its last switch
 * and spawn site in text. */
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
/* "  Last switch: ..." and "  Spawned at: ..." lines of ev. */
SWG_HIDDEN void swg__event_whence_text(struct swg_buf *b,
                                       const struct swg_event *ev);

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

/* ---- suppressions.c: blocking calls the user has accepted ------------- */

/* Reads the file of option suppressions: the runtime's constructor. */
SWG_HIDDEN void swg__suppressions_init(void);
/* Whether a blocking_call event, symbolised, is one the file accepts. */
SWG_HIDDEN bool swg__suppressed(const struct swg_event *ev);

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
 * registry as one picture (a monitor pass, run info), so fork() never
 * copies half a decision. The outermost lock. A failed scope's report
 * renders copies and does not take it: it would hold up the monitor. */
SWG_HIDDEN void swg__view_lock(void);
SWG_HIDDEN void swg__view_unlock(void);
SWG_HIDDEN void swg__reporter_after_fork(void);
/* Starts loading what symbolising a first stack needs (libc's symbols and
 * debug information: tens of ms) on a helper thread, ahead of a report
 * that looks likely; decisions never wait for it. Once per process. */
SWG_HIDDEN void swg__report_warm(void);
/* ---- scope.c and report.c: a failed must_switch scope ----------------- */

/* A failed scope's report: what the failing thread knew (read there,
 * cheaply: sites copied, for a block scope's live in its frame), its
 * stack and its thread's coroutines as copied while it waited. */
struct swg_scope_report {
  struct swg_guard_failure f;       /* its sites point into site[] */
  struct swg_site site[4];          /* guard, exit, stretch_from, _to */
  pid_t tid;
  char thread_name[16];
  uint64_t time_ns;
  uint64_t seq;                     /* its switch count then */
  const struct swg_site *last_switch;
  bool coro_known;                  /* f.coro's registry entry, copied */
  struct swg_coro_info coro_info;   /* .name points nowhere */
  char coro_name[64];
  bool abort_after;                 /* must_switch_action=abort */
  struct swg_snapshot *snapshot;    /* its stack, or NULL */
  struct swg_picture *picture;      /* its coroutines, or NULL */
};

/* Reports a failed scope, queues the event for subscribers, and with
 * must_switch_action=abort delivers it (1 s at most) and aborts; returns
 * otherwise. Called on the failing thread, which waits only while a
 * thread of switchguard's own copies its stack and its coroutines (the
 * failing code may run on a coroutine's small stack, too small for
 * symbolisation, and a waiting thread's stack reads from /proc like a
 * blocked one's); that thread then builds the report, in order with the
 * others, while the failing thread goes on. The monitor ignores the wait.
 * Not in a signal handler. */
SWG_HIDDEN void swg__report_scope_failed(struct swg_guard_failure *f);
/* The failing thread's part: its facts into r. */
SWG_HIDDEN void swg__scope_report_prepare(struct swg_scope_report *r,
                                          const struct swg_guard_failure *f);
/* Builds and writes the report, and frees its copies; aborts if
 * r->abort_after. */
SWG_HIDDEN void swg__scope_report_write(struct swg_scope_report *r);
/* The same report, built on the calling thread (without its stack). */
SWG_HIDDEN void swg__report_must_switch_failed(
    const struct swg_guard_failure *f);

/* ---- picture.c: threads and coroutines as rows, and pictures ------------ */

/* Coroutines read per thread: every one up to this many (the running ones
 * always), so that the text's group counts add up; past it a line says
 * how many more. */
#define SWG_TREE_MAX 100000
/* Threads a picture lists (and running coroutines it knows of). */
#define SWG_PICTURE_THREADS 1024

struct swg_thread_row {
  pid_t tid;
  char name[16];
  const char *role;         /* switchguard's own thread: its role */
  bool hub, ignored;        /* it has a switch record; ignored */
};

/* A coroutine as the registry had it. */
struct swg_coro_row {
  struct swg_coro_info c;   /* c.name and c.spawn_pcs NULL */
  char name[64];            /* its own name, if `named` */
  bool named;
  bool parent_gone;         /* destroyed, or its handle now names a newer */
  struct swg_coro_state st;
};

struct swg_coro_rows {
  struct swg_coro_row *v;
  size_t n, cap, total;     /* total: all there were, listed or not */
  bool fixed;               /* v is a picture's: never grown */
  pid_t tid;                /* > 0: spawned there; 0: on no live hub thread */
  void *here;               /* the coroutine running on thread tid, if any */
  void **running;           /* the current coroutine of each live thread */
  size_t nrunning, cap_running;
};

/* What a blocked report lists, as the monitor decided it: threads, the
 * blocked thread's coroutines, the blocked coroutine's spawn stack. */
struct swg_picture {
  int slot;
  uint64_t taken_ns;
  bool after_switch;        /* the thread switched while it was taken */
  size_t nthreads;          /* the process's; at most SWG_PICTURE_THREADS
                               of them in threads[] */
  struct swg_thread_row threads[SWG_PICTURE_THREADS];
  int nspawn;
  uintptr_t spawn_pcs[SWG_SPAWN_FRAMES];
  void *running[SWG_PICTURE_THREADS];
  struct swg_coro_rows coros; /* its rows follow the struct */
};

/* The live switch record of thread tid, or NULL: it has no hub. */
SWG_HIDDEN struct swg_thread *swg__thread_record(pid_t tid);
/* Up to max threads of the process, in /proc's order; returns how many
 * there are. Allocates nothing. */
SWG_HIDDEN size_t swg__thread_rows(struct swg_thread_row *v, size_t max);
/* Fills l (tid, running and cap_running set; v grown with realloc unless
 * fixed) with thread l->tid's coroutines. Allocates nothing if fixed. */
SWG_HIDDEN void swg__coro_rows_read(struct swg_coro_rows *l);
/* Thread t's (tid's) picture, as it is blocked in coroutine coro at switch
 * count seq (the monitor deciding, or a failed scope's helper), or NULL if
 * none is free. Allocates nothing; takes the registry lock. */
SWG_HIDDEN struct swg_picture *swg__picture_take(struct swg_thread *t,
                                                 pid_t tid, void *coro,
                                                 uint64_t seq);
SWG_HIDDEN void swg__picture_free(struct swg_picture *p);
/* A fork child: every picture is free (the parent's reports stay its). */
SWG_HIDDEN void swg__pictures_after_fork(void);

/* ---- runinfo.c: threads and coroutine trees ------------------------------ */

/* Every thread of the process: name, hub, ignored, blocked, ours; from
 * picture p, or live if p is NULL. */
SWG_HIDDEN void swg__threads_text(struct swg_buf *b, pid_t blocked,
                                  const struct swg_picture *p);
SWG_HIDDEN void swg__threads_json(struct swg_buf *b, pid_t blocked,
                                  const struct swg_picture *p);
/* The coroutines spawned on thread tid (0: every thread), as a tree by
 * spawn parent: name, handle, state, spawn site, suspended site, age;
 * from picture p (of thread tid), or live if p is NULL. View lock held. */
SWG_HIDDEN void swg__coroutines_text(struct swg_buf *b, pid_t tid,
                                     const struct swg_picture *p);
SWG_HIDDEN void swg__coroutines_json(struct swg_buf *b, pid_t tid,
                                     const struct swg_picture *p);
/* The run_info report, to the log (the reporter, on request). */
SWG_HIDDEN void swg__run_info_report(void);

/* ---- waits.c: where a suspended coroutine waits ------------------------- */

struct swg_wait {
  const struct swg_site *site; /* the switch it waits in; NULL: unknown */
  bool finished;               /* its entry returned (minicoro, libaco) */
  bool walked;                 /* its stack was unwound (the costly part) */
  struct swg_stack stack;      /* with frames > 0: where it waits */
};
/* Reads suspended coroutine c's saved context: the switch site it waits
 * in and, with frames > 0, up to that many frames of its stack. False if
 * its library's handle does not lead there, it is running, or its thread
 * switched while it was read. Takes the libdwfl and registry locks. */
SWG_HIDDEN bool swg__coro_wait(const struct swg_coro_info *c, int frames,
                               struct swg_wait *w);
/* A listing's suspended coroutines completed from their saved contexts:
 * where each waits (unless the slow path said), or that it finished; with
 * `stacks`, the first 50 stacks kept in v (by row), the rest counted.
 * `aside`: read on a thread of switchguard's own (a program thread's
 * stack may be too small), the caller not holding the libdwfl lock. */
struct swg_waits {
  struct swg_wait **v; /* per row: its stack, if kept; NULL: no stacks */
  size_t more;         /* suspended rows whose stacks are not kept */
};
typedef void (*swg_wait_row)(void *rows, size_t i,
                             const struct swg_coro_info **c,
                             struct swg_coro_state **st);
SWG_HIDDEN void swg__waits_read(struct swg_waits *w, void *rows, size_t n,
                                bool stacks, bool aside, swg_wait_row row);
SWG_HIDDEN void swg__waits_free(struct swg_waits *w, size_t n);
/* Text: "  * Stacks of suspended coroutines of thread N:" and each kept
 * stack (coroutines alike in name, site and stack: one, with a count),
 * then how many were not kept. Nothing if none was. */
SWG_HIDDEN void swg__waits_text(struct swg_buf *b, const struct swg_waits *w,
                                void *rows, size_t n, swg_wait_row row,
                                pid_t tid);
/* JSON: a stack as an array of frames. */
SWG_HIDDEN void swg__wait_stack_json(struct swg_buf *b,
                                     const struct swg_stack *s);

/* ---- summary.c: the exit summary ----------------------------------------- */

/* An incident of thread tid (record t) began, located at `where`
 * (function NULL: unknown). */
SWG_HIDDEN void swg__summary_blocked(struct swg_thread *t, pid_t tid,
                                     const struct swg_event_site *where,
                                     const char *name);
/* It ended after ns; `where` (NULL: where it began) is where its samples
 * were most. */
SWG_HIDDEN void swg__summary_unblocked(struct swg_thread *t, uint64_t ns,
                                       const struct swg_event_site *where);
SWG_HIDDEN void swg__summary_count(enum swg_event_kind kind);
/* A blocking call a suppressions file accepted: counted, never summarised
 * alone. */
SWG_HIDDEN void swg__summary_suppressed(void);
/* At exit, if anything was reported. */
SWG_HIDDEN void swg__summary_print(void);
SWG_HIDDEN void swg__summary_after_fork(void);

#endif /* SWITCHGUARD_REPORT_H */
