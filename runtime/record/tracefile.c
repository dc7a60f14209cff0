/*===- tracefile.c - The Chrome trace file (trace_path) ----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Writes what trace.c records as Chrome Trace Event JSON, the format
 * Perfetto (ui.perfetto.dev) and chrome://tracing open, and the one
 * tools/switchguard-timeline reads:
 *
 *   - a complete event ("ph":"X") per stretch, on its thread's track
 *     (pid, tid), named by its coroutine ("hub" for hub time), with the
 *     switch sites as args: resumed_at (where its own code went on, or
 *     the switch that first started it) and yielded_at (where it gave
 *     control away; null if the thread or process ended it);
 *   - an instant event ("ph":"i") for each blocked, unblocked and
 *     must_switch_failed event, at the time the monitor decided, with
 *     since_ts, the time the blockage began;
 *   - metadata ("ph":"M") naming the process and each thread, with the
 *     thread's count of switch events, slices and lost events.
 *
 * It is the JSON array form, written as the run goes by one writer thread
 * ("swg-trace", every 50 ms) so that the switch path only fills memory:
 * a file cut short by a crash still loads, because the closing bracket is
 * optional in that form. Incidents come through the public event API
 * (swg_event_subscribe), like any other subscriber's.
 *
 *===----------------------------------------------------------------------===*/
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SWG_WRITER_PERIOD_MS 50

static FILE *out;
static pthread_t writer;
static bool writer_running;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* below, and out */
static pthread_cond_t wake;
static bool stopping;
static bool first = true;       /* no event written yet: no separator */
static int pid;
static int subscription;
struct mark {
  struct mark *next;
  struct swg_buf json;
};
static struct mark *marks, **marks_tail = &marks;

static double ts_us(uint64_t ns) {
  return ((double)ns - (double)swg__trace_base_ns) / 1e3;
}

/* ---- fast appends: the writer formats every slice, so no printf there ---- */

/* As swg__bprintf: once something is left out, nothing more goes in until
 * flush() empties the buffer, so a chunk is cut short, never holed. */
static void put(struct swg_buf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 8192;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap); /* the same allocator as swg__bprintf */
    if (!p) {
      b->oom = true;
      return;
    }
    b->p = p, b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void puts_(struct swg_buf *b, const char *s) { put(b, s, strlen(s)); }

static void put_u(struct swg_buf *b, uint64_t v) {
  char d[24], *at = d + sizeof d;
  do
    *--at = (char)('0' + v % 10);
  while (v /= 10);
  put(b, at, (size_t)(d + sizeof d - at));
}

/* ns as microseconds with three decimals, as the format wants. */
static void put_us(struct swg_buf *b, int64_t ns) {
  if (ns < 0)
    put(b, "-", 1), ns = -ns;
  put_u(b, (uint64_t)ns / 1000);
  char frac[4] = {'.', (char)('0' + ns / 100 % 10), (char)('0' + ns / 10 % 10),
                  (char)('0' + ns % 10)};
  put(b, frac, sizeof frac);
}

static void sep(struct swg_buf *b) {
  if (!first)
    put(b, ",\n", 2);
  first = false;
}

/* ---- what slices repeat, rendered once (writer only) --------------------- */

/* Site records are static and coroutine names never change once in the
 * table, so each is rendered to JSON once: most of a slice is these. */
struct site_json {
  const struct swg_site *site;
  char *json;
};
static struct site_json *sites;
static size_t sites_mask, sites_used;
static char **names;
static uint32_t nnames;

static const char *render_site(const struct swg_site *s) {
  struct swg_buf b = {0};
  struct swg_event_site e = swg__event_site(s);
  swg__site_json(&b, &e);
  return b.p;
}

