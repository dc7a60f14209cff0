// Intent: max_memory_mb (gevent's GEVENT_MONITOR_MEMORY_MAX): memory_exceeded when resident memory is over the limit and grew since the last look (by over 1 MiB since the last warning), never for staying over, and memory_ok once when it is back under; the rule itself on gevent's own sequence; the events reach subscribers and the exit summary counts the warnings.
// RUN: %swgcc -g -O1 %rtinc %s -lpcl -o %t
// RUN: %t rule | FileCheck %s --check-prefix=RULE
// RUN: env SWITCHGUARD_OPTIONS=max_memory_mb=64:memory_period_ms=20 %t 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=max_memory_mb=64:memory_period_ms=20:format=json %t 2>&1 | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
#include "monitor.h"

#include "../Inputs/pcl_hub.h"
#include <string.h>
#include <sys/mman.h>

static const char *const names[] = {[SWG_EVENT_MEMORY_EXCEEDED] = "exceeded",
                                    [SWG_EVENT_MEMORY_OK] = "ok"};

/* gevent's TestPeriodicMonitorMemory, step by step. */
static void rule(void) {
  struct swg_memory m = {0};
  uint64_t looks[] = {2, 2, 3, 1, 1, 3};
  for (int i = 0; i < 6; i++) {
    int ev = swg__memory_step(&m, looks[i], 1, 0);
    printf("rss %d over 1: %s\n", (int)looks[i], ev < 0 ? "-" : names[ev]);
  }
  struct swg_memory below = {0};
  printf("rss 1 under 10: %d\n", swg__memory_step(&below, 1, 10, 0));
  printf("no limit: %d\n", swg__memory_step(&below, 100, 0, 0));
  /* With an allowance of 10, growth by 5 is noise, by 11 is growth. */
  struct swg_memory s = {0};
  uint64_t creep[] = {20, 25, 31, 31};
  for (int i = 0; i < 4; i++) {
    int ev = swg__memory_step(&s, creep[i], 1, 10);
    printf("rss %d slack 10: %s\n", (int)creep[i], ev < 0 ? "-" : names[ev]);
  }
}

static void stage(const char *s) {
  char line[64];
  int n = snprintf(line, sizeof line, "stage: %s\n", s);
  if (write(2, line, (size_t)n) != n)
    abort();
}

static volatile double seen_mb; /* the highest memory_exceeded so far */
static volatile int ok_seen;

static void on_memory(const struct swg_event *ev, void *arg) {
  char line[64];
  int n = snprintf(line, sizeof line, "subscriber: %s\n", ev->event);
  if (write(2, line, (size_t)n) != n)
    abort();
  if (ev->kind == SWG_EVENT_MEMORY_EXCEEDED && ev->rss_mb > seen_mb)
    seen_mb = ev->rss_mb;
  if (ev->kind == SWG_EVENT_MEMORY_OK)
    ok_seen = 1;
}

static double rss_mb(void) {
  long size, pages = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f || fscanf(f, "%ld %ld", &size, &pages) != 2)
    abort();
  fclose(f);
  return (double)pages * (double)sysconf(_SC_PAGESIZE) / (1 << 20);
}

/* Grows by mb, then waits until the monitor has warned about (nearly) all
 * of it: it may look midway, and growth within 1 MiB is not reported. */
static void *grow(size_t mb) {
  void *p = mmap(NULL, mb << 20, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(p, 1, mb << 20);
  double want = rss_mb() - 1.0;
  for (int i = 0; i < 500 && seen_mb < want; i++)
    usleep(10 * 1000);
  return p;
}

static void ticker(void *arg) {
  for (;;)
    co_resume();
}

int main(int argc, char **argv) {
  if (argc > 1) {
    rule();
    return 0;
  }
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_MEMORY_EXCEEDED) |
                          SWG_EVENT_MASK(SWG_EVENT_MEMORY_OK),
                      on_memory, NULL);
  co_thread_init();
  coroutine_t co = co_create(ticker, NULL, NULL, 64 * 1024);
  co_call(co); /* the monitor starts with the first switch */
  usleep(200 * 1000);
  stage("under the limit");
  void *a = grow(80);
  stage("over the limit");
  usleep(300 * 1000); /* staying over is no news */
  stage("held");
  void *b = grow(30);
  stage("grown");
  usleep(300 * 1000);
  stage("held");
  munmap(a, 80 << 20);
  munmap(b, 30 << 20);
  for (int i = 0; i < 500 && !ok_seen; i++)
    usleep(10 * 1000);
  stage("back under");
  usleep(300 * 1000);
  stage("end");
  co_delete(co);
  return 0;
}

// RULE: rss 2 over 1: exceeded
// RULE-NEXT: rss 2 over 1: -
// RULE-NEXT: rss 3 over 1: exceeded
// RULE-NEXT: rss 1 over 1: ok
// RULE-NEXT: rss 1 over 1: -
// RULE-NEXT: rss 3 over 1: exceeded
// RULE-NEXT: rss 1 under 10: -1
// RULE-NEXT: no limit: -1
// RULE-NEXT: rss 20 slack 10: exceeded
// RULE-NEXT: rss 25 slack 10: -
// RULE-NEXT: rss 31 slack 10: exceeded
// RULE-NEXT: rss 31 slack 10: -

// CHECK: stage: under the limit
// CHECK: ==[[PID:[0-9]+]]==WARNING: switchguard: resident memory {{[0-9.]+}} MB exceeds max_memory_mb=64{{$}}
// CHECK: stage: over the limit
// CHECK-NOT: switchguard
// CHECK: stage: held
// CHECK: ==[[PID]]==WARNING: switchguard: resident memory {{[0-9.]+}} MB exceeds max_memory_mb=64 and grows ({{[0-9.]+}} MB at the last look)
// CHECK: stage: grown
// CHECK-NOT: switchguard
// CHECK: stage: held
// CHECK-NEXT: ==[[PID]]== switchguard: resident memory {{[0-9.]+}} MB is back under max_memory_mb=64 (peak {{1[0-9][0-9].[0-9]}} MB)
// CHECK-NEXT: subscriber: memory_ok
// CHECK-NEXT: stage: back under
// CHECK-NEXT: stage: end
// CHECK-NEXT: ==[[PID]]== switchguard: exit summary: 0 blocking incidents; resident memory over max_memory_mb {{[2-9]|[1-9][0-9]+}} times

// JSON: EVENT memory_exceeded
// JSON: EVENT memory_exceeded
// JSON: EVENT memory_ok
// JSON: EVENT exit_summary incidents=0 sites=
