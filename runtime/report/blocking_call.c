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

/* Reports being built: exit waits for them (swg__blocking_calls_drain). */
static _Atomic int in_flight;

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
  swg__bprintf(b, "  Last switch: ");
  swg__site_text(b, &ev->last_switch);
  swg__bprintf(b, "\n");
  if (ev->spawn_site.file)
    swg__bprintf(b, "  Spawned at: %s:%d in %s\n", ev->spawn_site.file,
                 ev->spawn_site.line, ev->spawn_site.function);
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

static void report(const struct swg_blocking_call *bc) {
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
  struct swg_buf b = {.urgent = true};
  if (swg__json())
    call_json(&b, &ev);
  else
    call_text(&b, &ev);
  swg__event_emit(&b, &ev);
  swg__bfree(&b); /* before fork() may run: a child must not inherit it */
  swg__dwfl_unlock();
  swg__view_unlock();
  swg__summary_count(SWG_EVENT_BLOCKING_CALL);
}

static void *report_main(void *arg) {
  swg__own_thread_begin("swg-blocking", NULL);
  report(arg);
  free(arg);
  atomic_fetch_sub(&in_flight, 1);
  return NULL;
}

void swg__blocking_calls_drain(int timeout_ms) {
  for (int i = 0; i < timeout_ms && atomic_load(&in_flight) > 0; i++)
    nanosleep(&(struct timespec){0, 1000000}, NULL);
}

void swg__report_blocking_call(const struct swg_blocking_call *bc) {
  struct swg_blocking_call *copy = malloc(sizeof *copy);
  pthread_t th;
  if (!copy)
    return; /* out of memory: this report is lost, not the program */
  *copy = *bc;
  bool wait = aborting();
  atomic_fetch_add(&in_flight, 1);
  if (swg__own_thread_create(&th, !wait, report_main, copy) != 0) {
    atomic_fetch_sub(&in_flight, 1);
    free(copy);
    return;
  }
  if (!wait)
    return;
  pthread_join(th, NULL);
  swg__events_flush(1000); /* subscribers hear of it before the end */
  abort();
}
