/*===- runinfo.c - Threads and coroutine trees -------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The context of every report and of swg_print_run_info (gevent's
 * print_run_info): every thread of the process from /proc/self/task, with
 * its name, whether it has a hub, is ignored or blocked, and which are
 * switchguard's own; and each thread's coroutines as a tree by spawn
 * parent, with name, handle, state, spawn site, suspended site and age.
 * A blocked report lists them as the monitor decided (picture.c), run
 * info as they are. In text, siblings alike in all but handle and age are one line with a
 * count, and their children are grouped together under it; the running
 * coroutines and their ancestors always stand alone. The JSON lists every
 * coroutine up to a cap per thread and says how many it left out.
 * run_info_path=PATH prints the same on demand, like a JVM's thread dump,
 * without a signal: a signal to the process lands on any thread that does
 * not block it, and a handled signal cuts that thread's sleep or poll
 * short. The runtime makes a FIFO at PATH; the monitor, which wakes every
 * period anyway, reads it without blocking and hands the work to the
 * reporter. No thread of the program is ever touched.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- threads ------------------------------------------------------------ */

static void thread_text(struct swg_buf *b, const struct swg_thread_row *r,
                        pid_t blocked, int n) {
  (void)n;
  swg__bprintf(b, "    thread %d \"%s\"%s%s%s%s%s%s\n", (int)r->tid, r->name,
               r->hub ? " [hub]" : "", r->ignored ? " [ignored]" : "",
               r->role ? " [switchguard " : "", r->role ? r->role : "",
               r->role ? "]" : "", r->tid == blocked ? " <- BLOCKED" : "");
}

static void thread_json(struct swg_buf *b, const struct swg_thread_row *r,
                        pid_t blocked, int n) {
  swg__bprintf(b, "%s{\"tid\":%d,\"name\":", n ? "," : "", (int)r->tid);
  swg__bjson(b, r->name);
  swg__bprintf(b, ",\"hub\":%s,\"ignored\":%s,\"blocked\":%s,\"role\":",
               r->hub ? "true" : "false", r->ignored ? "true" : "false",
               r->tid == blocked ? "true" : "false");
  swg__bjson(b, r->role);
  swg__bprintf(b, "}");
}

/* Calls fn for each thread of the process, in /proc's order: picture p's,
 * or live. */
static void each_thread(void (*fn)(struct swg_buf *, const struct swg_thread_row *,
                                   pid_t, int),
                        struct swg_buf *b, pid_t blocked,
                        const struct swg_picture *p) {
  struct swg_thread_row *live = NULL;
  const struct swg_thread_row *v = p ? p->threads : NULL;
  size_t n = p ? p->nthreads : 0, max = SWG_PICTURE_THREADS;
  for (int tries = 0; !p && tries < 3; tries++) { /* threads come and go */
    free(live);
    if (!(live = malloc(max * sizeof *live)))
      return;
    if ((n = swg__thread_rows(live, max)) <= max)
      break;
    max = n + 64;
  }
  if (!p)
    v = live;
  size_t listed = n < max ? n : max;
  for (size_t i = 0; i < listed; i++)
    fn(b, &v[i], blocked, (int)i);
  free(live);
}

void swg__threads_text(struct swg_buf *b, pid_t blocked,
                       const struct swg_picture *p) {
  swg__bprintf(b, "  * Threads:\n");
  each_thread(thread_text, b, blocked, p);
  if (p && p->nthreads > SWG_PICTURE_THREADS)
    swg__bprintf(b, "    ... and %zu more\n",
                 p->nthreads - SWG_PICTURE_THREADS);
}

void swg__threads_json(struct swg_buf *b, pid_t blocked,
                       const struct swg_picture *p) {
  swg__bprintf(b, ",\"threads\":[");
  each_thread(thread_json, b, blocked, p);
  swg__bprintf(b, "]");
}

/* ---- coroutines --------------------------------------------------------- */