static const char *site_json(const struct swg_site *s) {
  if (!s)
    return "null";
  if ((sites_used + 1) * 2 > (sites ? sites_mask + 1 : 0)) {
    size_t n = sites ? (sites_mask + 1) * 2 : 256;
    struct site_json *t = calloc(n, sizeof *t);
    if (!t)
      return "null";
    for (size_t i = 0; sites && i <= sites_mask; i++) {
      if (!sites[i].site)
        continue;
      size_t k = ((uintptr_t)sites[i].site >> 4) & (n - 1);
      while (t[k].site)
        k = (k + 1) & (n - 1);
      t[k] = sites[i];
    }
    free(sites);
    sites = t, sites_mask = n - 1;
  }
  size_t k = ((uintptr_t)s >> 4) & sites_mask;
  for (; sites[k].site; k = (k + 1) & sites_mask)
    if (sites[k].site == s)
      return sites[k].json;
  const char *j = render_site(s);
  if (!j)
    return "null";
  sites[k] = (struct site_json){s, (char *)j};
  sites_used++;
  return j;
}

static const char *name_json(uint32_t coro) {
  if (coro >= nnames) {
    uint32_t n = coro + 64;
    char **t = realloc(names, n * sizeof *t);
    if (!t)
      return "\"?\"";
    memset(t + nnames, 0, (n - nnames) * sizeof *t);
    names = t, nnames = n;
  }
  if (!names[coro]) {
    struct swg_buf b = {0};
    swg__bjson(&b, swg__record_coro_name(coro));
    names[coro] = b.p;
  }
  return names[coro] ? names[coro] : "\"?\"";
}

/* ---- slices -------------------------------------------------------------- */

/* Ends r's open slice at end_ns; yield is the site that ended it. */
static void slice(struct swg_buf *b, struct swg_recorder *r, uint64_t end_ns,
                  const struct swg_site *yield) {
  if (r->w_coro == SWG_CORO_NONE)
    return;
  sep(b);
  /* No "from": it is the previous slice's yielded_at. */
  puts_(b, r->w_coro == SWG_CORO_HUB
               ? "{\"ph\":\"X\",\"cat\":\"hub\",\"name\":"
               : "{\"ph\":\"X\",\"cat\":\"coroutine\",\"name\":");
  puts_(b, name_json(r->w_coro));
  puts_(b, ",\"pid\":");
  put_u(b, (uint64_t)pid);
  puts_(b, ",\"tid\":");
  put_u(b, (uint64_t)r->tid);
  puts_(b, ",\"ts\":");
  put_us(b, (int64_t)(r->w_start_ns - swg__trace_base_ns));
  puts_(b, ",\"dur\":");
  put_us(b, (int64_t)(end_ns - r->w_start_ns));
  puts_(b, ",\"args\":{\"coroutine\":");
  put_u(b, r->w_coro);
  puts_(b, ",\"resumed_at\":");
  puts_(b, site_json(r->w_resumed));
  puts_(b, ",\"yielded_at\":");
  puts_(b, site_json(yield));
  puts_(b, r->w_incomplete ? ",\"incomplete\":true}}" : "}}");
  r->w_slices++;
  r->w_coro = SWG_CORO_NONE;
}

static void on_event(struct swg_buf *b, struct swg_recorder *r,
                     const struct swg_rec_event *e) {
  if (e->lost) { /* the open slice's end is among them */
    r->w_lost += e->lost;
    r->w_incomplete = true;
    slice(b, r, e->ns, NULL);
    sep(b);
    swg__bprintf(b, "{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"switchguard\","
                    "\"name\":\"events_lost\",\"pid\":%d,\"tid\":%d,"
                    "\"ts\":%.3f,\"args\":{\"count\":%u}}",
                 pid, (int)r->tid, ts_us(e->ns), e->lost);
  }
  if (e->coro == SWG_CORO_EXIT) {
    slice(b, r, e->ns, NULL);
    r->w_done = 1;
    return;
  }
  r->w_events++;
  if (e->coro == r->w_coro) { /* the landing half of the switch */
    r->w_resumed = e->site;
    return;
  }
  slice(b, r, e->ns, e->site);
  r->w_coro = e->coro;
  r->w_start_ns = e->ns;
  r->w_resumed = e->site;
  r->w_incomplete = false;
}

