/*===- profile.c - The blocking profile (profile=1) --------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Answers "which code runs longest without yielding": every stretch of a
 * coroutine (hub time never counts) is counted under its coroutine's entry
 * function and under the pair of sites that bound it — where its code
 * resumed and where it yielded — with count, sum, maximum and a
 * log-linear histogram (8 buckets per power of two, so p99 is right to
 * 12.5%). Each thread counts into a table of its own without locks;
 * a thread's table joins the process-wide one when it exits, and at exit
 * the whole is printed to the report log, sorted by maximum: a table for
 * people, or one "profile" JSON line with format=json
 * (docs/report-format.md).
 *
 *===----------------------------------------------------------------------===*/
#include "record.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SWG_PROFILE_TEXT_ROWS 20   /* per table, for people */
#define SWG_PROFILE_JSON_ROWS 200  /* per list, for tools */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct swg_prof_table *_Atomic global; /* exited threads, under lock */

/* ---- histograms ---------------------------------------------------------- */

static unsigned bucket(uint64_t v) {
  if (v < 8)
    return (unsigned)v;
  unsigned msb = 63u - (unsigned)__builtin_clzll(v);
  return (msb - 2) * 8 + (unsigned)((v >> (msb - 3)) & 7);
}

/* The largest value in bucket i. */
static uint64_t bucket_high(unsigned i) {
  if (i < 8)
    return i;
  unsigned msb = i / 8 + 2, sub = i % 8;
  return ((uint64_t)(9 + sub) << (msb - 3)) - 1;
}

/* One writer per cell (its thread, or the merger under lock): a relaxed
 * load and store, so a reader at exit sees whole values. */
static void add(_Atomic uint64_t *p, uint64_t v) {
  atomic_store_explicit(p, atomic_load_explicit(p, memory_order_relaxed) + v,
                        memory_order_relaxed);
}

static uint64_t get(_Atomic uint64_t *p) {
  return atomic_load_explicit(p, memory_order_relaxed);
}

/* ---- tables -------------------------------------------------------------- */

static size_t hash_key(uint32_t entry, const void *from, const void *to) {
  return swg__hash_u64((uintptr_t)from * 0x9e3779b97f4a7c15ULL ^
                       (uintptr_t)to ^ ((uint64_t)entry << 40));
}

static struct swg_prof_cell *probe(struct swg_prof_table *t, uint32_t entry,
                                   const struct swg_site *from,
                                   const struct swg_site *to) {
  size_t s = hash_key(entry, from, to) & t->mask;
  while (t->cells[s].entry &&
         !(t->cells[s].entry == entry && t->cells[s].from == from &&
           t->cells[s].to == to))
    s = (s + 1) & t->mask;
  return &t->cells[s];
}

/* Replaces *tp by a table twice the size; the old one stays readable. */
static bool grow(struct swg_prof_table *_Atomic *tp) {
  struct swg_prof_table *old = atomic_load(tp);
  size_t n = old ? (old->mask + 1) * 2 : 64;
  struct swg_prof_table *t =
      calloc(1, sizeof *t + n * sizeof(struct swg_prof_cell));
  if (!t)
    return false;
  t->mask = n - 1;
  t->retired = old;
  for (size_t i = 0; old && i <= old->mask; i++) {
    struct swg_prof_cell *o = &old->cells[i];
    if (!o->entry)
      continue;
    struct swg_prof_cell *c = probe(t, o->entry, o->from, o->to);
    c->from = o->from, c->to = o->to, c->entry = o->entry;
    atomic_init(&c->count, get(&o->count));
    atomic_init(&c->sum, get(&o->sum));
    atomic_init(&c->max, get(&o->max));
    c->hist = o->hist; /* shared: both tables see the same counts */
    t->used++;
  }
  atomic_store_explicit(tp, t, memory_order_release);
  return true;
}

/* The cell for a key, made if missing; NULL when out of memory. */
static struct swg_prof_cell *cell(struct swg_prof_table *_Atomic *tp,
                                  uint32_t entry, const struct swg_site *from,
                                  const struct swg_site *to) {
  struct swg_prof_table *t = atomic_load_explicit(tp, memory_order_relaxed);
  if (SWG_LIKELY(t != NULL)) {
    struct swg_prof_cell *c = probe(t, entry, from, to);
    if (SWG_LIKELY(c->entry != 0))
      return c;
  }
  if ((!t || (t->used + 1) * 2 > t->mask + 1) && !grow(tp))
    return NULL;
  t = atomic_load_explicit(tp, memory_order_relaxed);
  struct swg_prof_cell *c = probe(t, entry, from, to);
  if (!(c->hist = calloc(SWG_PROF_BUCKETS, sizeof *c->hist)))
    return NULL;
  c->from = from, c->to = to;
  t->used++;
  atomic_store_explicit(&c->entry, entry, memory_order_release);
  return c;
}

