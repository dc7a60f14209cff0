/*===- report.c - What the monitor says --------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Turns an incident the monitor decided on (blocked, still_blocked,
 * unblocked), or a failed must_switch scope, into one struct swg_event
 * holding every fact, then renders that one struct as text (header ->
 * stack -> context -> SUMMARY) or as a JSON line (docs/report-format.md),
 * writes it whole (output.c) and hands it to the subscribers (events.c):
 * the text, the JSON and the callbacks can never disagree.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const event_names[] = {
    [SWG_EVENT_BLOCKED] = "blocked",
    [SWG_EVENT_STILL_BLOCKED] = "still_blocked",
    [SWG_EVENT_UNBLOCKED] = "unblocked",
    [SWG_EVENT_MUST_SWITCH_FAILED] = "must_switch_failed",
    [SWG_EVENT_MEMORY_EXCEEDED] = "memory_exceeded",
    [SWG_EVENT_MEMORY_OK] = "memory_ok",
    [SWG_EVENT_BLOCKING_CALL] = "blocking_call",
};

static const char *const end_names[] = {
    [SWG_END_SWITCH] = "switch",
    [SWG_END_THREAD_EXIT] = "thread_exit",
    [SWG_END_EXIT] = "exit",
};

static double ms(uint64_t ns) { return (double)ns / 1e6; }

void swg__incident_take_coro(struct swg_incident *inc) {
  inc->coro_known =
      inc->coro && swg__registry_lookup(inc->coro, &inc->coro_info,
                                        inc->coro_name, sizeof inc->coro_name);
  if (!inc->coro_known || !inc->coro_info.name)
    inc->coro_name[0] = '\0';
  inc->coro_info.name = NULL; /* the copy moves with the incident */
}

/* The blocked coroutine's name, from the entry the monitor copied. */
static void incident_name(const struct swg_incident *inc, char *name,
                          size_t n) {
  swg__coro_name_of(inc->coro, &inc->coro_info, inc->coro_known,
                    inc->coro_name, name, n);
}

/* ---- the blocked stack --------------------------------------------------- */

/* The stack of thread `tid` into ev: the copy the monitor took when it
 * decided incident `inc`, or, if none, the stack now (reporter only: static
 * buffers). An incident's stack counts among its stall samples too. */
static void capture_tid(pid_t tid, struct swg_event *ev,
                        const struct swg_incident *inc) {
  static struct swg_stack st;
  static struct swg_event_frame fv[SWG_MAX_FRAMES * 4]; /* inline frames too */
  if (inc && inc->snapshot)
    swg__snapshot_walk(inc->snapshot, tid, &st, swg__opts.stack_depth);
  else
    swg__capture_thread(tid, &st, swg__opts.stack_depth);
  /* Decided blocked, but it may have switched since (the reporter came
   * late): then the stack, or the reason there is none, is of something
   * else. */
  if (inc && !inc->snapshot && swg__thread_seq(inc->thread) != inc->seq) {
    st.depth = 0;
    st.how = SWG_CAPTURE_NONE;
    snprintf(st.note, sizeof st.note,
             "thread %d switched before its stack was read", (int)inc->tid);
  }
  if (inc)
    swg__stall_add(inc->thread, &st, inc->kind == SWG_EVENT_BLOCKED);
  struct swg_frame_list fr = {fv, 0, SWG_MAX_FRAMES * 4};
  for (int i = 0; i < st.depth; i++)
    swg__symbolize(&st.frames[i], swg__frame_add, &fr);
  ev->stack = fr.v;
  ev->stack_depth = fr.n;
  swg__frame_site(fr.v, fr.n, false, &ev->where);
  ev->capture = st.how == SWG_CAPTURE_SYSCALL  ? "syscall"
                : st.how == SWG_CAPTURE_SIGNAL ? "signal"
                                               : "none";
  ev->capture_note = st.note[0] ? st.note : NULL;
}

static void capture(const struct swg_incident *inc, struct swg_event *ev) {
  capture_tid(inc->tid, ev, inc);
}

/* ---- rendering ----------------------------------------------------------- */

void swg__event_who_json(struct swg_buf *b, const struct swg_event *ev) {
  swg__bprintf(b, ",\"thread\":{\"tid\":%d,\"name\":", ev->tid);
  swg__bjson(b, ev->thread_name);
  swg__bprintf(b, "},\"coroutine\":{\"handle\":");
  if (ev->coroutine)
    swg__bprintf(b, "\"0x%lx\"", (unsigned long)ev->coroutine);
  else
    swg__bprintf(b, "null");
  swg__bprintf(b, ",\"name\":");
  swg__bjson(b, ev->coroutine_name);
  swg__bprintf(b, "}");
}

