/*===- memory.c - max_memory_mb ----------------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * gevent's GEVENT_MONITOR_MEMORY_MAX: every memory_period_ms the monitor
 * reads the process's resident size (/proc/self/statm) and applies
 * gevent's no-repeat rule: memory_exceeded when over the limit and above
 * the previous look (so a process that stays over without growing is
 * reported once), memory_ok once when it is back under. gevent counts any
 * growth, and a few pages (a thread's stack, a malloc arena) then repeat
 * the warning; here it must also have grown by SWG_MEMORY_SLACK since the
 * last warning. MB are MiB.
 *
 *===----------------------------------------------------------------------===*/
#include "monitor.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define SWG_MEMORY_SLACK (1u << 20)

static struct swg_memory state; /* monitor only */
static uint64_t next_look_ns;

int swg__memory_step(struct swg_memory *m, uint64_t rss, uint64_t limit,
                     uint64_t slack) {
  if (!limit)
    return -1;
  if (rss > limit) {
    bool grew = rss > m->exceeded && (!m->reported || rss > m->reported + slack);
    m->exceeded = rss;
    if (rss > m->peak)
      m->peak = rss;
    if (grew)
      m->reported = rss;
    return grew ? SWG_EVENT_MEMORY_EXCEEDED : -1;
  }
  int ev = m->exceeded ? SWG_EVENT_MEMORY_OK : -1;
  *m = (struct swg_memory){0};
  return ev;
}

/* Resident bytes, 0 if /proc cannot say. */
static uint64_t resident(void) {
  char buf[128];
  int fd = swg__brief_open("/proc/self/statm", O_RDONLY);
  ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
  if (fd >= 0)
    swg__brief_close(fd);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  unsigned long long size, pages;
  if (sscanf(buf, "%llu %llu", &size, &pages) != 2)
    return 0;
  return pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

static double mb(uint64_t bytes) { return (double)bytes / (1024.0 * 1024.0); }

static void report(int kind, uint64_t rss, const struct swg_memory *before) {
  struct swg_event ev = {
      .size = sizeof ev,
      .kind = (enum swg_event_kind)kind,
      .event = kind == SWG_EVENT_MEMORY_OK ? "memory_ok" : "memory_exceeded",
      .pid = (int)getpid(),
      .time_ns = swg__now_ns(),
      .rss_mb = mb(rss),
      .max_memory_mb = swg__opts.max_memory_mb,
      .previous_mb = kind == SWG_EVENT_MEMORY_OK ? 0 : mb(before->exceeded),
      .peak_mb = kind == SWG_EVENT_MEMORY_OK ? mb(before->peak) : 0,
  };
  struct swg_buf b = {.urgent = true};
  int pid = (int)getpid();
  if (swg__json()) {
    swg__bjson_head(&b, ev.event);
    swg__bprintf(&b, ",\"rss_mb\":%.1f,\"max_memory_mb\":%d", ev.rss_mb,
                 swg__opts.max_memory_mb);
    if (kind == SWG_EVENT_MEMORY_OK)
      swg__bprintf(&b, ",\"peak_mb\":%.1f}\n", ev.peak_mb);
    else if (before->exceeded)
      swg__bprintf(&b, ",\"previous_mb\":%.1f}\n", ev.previous_mb);
    else
      swg__bprintf(&b, ",\"previous_mb\":null}\n");
  } else if (kind == SWG_EVENT_MEMORY_OK) {
    swg__bprintf(&b, "==%d== switchguard: resident memory %.1f MB is back "
                     "under max_memory_mb=%d (peak %.1f MB)\n",
                 pid, ev.rss_mb, swg__opts.max_memory_mb, ev.peak_mb);
  } else {
    swg__bprintf(&b, "==%d==WARNING: switchguard: resident memory %.1f MB "
                     "exceeds max_memory_mb=%d", pid, ev.rss_mb,
                 swg__opts.max_memory_mb);
    if (before->exceeded)
      swg__bprintf(&b, " and grows (%.1f MB at the last look)\n",
                   ev.previous_mb);
    else
      swg__bprintf(&b, "\n");
  }
  if (b.p) {
    swg__report_write(b.p, b.len);
    ev.report = b.p;
    swg__events_publish(&ev);
  }
  swg__bfree(&b);
  swg__summary_count(ev.kind);
}

void swg__memory_check(uint64_t now_ns) {
  if (!swg__opts.max_memory_mb || now_ns < next_look_ns)
    return;
  next_look_ns = now_ns + (uint64_t)swg__opts.memory_period_ms * 1000000u;
  uint64_t rss = resident();
  if (!rss)
    return;
  struct swg_memory before = state;
  int kind = swg__memory_step(
      &state, rss, (uint64_t)swg__opts.max_memory_mb * 1024 * 1024,
      SWG_MEMORY_SLACK);
  if (kind >= 0)
    report(kind, rss, &before);
}

/* The child's memory is its own: start from scratch. */
void swg__memory_after_fork(void) {
  state = (struct swg_memory){0};
  next_look_ns = 0;
}