static void count(struct swg_prof_cell *c, uint64_t n, uint64_t sum,
                  uint64_t max) {
  add(&c->count, n);
  add(&c->sum, sum);
  if (max > get(&c->max))
    atomic_store_explicit(&c->max, max, memory_order_relaxed);
}

void swg__profile_add(struct swg_recorder *r, uint64_t ns,
                      const struct swg_site *yield) {
  struct swg_prof_cell *c = cell(&r->prof, r->cur_entry, r->resume_site, yield);
  if (!c)
    return; /* out of memory: this stretch goes uncounted */
  count(c, 1, ns, ns);
  add(&c->hist[bucket(ns)], 1);
}

static void free_table(struct swg_prof_table *t, bool hists) {
  for (size_t i = 0; hists && t && i <= t->mask; i++)
    free(t->cells[i].hist);
  while (t) {
    struct swg_prof_table *next = t->retired;
    free(t);
    t = next;
  }
}

/* Adds r's cells to the global table; lock held. */
static void merge_locked(struct swg_recorder *r) {
  struct swg_prof_table *t =
      atomic_load_explicit(&r->prof, memory_order_acquire);
  for (size_t i = 0; t && i <= t->mask; i++) {
    struct swg_prof_cell *o = &t->cells[i];
    uint32_t entry = atomic_load_explicit(&o->entry, memory_order_acquire);
    if (!entry)
      continue;
    struct swg_prof_cell *c = cell(&global, entry, o->from, o->to);
    if (!c)
      continue;
    count(c, get(&o->count), get(&o->sum), get(&o->max));
    for (unsigned b = 0; b < SWG_PROF_BUCKETS; b++)
      add(&c->hist[b], get(&o->hist[b]));
  }
  r->prof_merged = true;
}

void swg__profile_merge(struct swg_recorder *r) {
  pthread_mutex_lock(&lock);
  bool done = r->prof_merged;
  if (!done)
    merge_locked(r);
  pthread_mutex_unlock(&lock);
  if (!done) { /* its own thread, exiting: nobody else reads it now */
    free_table(atomic_exchange(&r->prof, NULL), true);
  }
}

/* ---- the report ---------------------------------------------------------- */

struct row {
  uint32_t entry;               /* by entry: the key; by sites: unused */
  const struct swg_site *from, *to;
  uint64_t count, sum, max;
  uint64_t hist[SWG_PROF_BUCKETS];
};

static uint64_t p99(const struct row *r) {
  uint64_t want = r->count - r->count / 100, seen = 0; /* ceil(0.99 n) */
  for (unsigned i = 0; i < SWG_PROF_BUCKETS; i++)
    if ((seen += r->hist[i]) >= want)
      return bucket_high(i) < r->max ? bucket_high(i) : r->max;
  return r->max;
}

static int by_max(const void *a, const void *b) {
  const struct row *x = a, *y = b;
  return x->max < y->max ? 1 : x->max > y->max ? -1 : 0;
}

/* Folds the global cells into rows by entry (sites false) or by site pair. */
static size_t fold(struct row **out, bool sites) {
  struct swg_prof_table *t = atomic_load(&global);
  struct row *rows = t ? calloc(t->used + 1, sizeof *rows) : NULL;
  size_t n = 0;
  for (size_t i = 0; rows && i <= t->mask; i++) {
    struct swg_prof_cell *c = &t->cells[i];
    if (!c->entry)
      continue;
    size_t k = 0; /* linear: run once, at exit */
    while (k < n && !(sites ? rows[k].from == c->from && rows[k].to == c->to
                            : rows[k].entry == c->entry))
      k++;
    if (k == n)
      rows[n++] = (struct row){.entry = c->entry, .from = c->from, .to = c->to};
    rows[k].count += get(&c->count);
    rows[k].sum += get(&c->sum);
    if (get(&c->max) > rows[k].max)
      rows[k].max = get(&c->max);
    for (unsigned b = 0; b < SWG_PROF_BUCKETS; b++)
      rows[k].hist[b] += get(&c->hist[b]);
  }
  if (n)
    qsort(rows, n, sizeof *rows, by_max);
  *out = rows;
  return n;
}