void swg__event_site_json(struct swg_buf *b, const char *key,
                      const struct swg_event_site *s) {
  swg__bprintf(b, ",\"%s\":", key);
  swg__site_json(b, s);
}

/* "capture", "capture_note" and "stack": a blocked event's and a failed
 * scope's, in one schema. */
void swg__event_stack_json(struct swg_buf *b, const struct swg_event *ev) {
  swg__bprintf(b, ",\"capture\":\"%s\",\"capture_note\":", ev->capture);
  swg__bjson(b, ev->capture_note);
  swg__frames_json(b, "stack", ev->stack, ev->stack_depth);
}

/* A report's threads and coroutines are those the monitor copied as it
 * decided (its picture). Without one (none was free), they are read when
 * the report is written, which a busy reporter may do seconds after the
 * decision. Read after them: if the blocked thread had not switched by
 * then, they are as they were while it was blocked (its coroutines cannot
 * change meanwhile); if it had, they show what came after, and the report
 * says so. */
static bool context_after(const struct swg_incident *inc, double *read_ms) {
  const struct swg_picture *p = inc->picture;
  *read_ms = (double)((p ? p->taken_ns : swg__now_ns()) - inc->time_ns) / 1e6;
  return p ? p->after_switch : swg__thread_seq(inc->thread) != inc->seq;
}

static void incident_json(struct swg_buf *b, const struct swg_event *ev,
                          const struct swg_incident *inc) {
  swg__bjson_head_at(b, ev->event, ev->time_ns); /* when it was decided */
  swg__event_who_json(b, ev);
  swg__bprintf(b, ",\"duration_ms\":%.1f,\"max_blocking_ms\":%d,\"report\":%d",
               ev->duration_ms, ev->max_blocking_ms, ev->report_no);
  swg__event_site_json(b, "last_switch", &ev->last_switch);
  if (ev->kind == SWG_EVENT_UNBLOCKED) {
    swg__bprintf(b, ",\"end\":\"%s\"", ev->end);
    swg__event_site_json(b, "ended_by", &ev->ended_by);
    swg__event_site_json(b, "last_switch_seen", &ev->last_switch_seen);
    swg__stall_json(b, ev);
  }
  if (ev->kind == SWG_EVENT_STILL_BLOCKED) {
    swg__event_stack_json(b, ev);
    swg__event_site_json(b, "where", &ev->where);
  }
  if (ev->kind == SWG_EVENT_BLOCKED) {
    swg__event_site_json(b, "spawn_site", &ev->spawn_site);
    swg__event_stack_json(b, ev);
    swg__event_site_json(b, "where", &ev->where);
    double read_ms;
    bool after = context_after(inc, &read_ms);
    swg__threads_json(b, ev->tid, inc->picture);
    swg__coroutines_json(b, ev->tid, inc->picture);
    swg__bprintf(b, ",\"context\":{\"read_ms\":%.1f,\"after_switch\":%s}",
                 read_ms, after ? "true" : "false");
  }
  swg__bprintf(b, "}\n");
}

void swg__event_stack_text(struct swg_buf *b, const struct swg_event *ev,
                              const char *title) {
  const char *how = !strcmp(ev->capture, "syscall")  ? "read from its system call"
                    : !strcmp(ev->capture, "signal") ? "read at a signal"
                    : !strcmp(ev->capture, "self")   ? "taken by the call"
                                                     : "not available";
  swg__bprintf(b, "  %s (%s%s%s):\n", title, how,
               ev->capture_note ? ": " : "",
               ev->capture_note ? ev->capture_note : "");
  for (int i = 0; i < ev->stack_depth; i++) {
    const struct swg_event_frame *f = &ev->stack[i];
    swg__bprintf(b, "    #%d 0x%012lx in %s", i, (unsigned long)f->pc,
                 f->function ? f->function : "??");
    if (f->file)
      swg__bprintf(b, " %s:%d:%d", f->file, f->line, f->column);
    else if (f->module)
      swg__bprintf(b, " (%s)", f->module);
    swg__bprintf(b, "%s\n", f->inlined ? " [inlined]" : "");
  }
}