/* The JSON lists at most this many coroutines per thread (the running
 * ones and their ancestors always) and says how many it left out. */
#define SWG_JSON_MAX 1000
#define SWG_NONE ((size_t)-1)

struct row {
  struct swg_coro_info c;
  char name[64];
  bool named;       /* name holds the registry's name (c.name set later) */
  struct swg_coro_state st;
  bool parent_gone; /* destroyed, or its handle now names a newer one */
  bool pinned;      /* running, or an ancestor of one: never folded */
  size_t parent;    /* index of its listed parent, or SWG_NONE: a root */
  size_t child, next; /* first child, next sibling, in registry order */
};

struct rows {
  struct row *v;
  size_t n, total;
};

struct handle_ix {
  void *handle;
  size_t ix;
};

static int by_handle(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const struct handle_ix *)a)->handle;
  uintptr_t y = (uintptr_t)((const struct handle_ix *)b)->handle;
  return x < y ? -1 : x > y;
}

/* Links each row to its listed parent and its children, in registry
 * order, and pins the running rows and their ancestors. A row whose
 * parent is gone, unlisted or itself is a root; rows in a cycle of
 * parents hang from no root and are never shown. */
static void link_rows(struct rows *l) {
  struct handle_ix *h = malloc((l->n ? l->n : 1) * sizeof *h);
  for (size_t i = 0; i < l->n; i++) {
    l->v[i].parent = l->v[i].child = l->v[i].next = SWG_NONE;
    l->v[i].pinned = false;
    if (h)
      h[i] = (struct handle_ix){l->v[i].c.handle, i};
  }
  if (!h)
    return; /* out of memory: every row a root */
  qsort(h, l->n, sizeof *h, by_handle);
  for (size_t i = l->n; i-- > 0;) { /* backwards: children keep order */
    struct row *r = &l->v[i];
    struct handle_ix key = {r->c.parent, 0};
    struct handle_ix *p =
        r->c.parent && !r->parent_gone
            ? bsearch(&key, h, l->n, sizeof *h, by_handle)
            : NULL;
    if (!p || p->ix == i)
      continue;
    r->parent = p->ix;
    r->next = l->v[p->ix].child;
    l->v[p->ix].child = i;
  }
  free(h);
  for (size_t i = 0; i < l->n; i++) {
    if (l->v[i].st.run != SWG_RUN_RUNNING)
      continue;
    /* At most n steps: a cycle of parents ends the walk too. */
    for (size_t j = i, steps = 0; j != SWG_NONE && steps <= l->n; steps++) {
      l->v[j].pinned = true;
      j = l->v[j].parent;
    }
  }
}

/* Rows for the registry's: names made (which may wait for symbols, so
 * never under the registry lock), and linked. */
static void gather_from(struct rows *l, const struct swg_coro_rows *raw) {
  *l = (struct rows){.total = raw->total};
  if (!(l->v = malloc((raw->n ? raw->n : 1) * sizeof *l->v))) {
    l->total = 0; /* out of memory: an empty tree */
    return;
  }
  l->n = raw->n;
  const struct row *last = NULL; /* workers share an entry: name it once */
  for (size_t i = 0; i < l->n; i++) {
    struct row *r = &l->v[i];
    const struct swg_coro_row *w = &raw->v[i];
    r->c = w->c;
    r->st = w->st;
    r->parent_gone = w->parent_gone;
    r->named = w->named;
    memcpy(r->name, w->name, sizeof r->name);
    if (r->named) {
      r->c.name = r->name;
    } else if (last && last->c.entry == r->c.entry) {
      memcpy(r->name, last->name, sizeof r->name);
      r->c.name = last->c.name ? r->name : NULL;
    } else {
      if (swg__entry_name(r->c.entry, r->name, sizeof r->name))
        r->c.name = r->name;
      last = r;
    }
  }
  link_rows(l);
}

