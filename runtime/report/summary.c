/*===- summary.c - What was reported, at exit ---------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Counts incidents by site as the reports go out, and at exit, when
 * anything was reported, prints a short summary: how many incidents, the
 * longest, and per site how many, the longest and the time lost in all;
 * then must_switch failures and memory warnings. Like a sanitizer's, one
 * glance says where to look. An incident's site is the user's function
 * where its stack samples were most (stall.c: the frame of the program's
 * own code that is not inlined into another), else where its blocked
 * stack was, else its last switch; it is counted when the incident ends,
 * or at exit if it never did.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SWG_SUMMARY_SITES 32
#define SWG_SUMMARY_OPEN 64

struct site_stat {
  char function[96], file[256], primitive[32];
  int line, column;
  unsigned incidents;
  uint64_t longest, total;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct site_stat sites[SWG_SUMMARY_SITES];
static unsigned nsites, elsewhere; /* at unknown sites, or beyond the table */
static struct {
  struct swg_thread *t; /* the record; its tid may be a newer thread's */
  pid_t tid;
  int site; /* -1: not in the table */
  char name[64];
} open_[SWG_SUMMARY_OPEN];
static unsigned incidents, counts[SWG_EVENT_BLOCKING_CALL + 1];
static unsigned suppressed_calls; /* blocking calls a suppressions file took */
static uint64_t longest;
static char longest_name[64];
static pid_t longest_tid;

static int site_index(const struct swg_event_site *w) {
  const char *fn = w->function ? w->function : "??";
  const char *file = w->file ? w->file : "?";
  for (unsigned i = 0; i < nsites; i++)
    if (sites[i].line == w->line && !strcmp(sites[i].function, fn) &&
        !strcmp(sites[i].file, file))
      return (int)i;
  if (nsites == SWG_SUMMARY_SITES)
    return -1;
  struct site_stat *s = &sites[nsites];
  snprintf(s->function, sizeof s->function, "%s", fn);
  snprintf(s->file, sizeof s->file, "%s", file);
  snprintf(s->primitive, sizeof s->primitive, "%s",
           w->primitive ? w->primitive : "");
  s->line = w->line;
  s->column = w->column;
  return (int)nsites++;
}

/* One more incident at `site` (-1: unknown or no room). */
static void count_at(int site) {
  if (site >= 0)
    sites[site].incidents++;
  else
    elsewhere++;
}

void swg__summary_blocked(struct swg_thread *t, pid_t tid,
                          const struct swg_event_site *where,
                          const char *name) {
  pthread_mutex_lock(&lock);
  incidents++;
  int site = where->file || where->function ? site_index(where) : -1;
  bool open = false;
  for (int i = 0; i < SWG_SUMMARY_OPEN && !open; i++)
    if (!open_[i].t) {
      open_[i].t = t, open_[i].tid = tid, open_[i].site = site;
      snprintf(open_[i].name, sizeof open_[i].name, "%s", name);
      open = true;
    }
  if (!open) /* not followed to its end: counted where it began */
    count_at(site);
  pthread_mutex_unlock(&lock);
}

void swg__summary_unblocked(struct swg_thread *t, uint64_t ns,
                            const struct swg_event_site *where) {
  pthread_mutex_lock(&lock);
  for (int i = 0; i < SWG_SUMMARY_OPEN; i++) {
    if (open_[i].t != t)
      continue;
    if (where)
      open_[i].site = site_index(where);
    count_at(open_[i].site);
    if (open_[i].site >= 0) {
      struct site_stat *s = &sites[open_[i].site];
      s->total += ns;
      if (ns > s->longest)
        s->longest = ns;
    }
    if (ns > longest) {
      longest = ns;
      longest_tid = open_[i].tid;
      memcpy(longest_name, open_[i].name, sizeof longest_name);
    }
    open_[i].t = NULL;
    break;
  }
  pthread_mutex_unlock(&lock);
}

void swg__summary_count(enum swg_event_kind kind) {
  pthread_mutex_lock(&lock);
  counts[kind]++;
  pthread_mutex_unlock(&lock);
}

void swg__summary_suppressed(void) {
  pthread_mutex_lock(&lock);
  suppressed_calls++;
  pthread_mutex_unlock(&lock);
}

static int by_count(const void *a, const void *b) {
  const struct site_stat *x = a, *y = b;
  if (x->incidents != y->incidents)
    return x->incidents < y->incidents ? 1 : -1;
  return x->longest < y->longest ? 1 : x->longest > y->longest ? -1 : 0;
}

static void site_json(struct swg_buf *b, const struct site_stat *s) {
  struct swg_event_site e = {s->function, s->file, s->line, s->column,
                             s->primitive[0] ? s->primitive : NULL, NULL};
  swg__bprintf(b, "{\"site\":");
  swg__site_json(b, &e);
  swg__bprintf(b, ",\"located_by\":\"%s\",\"incidents\":%u,\"longest_ms\":%.1f,"
                  "\"total_ms\":%.1f}",
               s->primitive[0] ? "last_switch" : "stack", s->incidents,
               (double)s->longest / 1e6, (double)s->total / 1e6);
}