/* Everything r has published; full chunks go back to r. */
static void drain(struct swg_buf *b, struct swg_recorder *r) {
  while (r->w_chunk && !r->w_done) {
    struct swg_chunk *c = r->w_chunk;
    uint32_t n = atomic_load_explicit(&c->n, memory_order_acquire);
    while (r->w_pos < n && !r->w_done)
      on_event(b, r, &c->ev[r->w_pos++]);
    if (n < SWG_CHUNK_EVENTS)
      return;
    struct swg_chunk *next =
        atomic_load_explicit(&c->next, memory_order_acquire);
    if (!next)
      return; /* full, and its thread has not moved on yet */
    r->w_chunk = next, r->w_pos = 0;
    swg__record_give_back(r, c);
  }
}

static void thread_meta(struct swg_buf *b, struct swg_recorder *r) {
  char name[32];
  bool live = swg__thread_comm(r->tid, name, sizeof name);
  sep(b);
  swg__bprintf(b, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%d,"
                  "\"tid\":%d,\"args\":{\"name\":", pid, (int)r->tid);
  swg__bjson(b, live ? name : r->name);
  swg__bprintf(b, ",\"switch_events\":%llu,\"slices\":%llu,"
                  "\"events_lost\":%llu}}",
               (unsigned long long)(r->w_events + r->w_lost),
               (unsigned long long)r->w_slices,
               (unsigned long long)r->w_lost);
}

static void flush(struct swg_buf *b) {
  if (b->len)
    fwrite(b->p, 1, b->len, out);
  b->len = 0;
  b->oom = false; /* empty again: the next chunk starts whole */
}

/* One writer round; `final` also ends the slices still open at now_ns. */
static void write_round(bool final, uint64_t now_ns) {
  struct swg_buf b = {0};
  for (struct swg_recorder *r = swg__recorders(); r; r = r->next) {
    if (r->w_done == 2)
      continue;
    drain(&b, r);
    if (final) {
      r->w_lost += r->lost; /* dropped after its last stored event */
      slice(&b, r, now_ns, NULL);
      thread_meta(&b, r);
      r->w_done = 2; /* its thread may still run: keep its chunks */
    } else if (r->w_done &&
               atomic_load_explicit(&r->exited, memory_order_acquire)) {
      thread_meta(&b, r);
      swg__record_free_chunks(r);
      r->w_done = 2;
    }
    if (b.len > (1u << 20))
      flush(&b);
  }
  pthread_mutex_lock(&lock);
  struct mark *m = marks;
  marks = NULL, marks_tail = &marks;
  pthread_mutex_unlock(&lock);
  while (m) {
    struct mark *next = m->next;
    sep(&b);
    swg__bprintf(&b, "%s", m->json.p ? m->json.p : "{}");
    swg__bfree(&m->json);
    free(m);
    m = next;
  }
  flush(&b);
  fflush(out);
  swg__bfree(&b);
}

static void *writer_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-trace", NULL);
  pthread_mutex_lock(&lock);
  while (!stopping) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += SWG_WRITER_PERIOD_MS * 1000000L;
    ts.tv_sec += ts.tv_nsec / 1000000000L;
    ts.tv_nsec %= 1000000000L;
    pthread_cond_timedwait(&wake, &lock, &ts);
    if (stopping)
      break;
    pthread_mutex_unlock(&lock);
    write_round(false, 0);
    pthread_mutex_lock(&lock);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

/* ---- incidents, from the event API --------------------------------------- */

static void mark_site(struct swg_buf *b, const char *key,
                      const struct swg_event_site *s) {
  swg__bprintf(b, ",\"%s\":", key);
  swg__site_json(b, s);
}