static void stack_text(struct swg_buf *b, const struct swg_event *ev) {
  swg__event_stack_text(b, ev, "Blocked stack");
}

/* The blocked coroutine's spawn stack: as the monitor copied it. */
static void spawn_stack(struct swg_buf *b, const struct swg_event *ev,
                        const struct swg_picture *p) {
  uintptr_t pcs[SWG_SPAWN_FRAMES];
  if (p)
    swg__spawn_stack_text(b, p->spawn_pcs, p->nspawn);
  else
    swg__spawn_stack_text(
        b, pcs,
        swg__registry_spawn_stack(ev->coroutine, pcs, SWG_SPAWN_FRAMES));
}

static void incident_text(struct swg_buf *b, const struct swg_event *ev,
                          const struct swg_incident *inc) {
  int pid = (int)getpid();
  if (ev->kind == SWG_EVENT_STILL_BLOCKED) {
    swg__bprintf(b, "==%d== switchguard: coroutine '%s' still blocked on "
                    "thread %d after %.0f ms\n",
                 pid, ev->coroutine_name, ev->tid, ev->duration_ms);
    stack_text(b, ev);
    return;
  }
  if (ev->kind == SWG_EVENT_UNBLOCKED) {
    swg__bprintf(b, "==%d== switchguard: coroutine '%s' ", pid,
                 ev->coroutine_name);
    if (!strcmp(ev->end, "exit")) {
      swg__bprintf(b, "still blocked on thread %d at exit, after %.2f s\n",
                   ev->tid, ev->duration_ms / 1e3);
      swg__stall_text(b, ev);
      return;
    }
    swg__bprintf(b, "unblocked on thread %d after %.2f s", ev->tid,
                 ev->duration_ms / 1e3);
    if (!strcmp(ev->end, "thread_exit")) {
      swg__bprintf(b, ": the thread exited\n");
    } else if (ev->ended_by.file) {
      swg__bprintf(b, ", by ");
      swg__site_text(b, &ev->ended_by);
      swg__bprintf(b, "\n");
    } else {
      swg__bprintf(b, "; last switch seen at ");
      swg__site_text(b, &ev->last_switch_seen);
      swg__bprintf(b, "\n");
    }
    swg__stall_text(b, ev);
    return;
  }
  swg__bprintf(b, "==%d==WARNING: switchguard: coroutine '%s' blocked thread "
                  "%d \"%s\" for %.0f ms (max_blocking_ms=%d)\n",
               pid, ev->coroutine_name, ev->tid, ev->thread_name,
               ev->duration_ms, ev->max_blocking_ms);
  stack_text(b, ev);
  swg__event_whence_text(b, ev);
  spawn_stack(b, ev, inc->picture); /* spawn_stack=1 */
  double read_ms;
  bool after = context_after(inc, &read_ms);
  swg__threads_text(b, ev->tid, inc->picture);
  swg__coroutines_text(b, ev->tid, inc->picture);
  if (after)
    swg__bprintf(b,
                 "  (Threads and coroutines as read %.2f s after the "
                 "decision, when thread %d had switched again.)\n",
                 read_ms / 1e3, ev->tid);
  swg__bprintf(b, "SUMMARY: switchguard: blocked coroutine '%s' for %.0f ms "
                  "on thread %d", ev->coroutine_name, ev->duration_ms, ev->tid);
  if (ev->where.file)
    swg__bprintf(b, " in %s %s:%d", ev->where.function ? ev->where.function
                                                       : "??",
                 ev->where.file, ev->where.line);
  swg__bprintf(b, "\n\n");
}

/* Writes the report and hands the event, with its text, to subscribers. */
void swg__event_emit(struct swg_buf *b, struct swg_event *ev) {
  if (!b->p)
    return;
  swg__report_write(b->p, b->len);
  ev->report = b->p;
  swg__events_publish(ev);
}

/* ---- incidents ------------------------------------------------------------ */

/* A sample of an open incident's stack: counted, not reported. Without a
 * copy (the thread ran in user space) it is read now, if the request is
 * fresh and the thread has not switched since: a backlog of requests read
 * at once would count one moment many times. */