static void duration(char *buf, size_t n, uint64_t ns) {
  if (ns < 1000)
    snprintf(buf, n, "%llu ns", (unsigned long long)ns);
  else if (ns < 1000000)
    snprintf(buf, n, "%.1f us", (double)ns / 1e3);
  else if (ns < 1000000000)
    snprintf(buf, n, "%.1f ms", (double)ns / 1e6);
  else
    snprintf(buf, n, "%.2f s", (double)ns / 1e9);
}

static void row_text(struct swg_buf *b, const struct row *r, bool sites) {
  char mean[32], p[32], max[32];
  duration(mean, sizeof mean, r->sum / r->count);
  duration(p, sizeof p, p99(r));
  duration(max, sizeof max, r->max);
  swg__bprintf(b, "  %10llu %10s %10s %10s  ", (unsigned long long)r->count,
               mean, p, max);
  if (sites) {
    struct swg_event_site f = swg__event_site(r->from),
                          t = swg__event_site(r->to);
    swg__site_text(b, &f);
    swg__bprintf(b, " -> ");
    swg__site_text(b, &t);
    swg__bprintf(b, "\n");
  } else {
    swg__bprintf(b, "%s\n", swg__record_entry_name(r->entry));
  }
}

static void row_json(struct swg_buf *b, const struct row *r, bool sites) {
  if (sites) {
    struct swg_event_site f = swg__event_site(r->from),
                          t = swg__event_site(r->to);
    swg__bprintf(b, "{\"resumed_at\":");
    swg__site_json(b, &f);
    swg__bprintf(b, ",\"yielded_at\":");
    swg__site_json(b, &t);
  } else {
    swg__bprintf(b, "{\"entry\":");
    swg__bjson(b, swg__record_entry_name(r->entry));
  }
  swg__bprintf(b, ",\"count\":%llu,\"mean_ms\":%.6f,\"p99_ms\":%.6f,"
                  "\"max_ms\":%.6f}",
               (unsigned long long)r->count,
               (double)r->sum / (double)r->count / 1e6, (double)p99(r) / 1e6,
               (double)r->max / 1e6);
}

static void table(struct swg_buf *b, const struct row *rows, size_t n,
                  bool sites) {
  bool json = swg__json();
  size_t shown = n < (json ? SWG_PROFILE_JSON_ROWS : SWG_PROFILE_TEXT_ROWS)
                     ? n
                     : (json ? SWG_PROFILE_JSON_ROWS : SWG_PROFILE_TEXT_ROWS);
  if (!json)
    swg__bprintf(b, "  %10s %10s %10s %10s  %s\n", "stretches", "mean", "p99",
                 "max", sites ? "resumed at -> yielded at" : "coroutine");
  for (size_t i = 0; i < shown; i++) {
    if (json)
      swg__bprintf(b, i ? "," : "");
    (json ? row_json : row_text)(b, &rows[i], sites);
  }
  if (!json && shown < n)
    swg__bprintf(b, "  ... and %zu more\n", n - shown);
}

void swg__profile_print(void) {
  pthread_mutex_lock(&lock);
  for (struct swg_recorder *r = swg__recorders(); r; r = r->next)
    if (!r->prof_merged)
      merge_locked(r); /* still running: read as it stands */
  struct row *entries, *pairs;
  size_t ne = fold(&entries, false), np = fold(&pairs, true);
  pthread_mutex_unlock(&lock);
  uint64_t total = 0;
  for (size_t i = 0; i < ne; i++)
    total += entries[i].count;
  struct swg_buf b = {.urgent = true};
  if (swg__json()) {
    swg__bjson_head(&b, "profile");
    swg__bprintf(&b, ",\"stretches\":%llu,\"entries_total\":%zu,"
                     "\"sites_total\":%zu,\"entries\":[",
                 (unsigned long long)total, ne, np);
    table(&b, entries, ne, false);
    swg__bprintf(&b, "],\"sites\":[");
    table(&b, pairs, np, true);
    swg__bprintf(&b, "]}\n");
  } else {
    swg__bprintf(&b, "==%d== switchguard: blocking profile: %llu stretch%s "
                     "in %zu coroutine entry function%s, longest first\n",
                 (int)getpid(), (unsigned long long)total,
                 total == 1 ? "" : "es", ne, ne == 1 ? "" : "s");
    if (ne) {
      table(&b, entries, ne, false);
      table(&b, pairs, np, true);
    }
  }
  if (b.p)
    swg__report_write(b.p, b.len);
  swg__bfree(&b);
  free(entries);
  free(pairs);
}