/* Thread tid's coroutines: from picture p, or read now. */
static void gather(struct rows *l, pid_t tid, const struct swg_picture *p) {
  if (p) {
    gather_from(l, &p->coros);
    return;
  }
  size_t nthreads = 0;
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    nthreads++;
  struct swg_coro_rows raw = {.tid = tid, .cap_running = nthreads};
  raw.running = calloc(nthreads ? nthreads : 1, sizeof *raw.running);
  if (raw.running)
    swg__coro_rows_read(&raw);
  gather_from(l, &raw);
  free(raw.v);
  free(raw.running);
}

static void release(struct rows *l) { free(l->v); }

static const char *state_name(enum swg_coro_run run) {
  switch (run) {
  case SWG_RUN_RUNNING: return "running";
  case SWG_RUN_FINISHED: return "finished";
  default: return "suspended";
  }
}

/* ---- the text tree ------------------------------------------------------ */

/* Siblings alike in all a line shows but handle and age are one line. */
struct item {
  const struct row *r;
  size_t ix;
};

static int keycmp(const struct row *a, const struct row *b) {
  int d = strcmp(a->c.name ? a->c.name : "", b->c.name ? b->c.name : "");
  if (d)
    return d;
  if (a->st.run != b->st.run)
    return a->st.run < b->st.run ? -1 : 1;
  if (a->c.spawn != b->c.spawn)
    return (uintptr_t)a->c.spawn < (uintptr_t)b->c.spawn ? -1 : 1;
  if (a->st.suspended_at != b->st.suspended_at)
    return (uintptr_t)a->st.suspended_at < (uintptr_t)b->st.suspended_at ? -1
                                                                          : 1;
  return (int)a->parent_gone - (int)b->parent_gone;
}

/* Pinned rows apart and each alone; the rest by key, then list order. */
static int by_key(const void *x, const void *y) {
  const struct item *a = x, *b = y;
  int d = (int)b->r->pinned - (int)a->r->pinned;
  if (!d && !a->r->pinned)
    d = keycmp(a->r, b->r);
  return d ? d : a->ix < b->ix ? -1 : a->ix > b->ix;
}

struct group {
  size_t at, n; /* items[at, at + n); items[at] comes first in the list */
};

static int by_first(const void *x, const void *y, void *items) {
  const struct item *v = items;
  size_t a = v[((const struct group *)x)->at].ix;
  size_t b = v[((const struct group *)y)->at].ix;
  return a < b ? -1 : a > b;
}

struct tree {
  struct swg_buf *b;
  const struct rows *l;
  uint64_t now;
  size_t shown;
};

static void site_of_spawn(struct swg_buf *b, const struct row *r) {
  if (r->c.spawn)
    swg__bprintf(b, "%s %s:%u", r->c.spawn->function, r->c.spawn->file,
                 r->c.spawn->line);
  else
    swg__bprintf(b, "?");
}

/* One coroutine, or n alike: `worker x100 suspended, age 0.2-1.5 s, ...`. */
static void line_text(struct tree *t, const struct item *g, size_t n,
                      int depth) {
  const struct row *r = g[0].r;
  uint64_t lo = r->c.created_ns, hi = lo;
  for (size_t i = 1; i < n; i++) {
    uint64_t c = g[i].r->c.created_ns;
    lo = c < lo ? c : lo;
    hi = c > hi ? c : hi;
  }
  swg__bprintf(t->b, "    %*s%s ", depth * 2, "", r->c.name ? r->c.name : "?");
  if (n > 1)
    swg__bprintf(t->b, "x%zu ", n);
  else
    swg__bprintf(t->b, "0x%lx ", (unsigned long)r->c.handle);
  swg__bprintf(t->b, "%s", state_name(r->st.run));
  if (r->st.suspended_at) {
    struct swg_event_site s = swg__event_site(r->st.suspended_at);
    swg__bprintf(t->b, " at ");
    swg__site_text(t->b, &s);
  }
  char young[32], old[32]; /* ages: the youngest is the latest made */
  snprintf(young, sizeof young, "%.1f", (double)(t->now - hi) / 1e9);
  snprintf(old, sizeof old, "%.1f", (double)(t->now - lo) / 1e9);
  swg__bprintf(t->b, ", age %s%s%s s, spawned at ", young,
               strcmp(young, old) ? "-" : "", strcmp(young, old) ? old : "");
  site_of_spawn(t->b, r);
  swg__bprintf(t->b, "%s\n", r->parent_gone ? ", parent gone" : "");
  t->shown += n;
}