static void stall_sample(const struct swg_incident *inc) {
  static struct swg_stack st;
  swg__dwfl_lock(); /* first: it may be held while symbols load */
  if (inc->snapshot)
    swg__snapshot_walk(inc->snapshot, inc->tid, &st, swg__opts.stack_depth);
  else if (swg__now_ns() - inc->time_ns > SWG_SAMPLE_FRESH_NS ||
           !swg__capture_thread(inc->tid, &st, swg__opts.stack_depth) ||
           swg__thread_seq(inc->thread) != inc->seq)
    st.depth = 0;
  swg__stall_add(inc->thread, &st, false);
  swg__dwfl_unlock();
}

void swg__report_incident(const struct swg_incident *inc) {
  char cname[128], tname[32];
  struct swg_coro_info c;
  if (inc->sample) {
    stall_sample(inc);
    return;
  }
  /* Held until written: the frames' strings are libdwfl's. */
  swg__dwfl_lock();
  if (inc->kind == SWG_EVENT_BLOCKED) { /* as it was when decided */
    c = inc->coro_known ? inc->coro_info : (struct swg_coro_info){0};
    /* Named once, here: by now its handle may name a newer coroutine. The
     * thread's record keeps the name for the incident's later reports. */
    incident_name(inc, inc->thread->reported_name,
                  sizeof inc->thread->reported_name);
    snprintf(cname, sizeof cname, "%s", inc->thread->reported_name);
  } else {
    swg__coro_entry(inc->coro, &c, cname, sizeof cname);
  }
  if (!swg__thread_comm(inc->tid, tname, sizeof tname)) /* gone already */
    snprintf(tname, sizeof tname, "%s", inc->thread_name);
  struct swg_event ev = {
      .size = sizeof ev,
      .kind = inc->kind,
      .event = event_names[inc->kind],
      .pid = (int)getpid(),
      .time_ns = inc->time_ns,
      .tid = (int)inc->tid,
      .thread_name = tname,
      /* The registry's handle: an address handle (fcontext) moves. */
      .coroutine = c.handle && inc->coro ? c.handle : inc->coro,
      .coroutine_name = inc->name ? inc->name : cname,
      .duration_ms = ms(inc->blocked_ns),
      .max_blocking_ms = swg__opts.max_blocking_ms,
      .report_no = inc->report_no,
      .last_switch = swg__event_site(inc->site),
  };
  struct swg_event_site stall_where = {0};
  if (inc->kind == SWG_EVENT_BLOCKED) {
    ev.spawn_site = swg__event_site(c.spawn);
    capture(inc, &ev);
  } else if (inc->kind == SWG_EVENT_STILL_BLOCKED) {
    capture(inc, &ev);
  } else if (inc->kind == SWG_EVENT_UNBLOCKED) {
    ev.end = end_names[inc->end];
    ev.ended_by = swg__event_site(inc->ended_by);
    ev.last_switch_seen = swg__event_site(inc->end_site);
    swg__stall_take(inc->thread, &ev, &stall_where);
  }
  struct swg_buf b = {.urgent = true};
  if (swg__json())
    incident_json(&b, &ev, inc);
  else
    incident_text(&b, &ev, inc);
  swg__event_emit(&b, &ev);
  swg__bfree(&b); /* before fork() may run: a child must not inherit it */
  swg__dwfl_unlock();
  if (inc->picture)
    swg__picture_free(inc->picture);
  struct swg_event_site blame; /* the user's function, not a helper */
  if (inc->kind == SWG_EVENT_BLOCKED)
    swg__summary_blocked(inc->thread, inc->tid,
                         swg__frame_site(ev.stack, ev.stack_depth, true, &blame)
                             ? &blame
                             : &ev.last_switch,
                         ev.coroutine_name);
  else if (inc->kind == SWG_EVENT_UNBLOCKED)
    swg__summary_unblocked(inc->thread, inc->blocked_ns,
                           stall_where.file ? &stall_where : NULL);
}

/* ---- a failed must_switch scope ------------------------------------------- */

/* Whether frame f is at site s: the same function and line, in a file
 * whose path ends with the site's (sites keep the path as compiled). */
static bool frame_at(const struct swg_event_frame *f,
                     const struct swg_event_site *s) {
  size_t fl = f->file ? strlen(f->file) : 0;
  size_t sl = s->file ? strlen(s->file) : 0;
  return f->function && s->function && !strcmp(f->function, s->function) &&
         f->line == s->line && sl && fl >= sl &&
         !strcmp(f->file + fl - sl, s->file) &&
         (fl == sl || f->file[fl - sl - 1] == '/');
}