static void site_text(struct swg_buf *b, const struct site_stat *s) {
  swg__bprintf(b, "    %u incident%s, longest %.2f s, in all %.2f s: ",
               s->incidents, s->incidents == 1 ? "" : "s",
               (double)s->longest / 1e9, (double)s->total / 1e9);
  if (s->primitive[0])
    swg__bprintf(b, "after %s in %s %s:%d\n", s->primitive, s->function,
                 s->file, s->line);
  else
    swg__bprintf(b, "%s %s:%d\n", s->function, s->file, s->line);
}

void swg__summary_print(void) {
  pthread_mutex_lock(&lock);
  unsigned msf = counts[SWG_EVENT_MUST_SWITCH_FAILED];
  unsigned mem = counts[SWG_EVENT_MEMORY_EXCEEDED];
  unsigned calls = counts[SWG_EVENT_BLOCKING_CALL];
  if (!incidents && !msf && !mem && !calls) {
    pthread_mutex_unlock(&lock);
    return;
  }
  for (int i = 0; i < SWG_SUMMARY_OPEN; i++) /* never ended: where began */
    if (open_[i].t)
      count_at(open_[i].site), open_[i].t = NULL;
  /* Sort a copy: open incidents hold indices into sites[]. */
  static struct site_stat sorted[SWG_SUMMARY_SITES];
  memcpy(sorted, sites, nsites * sizeof sites[0]);
  qsort(sorted, nsites, sizeof sorted[0], by_count);
  /* Where incidents began but were found to spend their time elsewhere
   * are sites of none: last, and not shown. */
  unsigned shown = 0;
  while (shown < nsites && sorted[shown].incidents)
    shown++;
  struct swg_buf b = {.urgent = true};
  if (swg__json()) {
    swg__bjson_head(&b, "exit_summary");
    swg__bprintf(&b, ",\"incidents\":%u,\"longest_ms\":%.1f,\"longest\":",
                 incidents, (double)longest / 1e6);
    if (longest) {
      swg__bprintf(&b, "{\"tid\":%d,\"coroutine\":", (int)longest_tid);
      swg__bjson(&b, longest_name);
      swg__bprintf(&b, "}");
    } else {
      swg__bprintf(&b, "null");
    }
    swg__bprintf(&b, ",\"sites\":[");
    for (unsigned i = 0; i < shown; i++) {
      swg__bprintf(&b, i ? "," : "");
      site_json(&b, &sorted[i]);
    }
    swg__bprintf(&b, "],\"other_incidents\":%u,\"must_switch_failures\":%u,"
                     "\"memory_exceeded\":%u,\"blocking_calls\":%u,"
                     "\"blocking_calls_suppressed\":%u}\n",
                 elsewhere, msf, mem, calls, suppressed_calls);
  } else {
    swg__bprintf(&b, "==%d== switchguard: exit summary: %u blocking "
                     "incident%s", (int)getpid(), incidents,
                 incidents == 1 ? "" : "s");
    if (longest)
      swg__bprintf(&b, ", longest %.2f s (coroutine '%s' on thread %d)",
                   (double)longest / 1e9, longest_name, (int)longest_tid);
    if (msf)
      swg__bprintf(&b, "; %u must_switch failure%s", msf, msf == 1 ? "" : "s");
    if (mem)
      swg__bprintf(&b, "; resident memory over max_memory_mb %u time%s", mem,
                   mem == 1 ? "" : "s");
    if (calls)
      swg__bprintf(&b, "; %u blocking call%s in coroutines", calls,
                   calls == 1 ? "" : "s");
    if (suppressed_calls)
      swg__bprintf(&b, "; %u blocking call%s suppressed", suppressed_calls,
                   suppressed_calls == 1 ? "" : "s");
    swg__bprintf(&b, "\n");
    for (unsigned i = 0; i < shown; i++)
      site_text(&b, &sorted[i]);
    if (elsewhere)
      swg__bprintf(&b, "    %u incident%s at unknown or further sites\n",
                   elsewhere, elsewhere == 1 ? "" : "s");
  }
  pthread_mutex_unlock(&lock);
  if (b.p)
    swg__report_write(b.p, b.len);
  swg__bfree(&b);
}

/* The child reports its own incidents, not its parent's. */
void swg__summary_after_fork(void) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  lock = fresh;
  memset(sites, 0, sizeof sites);
  memset(open_, 0, sizeof open_);
  memset(counts, 0, sizeof counts);
  nsites = elsewhere = incidents = suppressed_calls = 0;
  longest = 0;
  longest_tid = 0;
  swg__stall_after_fork(); /* the incidents this file follows, stall.c's */
}