/* Lists `items` (siblings, or the children of one group's members) at
 * `depth`, grouped, each group followed by its members' children grouped
 * together. Frees items. */
static void level_text(struct tree *t, struct item *items, size_t n,
                       int depth) {
  struct group *g = malloc((n ? n : 1) * sizeof *g);
  size_t ng = 0;
  if (!g) {
    free(items);
    return; /* out of memory: counted in "... and N more" */
  }
  qsort(items, n, sizeof *items, by_key);
  for (size_t i = 0; i < n; i++) {
    if (i && !items[i].r->pinned && !items[i - 1].r->pinned &&
        !keycmp(items[i].r, items[i - 1].r))
      g[ng - 1].n++;
    else
      g[ng++] = (struct group){i, 1};
  }
  qsort_r(g, ng, sizeof *g, by_first, items);
  for (size_t k = 0; k < ng; k++) {
    const struct item *m = &items[g[k].at];
    size_t nc = 0;
    line_text(t, m, g[k].n, depth);
    for (size_t i = 0; i < g[k].n; i++)
      for (size_t c = m[i].r->child; c != SWG_NONE; c = t->l->v[c].next)
        nc++;
    if (!nc)
      continue;
    struct item *kids = malloc(nc * sizeof *kids);
    if (!kids)
      continue;
    nc = 0;
    for (size_t i = 0; i < g[k].n; i++)
      for (size_t c = m[i].r->child; c != SWG_NONE; c = t->l->v[c].next)
        kids[nc++] = (struct item){&t->l->v[c], c};
    level_text(t, kids, nc, depth + 1);
  }
  free(g);
  free(items);
}

static void group_text(struct swg_buf *b, pid_t tid,
                       const struct swg_picture *p) {
  struct rows l;
  gather(&l, tid, p);
  /* After gathering: no coroutine listed is younger than now. */
  struct tree t = {.b = b, .l = &l, .now = p ? p->taken_ns : swg__now_ns()};
  if (tid > 0) {
    swg__bprintf(b, "  * Coroutines of thread %d (%zu):\n    hub\n", (int)tid,
                 l.total);
  } else {
    swg__bprintf(b, "  * Coroutines of exited threads (%zu):\n", l.total);
  }
  size_t nroots = 0;
  for (size_t i = 0; i < l.n; i++)
    nroots += l.v[i].parent == SWG_NONE;
  struct item *roots = malloc((nroots ? nroots : 1) * sizeof *roots);
  if (roots) {
    nroots = 0;
    for (size_t i = 0; i < l.n; i++)
      if (l.v[i].parent == SWG_NONE)
        roots[nroots++] = (struct item){&l.v[i], i};
    level_text(&t, roots, nroots, tid > 0 ? 1 : 0);
  }
  if (l.total > t.shown)
    swg__bprintf(b, "    ... and %zu more\n", l.total - t.shown);
  release(&l);
}

/* ---- JSON --------------------------------------------------------------- */