/* A failed scope's stack starts at the program's code: everything inside
 * the runtime entry it called (the judging, the handoff to this report,
 * the wait for it) is switchguard's. Where it begins is known exactly,
 * whatever was inlined or tail-called: at a guard's exit, the frame whose
 * pc is the entry's return address; at a switch, the frame at that
 * switch's site. Left whole if neither is found (no debug information
 * for a switch): a stack with our frames beats one cut at a guess. */
static void from_program_code(struct swg_event *ev, uintptr_t return_pc,
                              const struct swg_event_site *at_switch) {
  int from = -1;
  for (int i = 0; i < ev->stack_depth && from < 0; i++)
    if (return_pc ? ev->stack[i].pc == return_pc
                  : frame_at(&ev->stack[i], at_switch))
      from = i; /* of one pc, the innermost inline frame comes first */
  if (from > 0) {
    ev->stack += from;
    ev->stack_depth -= from;
  }
}

/* The failing thread's stack into ev, from the program's code outwards:
 * the copy taken while it waited. */
static void scope_stack(const struct swg_scope_report *r,
                        struct swg_event *ev) {
  if (r->tid == gettid()) { /* no thread of our own could be started */
    ev->capture = "none";
    ev->capture_note = "reported on the failing thread, which cannot read "
                       "its own stack";
    return;
  }
  if (!r->snapshot) {
    ev->capture = "none";
    ev->capture_note = "the failing thread went on before its stack was "
                       "copied";
    return;
  }
  struct swg_incident copied = {.tid = r->tid, .snapshot = r->snapshot};
  capture_tid(r->tid, ev, &copied); /* walks and frees the copy */
  /* failed at a switch: the stretch ends there */
  from_program_code(ev, r->f.return_pc, &ev->stretch_to);
  ev->where = (struct swg_event_site){0}; /* not a field of this event */
}

static const char *reason_text(const struct swg_event *ev, char *buf,
                               size_t n) {
  if (!strcmp(ev->reason, "stretch"))
    snprintf(buf, n, "ran %.0f ms without switching (limit %.0f ms)",
             ev->duration_ms, ev->limit_ms);
  else if (!strcmp(ev->reason, "no_hub_switch"))
    snprintf(buf, n, "did not switch into the hub");
  else
    snprintf(buf, n, "did not switch");
  return buf;
}

static bool site_known(const struct swg_event_site *s) {
  return s->function || s->file;
}

static void scope_json(struct swg_buf *b, const struct swg_event *ev) {
  swg__bjson_head(b, ev->event);
  swg__event_who_json(b, ev);
  swg__event_site_json(b, "guard", &ev->guard);
  swg__bprintf(b, ",\"reason\":\"%s\",\"duration_ms\":%.1f,\"limit_ms\":",
               ev->reason, ev->duration_ms);
  if (ev->limit_ms > 0)
    swg__bprintf(b, "%.1f", ev->limit_ms);
  else
    swg__bprintf(b, "null");
  swg__event_site_json(b, "last_switch", &ev->last_switch);
  swg__event_site_json(b, "exit", &ev->exit);
  swg__event_site_json(b, "stretch_from", &ev->stretch_from);
  swg__event_site_json(b, "stretch_to", &ev->stretch_to);
  swg__event_stack_json(b, ev);
  swg__bprintf(b, ",\"action\":\"%s\"}\n", ev->action);
}

/* p: the failing thread's coroutines, as copied while it waited; none
 * listed without (read later, they would show what came after). */
static void scope_text(struct swg_buf *b, const struct swg_event *ev,
                       const struct swg_picture *p) {
  char why[128];
  int pid = ev->pid;
  swg__bprintf(b, "==%d==ERROR: switchguard: must_switch scope '%s' %s, "
                  "on thread %d \"%s\"", pid,
               ev->guard.function ? ev->guard.function : "?",
               reason_text(ev, why, sizeof why), ev->tid, ev->thread_name);
  if (ev->coroutine)
    swg__bprintf(b, " in coroutine '%s'", ev->coroutine_name);
  swg__bprintf(b, "\n  Scope: %s:%d\n",
               ev->guard.file ? ev->guard.file : "?", ev->guard.line);
  if (site_known(&ev->exit))
    swg__bprintf(b, "  Ended at: %s:%d\n",
                 ev->exit.file ? ev->exit.file : "?", ev->exit.line);
  if (site_known(&ev->stretch_from) && ev->limit_ms > 0)
    swg__bprintf(b, "  Longest stretch: %.0f ms, from %s:%d to %s:%d\n",
                 ev->duration_ms,
                 ev->stretch_from.file ? ev->stretch_from.file : "?",
                 ev->stretch_from.line,
                 ev->stretch_to.file ? ev->stretch_to.file : "?",
                 ev->stretch_to.line);
  swg__bprintf(b, "  Last switch: ");
  swg__site_text(b, &ev->last_switch);
  swg__bprintf(b, "\n");
  swg__event_stack_text(b, ev, "Stack");
  if (p)
    swg__coroutines_text(b, ev->tid, p);
  swg__bprintf(b, "SUMMARY: switchguard: must_switch failed in %s %s:%d "
                  "(%s)\n",
               ev->guard.function ? ev->guard.function : "?",
               ev->guard.file ? ev->guard.file : "?", ev->guard.line,
               ev->reason);
  if (!strcmp(ev->action, "abort"))
    swg__bprintf(b, "==%d==ABORTING\n", pid);
  swg__bprintf(b, "\n");
}

