/*===- probes.c - The events as USDT probes ----------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Every event the log gets also fires a static probe of provider
 * `switchguard` (<sys/sdt.h>), for the tracers a fleet already runs:
 * bpftrace, perf, SystemTap. A probe is a nop and an ELF note until a
 * tracer attaches; it fires when the event is written, from the same
 * struct as the text, the JSON and the callbacks, so the four views never
 * disagree. Each probe has the same arguments (docs/report-format.md):
 *
 *   1 tid         int          the thread
 *   2 coroutine   void *       its handle, NULL: the hub
 *   3 duration    uint64_t     ns: blocked so far, in all (unblocked), the
 *                              longest stretch (must_switch_failed), 0
 *                              (blocking_call)
 *   4 function    const char * where: see site() below; NULL if unknown
 *   5 file        const char *
 *   6 line        int          0 if unknown
 *   7 name        const char * the coroutine's name, or NULL
 *   8 time        uint64_t     CLOCK_MONOTONIC ns when it was decided
 *
 * The first six are what a tracer needs, in that order: bpftrace 0.17
 * (Debian 12) reads no USDT argument past the sixth.
 *
 * Without <sys/sdt.h> at build time (Debian's systemtap-sdt-dev) there
 * are no probes and this costs nothing.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#if SWG_HAVE_SDT
#include <sys/sdt.h>

/* The site a tracer most wants: where it blocks (the innermost frame of
 * the program's own code, else its last switch), the switch that ended
 * it, the return a failed scope left by, or a blocking call's caller. */
static const struct swg_event_site *site(const struct swg_event *ev) {
  switch (ev->kind) {
  case SWG_EVENT_UNBLOCKED:
    return ev->ended_by.function ? &ev->ended_by : &ev->last_switch_seen;
  case SWG_EVENT_MUST_SWITCH_FAILED:
    return ev->exit.function ? &ev->exit : &ev->guard;
  case SWG_EVENT_BLOCKING_CALL:
    return &ev->where;
  default:
    return ev->where.function ? &ev->where : &ev->last_switch;
  }
}

/* One STAP_PROBE8 per name: a probe's name is part of its note. */
#define SWG_FIRE(name, ev, s)                                                  \
  STAP_PROBE8(switchguard, name, (ev)->tid, (ev)->coroutine,                   \
              (uint64_t)((ev)->duration_ms * 1e6), (s)->function, (s)->file,   \
              (s)->line, (ev)->coroutine_name, (ev)->time_ns)

void swg__probe_event(const struct swg_event *ev) {
  const struct swg_event_site *s = site(ev);
  switch (ev->kind) {
  case SWG_EVENT_BLOCKED:
    SWG_FIRE(blocked, ev, s);
    break;
  case SWG_EVENT_STILL_BLOCKED:
    SWG_FIRE(still_blocked, ev, s);
    break;
  case SWG_EVENT_UNBLOCKED:
    SWG_FIRE(unblocked, ev, s);
    break;
  case SWG_EVENT_MUST_SWITCH_FAILED:
    SWG_FIRE(must_switch_failed, ev, s);
    break;
  case SWG_EVENT_BLOCKING_CALL:
    SWG_FIRE(blocking_call, ev, s);
    break;
  default: /* memory reports have no coroutine to name */
    break;
  }
}
#else
void swg__probe_event(const struct swg_event *ev) { (void)ev; }
#endif
