// Intent: swg_event_subscribe gives a program every event of the kinds it asked for, as a struct with the report's facts (thread, coroutine, stack, spawn site, where, capture, durations, the report's own text), called on switchguard's event thread; a callback may unsubscribe itself; bad arguments and a 17th subscriber are refused.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=blocking_calls=0 %t 2>/dev/null | FileCheck %s -D#NAP=$(grep -n 'MARK[:]nap' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"
#include <string.h>
#include <switchguard.h>
#include <sys/prctl.h>

static volatile int unblocked_seen, once_calls, once_id;
static double nap_began;

static void napper(void *arg) {
  co_resume();
  nap_began = hub_now();
  usleep(500 * 1000); // MARK:nap
  hub_finish();
}

static const char *thread_name(void) {
  static char name[16];
  prctl(PR_GET_NAME, name);
  return name;
}

static void on_event(const struct swg_event *ev, void *arg) {
  printf("cb %s on %s size_ok=%d arg=%s", ev->event, thread_name(),
         ev->size == sizeof *ev, (const char *)arg);
  if (ev->kind == SWG_EVENT_BLOCKED) {
    int frame = 0;
    for (int i = 0; i < ev->stack_depth; i++)
      if (ev->stack[i].function && !strcmp(ev->stack[i].function, "napper"))
        frame = ev->stack[i].line;
    printf(" coroutine=%s tid_ok=%d report=%d frame=napper:%d spawn=%s:%d "
           "where=%s:%d capture=%s text_ok=%d time_ok=%d dropped=%lu",
           ev->coroutine_name, ev->tid == getpid(), ev->report_no, frame,
           ev->spawn_site.function, ev->spawn_site.line, ev->where.function,
           ev->where.line, ev->capture,
           strstr(ev->report, "WARNING: switchguard: coroutine 'napper'") != 0,
           ev->time_ns / 1e9 > nap_began, ev->dropped);
  } else if (ev->kind == SWG_EVENT_STILL_BLOCKED) {
    printf(" report=%d over_200ms=%d", ev->report_no, ev->duration_ms >= 200);
  } else if (ev->kind == SWG_EVENT_UNBLOCKED) {
    printf(" end=%s reports=%d over_400ms=%d", ev->end, ev->report_no,
           ev->duration_ms >= 400);
    unblocked_seen = 1;
  }
  printf("\n");
  fflush(stdout);
}

static void once(const struct swg_event *ev, void *arg) {
  once_calls++;
  printf("once: %s, unsubscribing: %d\n", ev->event,
         swg_event_unsubscribe(once_id));
  fflush(stdout);
}

int main(void) {
  printf("bad kinds: %d\n", swg_event_subscribe(0, on_event, NULL));
  printf("bad kinds: %d\n", swg_event_subscribe(1u << 9, on_event, NULL));
  printf("no callback: %d\n", swg_event_subscribe(SWG_EVENTS_ALL, NULL, NULL));
  int ids[16], n = 0;
  for (; n < 16 && (ids[n] = swg_event_subscribe(SWG_EVENTS_ALL, once, 0)) > 0;)
    n++;
  printf("subscribed %d, then: %d\n", n,
         swg_event_subscribe(SWG_EVENTS_ALL, once, NULL));
  for (int i = 0; i < n; i++)
    swg_event_unsubscribe(ids[i]);
  printf("unknown id: %d\n", swg_event_unsubscribe(ids[0]));

  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_BLOCKED) |
                          SWG_EVENT_MASK(SWG_EVENT_STILL_BLOCKED) |
                          SWG_EVENT_MASK(SWG_EVENT_UNBLOCKED),
                      on_event, "main");
  once_id = swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_STILL_BLOCKED), once,
                                NULL);
  co_thread_init();
  hub_run(co_create(napper, NULL, NULL, 64 * 1024)); // MARK:spawn
  for (int i = 0; i < 300 && !unblocked_seen; i++)
    usleep(10 * 1000);
  printf("once called %d time(s)\n", once_calls);
  return 0;
}

// CHECK: bad kinds: -1
// CHECK-NEXT: bad kinds: -1
// CHECK-NEXT: no callback: -1
// CHECK-NEXT: subscribed 16, then: -1
// CHECK-NEXT: unknown id: -1
// CHECK-NEXT: cb blocked on swg-events size_ok=1 arg=main coroutine=napper tid_ok=1 report=1 frame=napper:[[#NAP]] spawn=main:[[#SPAWN]] where=napper:[[#NAP]] capture=syscall text_ok=1 time_ok=1 dropped=0
// CHECK-DAG: cb still_blocked on swg-events size_ok=1 arg=main report=2 over_200ms=1
// CHECK-DAG: once: still_blocked, unsubscribing: 0
// CHECK: cb still_blocked on swg-events size_ok=1 arg=main report=3 over_200ms=1
// CHECK-NEXT: cb unblocked on swg-events size_ok=1 arg=main end=switch reports=3 over_400ms=1
// CHECK-NEXT: once called 1 time(s)