void swg__scope_report_write(struct swg_scope_report *r) {
  char cname[128];
  const struct swg_guard_failure *f = &r->f;
  /* It reads only its copies: no view lock, which would hold up the
   * monitor's passes for as long as symbols take to load. fork() waits
   * for the libdwfl lock. */
  swg__dwfl_lock();
  if (f->coro)
    swg__coro_name_of(f->coro, &r->coro_info, r->coro_known, r->coro_name,
                      cname, sizeof cname);
  struct swg_event ev = {
      .size = sizeof ev,
      .kind = SWG_EVENT_MUST_SWITCH_FAILED,
      .event = event_names[SWG_EVENT_MUST_SWITCH_FAILED],
      .pid = (int)getpid(),
      .time_ns = r->time_ns,
      .tid = (int)r->tid,
      .thread_name = r->thread_name,
      .coroutine = f->coro,
      .coroutine_name = f->coro ? cname : NULL,
      .duration_ms = ms(f->stretch_ns),
      .max_blocking_ms = swg__opts.max_blocking_ms,
      .last_switch = swg__event_site(r->last_switch),
      .guard = swg__event_site(f->guard),
      .reason = f->reason ? f->reason : "no_switch",
      .limit_ms = ms(f->limit_ns),
      .action = r->abort_after ? "abort" : "report",
      .exit = swg__event_site(f->exit),
      .stretch_from = swg__event_site(f->stretch_from),
      .stretch_to = swg__event_site(f->stretch_to),
  };
  scope_stack(r, &ev);
  struct swg_buf b = {.urgent = true};
  if (swg__json())
    scope_json(&b, &ev);
  else
    scope_text(&b, &ev, r->picture);
  swg__event_emit(&b, &ev);
  swg__bfree(&b); /* before fork() may run: a child must not inherit it */
  swg__dwfl_unlock();
  if (r->picture)
    swg__picture_free(r->picture);
  swg__summary_count(SWG_EVENT_MUST_SWITCH_FAILED);
  if (r->abort_after) {
    swg__events_flush(1000); /* subscribers hear of it before the end */
    abort();
  }
}

void swg__report_must_switch_failed(const struct swg_guard_failure *f) {
  struct swg_scope_report r;
  swg__scope_report_prepare(&r, f);
  swg__scope_report_write(&r);
}

/* ---- for other kinds of event (blocking_call.c) ----------------------- */

void swg__event_symbolize(const uintptr_t *pcs, int n, struct swg_event *ev) {
  static struct swg_event_frame fv[SWG_MAX_FRAMES * 4]; /* libdwfl lock */
  struct swg_frame_list fr = {fv, 0, SWG_MAX_FRAMES * 4};
  for (int i = 0; i < n; i++)
    swg__symbolize(&(struct swg_frame){pcs[i], false}, swg__frame_add, &fr);
  ev->stack = fr.v;
  ev->stack_depth = fr.n;
  swg__frame_site(fr.v, fr.n, false, &ev->where);
}


void swg__event_whence_text(struct swg_buf *b, const struct swg_event *ev) {
  swg__bprintf(b, "  Last switch: ");
  swg__site_text(b, &ev->last_switch);
  swg__bprintf(b, "\n");
  if (ev->spawn_site.file)
    swg__bprintf(b, "  Spawned at: %s:%d in %s\n", ev->spawn_site.file,
                 ev->spawn_site.line, ev->spawn_site.function);
}