static void on_incident(const struct swg_event *ev, void *arg) {
  (void)arg;
  struct mark *m = calloc(1, sizeof *m);
  if (!m)
    return;
  struct swg_buf *b = &m->json;
  uint64_t since = ev->time_ns - (uint64_t)(ev->duration_ms * 1e6);
  swg__bprintf(b, "{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"switchguard\","
                  "\"name\":\"%s\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f,"
                  "\"args\":{\"coroutine\":", ev->event, pid, ev->tid,
               ts_us(ev->time_ns));
  swg__bjson(b, ev->coroutine_name);
  swg__bprintf(b, ",\"duration_ms\":%.1f", ev->duration_ms);
  if (ev->kind == SWG_EVENT_MUST_SWITCH_FAILED) {
    mark_site(b, "guard", &ev->guard);
    swg__bprintf(b, ",\"reason\":\"%s\",\"limit_ms\":%.1f,\"action\":\"%s\"",
                 ev->reason, ev->limit_ms, ev->action);
  } else {
    swg__bprintf(b, ",\"since_ts\":%.3f,\"max_blocking_ms\":%d",
                 ts_us(since), ev->max_blocking_ms);
    mark_site(b, "last_switch", &ev->last_switch);
    if (ev->kind == SWG_EVENT_BLOCKED)
      mark_site(b, "where", &ev->where);
    else
      mark_site(b, "ended_by", &ev->ended_by);
  }
  swg__bprintf(b, "}}");
  pthread_mutex_lock(&lock);
  *marks_tail = m;
  marks_tail = &m->next;
  pthread_mutex_unlock(&lock);
  /* The program aborts once this returns: write everything now. */
  if (ev->kind == SWG_EVENT_MUST_SWITCH_FAILED && ev->action &&
      !strcmp(ev->action, "abort"))
    swg__record_finish();
}

/* ---- open and finish ----------------------------------------------------- */

bool swg__tracefile_open(void) {
  char path[4096], comm[32];
  pid = (int)getpid();
  swg__option_path(path, sizeof path, swg__opts.trace_path);
  /* Never on descriptor 0-2 (base/stdio.c): the program may write there. */
  int fd = swg__fd_above_stdio(
      open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (fd < 0 || !(out = fdopen(fd, "w"))) {
    swg__config_error("switchguard: cannot write trace_path '%s': %s; no "
                      "trace\n", path, strerror(errno));
    if (fd >= 0)
      close(fd);
    return false;
  }
  setvbuf(out, NULL, _IOFBF, 1u << 16);
  swg__thread_comm(pid, comm, sizeof comm);
  struct swg_buf b = {0};
  swg__bprintf(&b, "[\n");
  sep(&b);
  swg__bprintf(&b, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%d,"
                   "\"tid\":%d,\"args\":{\"name\":", pid, pid);
  swg__bjson(&b, comm);
  swg__bprintf(&b, ",\"clock\":\"CLOCK_MONOTONIC\",\"base_ns\":%llu}}",
               (unsigned long long)swg__trace_base_ns);
  flush(&b);
  swg__bfree(&b);
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&wake, &attr);
  pthread_condattr_destroy(&attr);
  unsigned kinds = SWG_EVENT_MASK(SWG_EVENT_BLOCKED) |
                   SWG_EVENT_MASK(SWG_EVENT_UNBLOCKED) |
                   SWG_EVENT_MASK(SWG_EVENT_MUST_SWITCH_FAILED);
  subscription = swg_event_subscribe(kinds, on_incident, NULL);
  writer_running = !swg__own_thread_create(&writer, false, writer_main, NULL);
  return true; /* without a writer, everything is written at exit */
}

void swg__tracefile_nudge(void) {
  if (writer_running)
    pthread_cond_signal(&wake); /* a hint: a missed one costs a round */
}

void swg__tracefile_finish(uint64_t now_ns) {
  if (!out)
    return;
  pthread_mutex_lock(&lock);
  stopping = true;
  pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
  if (writer_running && !pthread_equal(pthread_self(), writer))
    pthread_join(writer, NULL);
  writer_running = false;
  if (subscription > 0)
    swg_event_unsubscribe(subscription);
  write_round(true, now_ns);
  fputs("\n]\n", out);
  fclose(out);
  out = NULL;
}