static void row_json(struct swg_buf *b, const struct row *r, uint64_t now,
                     int *n) {
  struct swg_event_site s;
  swg__bprintf(b, "%s{\"handle\":\"0x%lx\",\"name\":", (*n)++ ? "," : "",
               (unsigned long)r->c.handle);
  swg__bjson(b, r->c.name);
  swg__bprintf(b, ",\"tid\":%d,\"parent\":", (int)r->c.spawn_tid);
  if (r->c.parent)
    swg__bprintf(b, "\"0x%lx\"", (unsigned long)r->c.parent);
  else
    swg__bprintf(b, "null");
  swg__bprintf(b, ",\"parent_gone\":%s,\"state\":\"%s\",\"suspended_at\":",
               r->parent_gone ? "true" : "false", state_name(r->st.run));
  s = swg__event_site(r->st.suspended_at);
  swg__site_json(b, &s);
  swg__bprintf(b, ",\"spawn_site\":");
  s = swg__event_site(r->c.spawn);
  swg__site_json(b, &s);
  swg__bprintf(b, ",\"age_ms\":%.1f}", (double)(now - r->c.created_ns) / 1e6);
}

/* Up to SWG_JSON_MAX rows of thread tid, the pinned ones first served. */
static void group_json(struct swg_buf *b, pid_t tid,
                       const struct swg_picture *p, size_t *total,
                       size_t *listed, int *n) {
  struct rows l;
  size_t pinned = 0, others = 0;
  gather(&l, tid, p);
  uint64_t now = p ? p->taken_ns : swg__now_ns();
  for (size_t i = 0; i < l.n; i++)
    pinned += l.v[i].pinned;
  for (size_t i = 0; i < l.n; i++) {
    const struct row *r = &l.v[i];
    if (!r->pinned && pinned + others >= SWG_JSON_MAX)
      continue;
    others += !r->pinned;
    row_json(b, r, now, n);
    ++*listed;
  }
  *total += l.total;
  release(&l);
}

void swg__coroutines_text(struct swg_buf *b, pid_t tid,
                          const struct swg_picture *p) {
  if (tid > 0) {
    group_text(b, tid, p);
    return;
  }
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (atomic_load(&t->alive))
      group_text(b, t->tid, NULL);
  struct rows l; /* coroutines whose thread is gone: only if there are */
  gather(&l, 0, NULL);
  size_t orphans = l.total;
  release(&l);
  if (orphans)
    group_text(b, 0, NULL);
}

void swg__coroutines_json(struct swg_buf *b, pid_t tid,
                          const struct swg_picture *p) {
  size_t total = 0, listed = 0;
  int n = 0;
  swg__bprintf(b, ",\"coroutines\":[");
  if (tid > 0) {
    group_json(b, tid, p, &total, &listed, &n);
  } else {
    for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
      if (atomic_load(&t->alive))
        group_json(b, t->tid, NULL, &total, &listed, &n);
    group_json(b, 0, NULL, &total, &listed, &n);
  }
  swg__bprintf(b, "],\"coroutines_total\":%zu,\"coroutines_omitted\":%zu",
               total, total - listed);
}

/* ---- run info ----------------------------------------------------------- */

static void run_info(struct swg_buf *b, bool json) {
  if (json) {
    swg__bjson_head(b, "run_info");
    swg__threads_json(b, 0, NULL);
    swg__coroutines_json(b, 0, NULL);
    swg__bprintf(b, "}\n");
    return;
  }
  swg__bprintf(b, "==%d== switchguard: run info\n", (int)getpid());
  swg__threads_text(b, 0, NULL);
  swg__coroutines_text(b, 0, NULL);
  swg__bprintf(b, "\n");
}

/* Monitor lock held. */
void swg__run_info_report(void) {
  struct swg_buf b = {.urgent = true};
  run_info(&b, swg__json());
  if (b.p)
    swg__report_write(b.p, b.len);
  swg__bfree(&b);
}

void swg_print_run_info(FILE *out) {
  swg__view_lock(); /* names from libdwfl; fork() waits */
  if (!out) {
    swg__run_info_report();
    swg__view_unlock();
    return;
  }
  struct swg_buf b = {.urgent = true};
  run_info(&b, false);
  swg__view_unlock();
  if (b.p) {
    fwrite(b.p, 1, b.len, out);
    fflush(out);
  }
  swg__bfree(&b);
}
