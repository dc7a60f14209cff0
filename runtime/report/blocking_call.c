/*===- blocking_call.c - A blocking call made from a coroutine ----*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Turns what intercept/blocking.c found into one struct swg_event of kind
 * blocking_call and renders it, as report.c does incidents: text, a JSON
 * line, the subscribers and the probe all from that struct. Built on a
 * thread of switchguard's own: the caller may run on a coroutine's small
 * stack, too small for libdwfl, and goes on at once unless the program
 * is to abort.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool aborting(void) {
  return swg__opts.blocking_calls == SWG_BLOCKING_ABORT;
}

static void call_json(struct swg_buf *b, const struct swg_event *ev) {
  swg__bjson_head_at(b, ev->event, ev->time_ns);
  swg__event_who_json(b, ev);
  swg__bprintf(b, ",\"call\":");
  swg__bjson(b, ev->call);
  swg__bprintf(b, ",\"detail\":");
  swg__bjson(b, ev->call_detail);
  swg__event_site_json(b, "where", &ev->where);
  swg__event_site_json(b, "last_switch", &ev->last_switch);
  swg__event_site_json(b, "spawn_site", &ev->spawn_site);
  swg__event_stack_json(b, ev);
  swg__bprintf(b, ",\"action\":\"%s\"}\n", ev->action);
}

static void call_text(struct swg_buf *b, const struct swg_event *ev) {
  swg__bprintf(b, "==%d==WARNING: switchguard: blocking call %s() in "
                  "coroutine '%s' on thread %d \"%s\": %s\n",
               ev->pid, ev->call, ev->coroutine_name, ev->tid,
               ev->thread_name, ev->call_detail);
  swg__event_stack_text(b, ev, "Call stack");
  swg__event_whence_text(b, ev);
  swg__bprintf(b, "SUMMARY: switchguard: blocking call %s() in coroutine "
                  "'%s'", ev->call, ev->coroutine_name);
  if (ev->where.file)
    swg__bprintf(b, " in %s %s:%d", ev->where.function ? ev->where.function
                                                       : "??",
                 ev->where.file, ev->where.line);
  swg__bprintf(b, "\n");
  if (aborting())
    swg__bprintf(b, "==%d==ABORTING\n", ev->pid);
  swg__bprintf(b, "\n");
}

/* False if a suppressions file accepts the call: nothing is said. */
static bool report(const struct swg_blocking_call *bc) {
  char cname[128], tname[32];
  swg__view_lock(); /* fork() waits */
  swg__dwfl_lock();
  swg__thread_comm(bc->tid, tname, sizeof tname);
  swg__coro_name_of(bc->coro, &bc->coro_info, bc->coro_known, bc->coro_name,
                    cname, sizeof cname);
  struct swg_event ev = {
      .size = sizeof ev,
      .kind = SWG_EVENT_BLOCKING_CALL,
      .event = "blocking_call",
      .pid = (int)getpid(),
      .time_ns = bc->time_ns,
      .tid = (int)bc->tid,
      .thread_name = tname,
      .coroutine = bc->coro,
      .coroutine_name = cname,
      .max_blocking_ms = swg__opts.max_blocking_ms,
      .last_switch = swg__event_site(bc->last_switch),
      .spawn_site = swg__event_site(bc->coro_known ? bc->coro_info.spawn
                                                   : NULL),
      .capture = "self",
      .action = aborting() ? "abort" : "report",
      .call = bc->call,
      .call_detail = bc->detail,
  };
  swg__event_symbolize(bc->pcs, bc->depth, &ev);
  bool suppressed = swg__suppressed(&ev);
  if (!suppressed) {
    struct swg_buf b = {.urgent = true};
    if (swg__json())
      call_json(&b, &ev);
    else
      call_text(&b, &ev);
    swg__event_emit(&b, &ev);
    swg__bfree(&b); /* before fork() may run: a child must not inherit it */
  }
  swg__dwfl_unlock();
  swg__view_unlock();
  if (suppressed)
    swg__summary_suppressed();
  else
    swg__summary_count(SWG_EVENT_BLOCKING_CALL);
  return !suppressed;
}

/* ---- the queue: one thread reports them all, in the order made ------ */

struct pending {
  struct pending *next;
  struct swg_blocking_call bc;
  bool done;     /* looked at (the caller of an abort waits for it) */
  bool reported; /* not suppressed: the caller aborts */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static pthread_cond_t reported = PTHREAD_COND_INITIALIZER;
static struct pending *head, **tail = &head;
static bool running;
static pthread_t reporter;

static void *report_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-blocking", "reporter");
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!head)
      pthread_cond_wait(&more, &lock);
    struct pending *p = head;
    pthread_mutex_unlock(&lock);
    bool said = report(&p->bc);
    pthread_mutex_lock(&lock);
    if (!(head = p->next))
      tail = &head;
    p->done = true;
    p->reported = said;
    pthread_cond_broadcast(&reported);
    if (!aborting())
      free(p); /* else its caller still reads it */
  }
  return NULL;
}

void swg__blocking_calls_drain(int timeout_ms) {
  struct timespec ts = swg__deadline_in(timeout_ms);
  pthread_mutex_lock(&lock);
  while (head && running)
    if (pthread_cond_timedwait(&reported, &lock, &ts) != 0)
      break;
  pthread_mutex_unlock(&lock);
}

void swg__report_blocking_call(const struct swg_blocking_call *bc) {
  struct pending *p = calloc(1, sizeof *p);
  if (!p)
    return; /* out of memory: this report is lost, not the program */
  p->bc = *bc;
  pthread_mutex_lock(&lock);
  if (!running)
    running = swg__own_thread_create(&reporter, true, report_main, NULL) == 0;
  if (!running) {
    pthread_mutex_unlock(&lock);
    free(p);
    return;
  }
  *tail = p;
  tail = &p->next;
  pthread_cond_signal(&more);
  if (!aborting()) {
    pthread_mutex_unlock(&lock);
    return;
  }
  while (!p->done)
    pthread_cond_wait(&reported, &lock);
  pthread_mutex_unlock(&lock);
  bool said = p->reported;
  free(p);
  if (!said)
    return;
  swg__events_flush(1000); /* subscribers hear of it before the end */
  abort();
}

/* A fork child has no reporter thread; what the parent queued is the
 * parent's to report. */
void swg__blocking_calls_after_fork(void) {
  pthread_mutex_t fresh_lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t fresh_cond = PTHREAD_COND_INITIALIZER;
  lock = fresh_lock;
  more = reported = fresh_cond;
  head = NULL;
  tail = &head;
  running = false;
}
