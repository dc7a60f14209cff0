/*===- runinfo.c - Threads and coroutine trees -------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The context of every report and of swg_print_run_info (gevent's
 * print_run_info): every thread of the process from /proc/self/task, with
 * its name, whether it has a hub, is ignored or blocked, and which are
 * switchguard's own; and each thread's coroutines as a tree by spawn
 * parent, with name, handle, state, spawn site, suspended site and age.
 * run_info_path=PATH prints the same on demand, like a JVM's thread dump,
 * without a signal: a signal to the process lands on any thread that does
 * not block it, and a handled signal cuts that thread's sleep or poll
 * short. The runtime makes a FIFO at PATH; the monitor, which wakes every
 * period anyway, reads it without blocking and hands the work to the
 * reporter. No thread of the program is ever touched.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A listing shows at most this many coroutines per thread (the running
 * ones always): a million-coroutine tree helps nobody. */
#define SWG_LIST_MAX 200

/* ---- threads ------------------------------------------------------------ */

/* The live switch record of thread tid, or NULL: it has no hub. */
static struct swg_thread *record_of(pid_t tid) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (atomic_load(&t->alive) && t->tid == tid)
      return t;
  return NULL;
}

static const char *role_of(pid_t tid) {
  return swg__own_thread_role(tid);
}

/* Calls fn for each thread of the process, in /proc's order. */
static void each_thread(void (*fn)(struct swg_buf *, pid_t, pid_t, int),
                        struct swg_buf *b, pid_t blocked) {
  DIR *d = opendir("/proc/self/task");
  int n = 0;
  if (!d)
    return;
  for (struct dirent *e; (e = readdir(d));) {
    pid_t tid = (pid_t)atoi(e->d_name);
    if (tid > 0)
      fn(b, tid, blocked, n++);
  }
  closedir(d);
}

static void thread_text(struct swg_buf *b, pid_t tid, pid_t blocked, int n) {
  (void)n;
  char comm[32];
  struct swg_thread *t = record_of(tid);
  const char *role = role_of(tid);
  swg__thread_comm(tid, comm, sizeof comm);
  swg__bprintf(b, "    thread %d \"%s\"%s%s%s%s%s%s\n", (int)tid, comm,
               t ? " [hub]" : "",
               t && atomic_load(&t->ignored) ? " [ignored]" : "",
               role ? " [switchguard " : "", role ? role : "", role ? "]" : "",
               tid == blocked ? " <- BLOCKED" : "");
}

static void thread_json(struct swg_buf *b, pid_t tid, pid_t blocked, int n) {
  char comm[32];
  struct swg_thread *t = record_of(tid);
  swg__thread_comm(tid, comm, sizeof comm);
  swg__bprintf(b, "%s{\"tid\":%d,\"name\":", n ? "," : "", (int)tid);
  swg__bjson(b, comm);
  swg__bprintf(b, ",\"hub\":%s,\"ignored\":%s,\"blocked\":%s,\"role\":",
               t ? "true" : "false",
               t && atomic_load(&t->ignored) ? "true" : "false",
               tid == blocked ? "true" : "false");
  swg__bjson(b, role_of(tid));
  swg__bprintf(b, "}");
}

void swg__threads_text(struct swg_buf *b, pid_t blocked) {
  swg__bprintf(b, "  * Threads:\n");
  each_thread(thread_text, b, blocked);
}

void swg__threads_json(struct swg_buf *b, pid_t blocked) {
  swg__bprintf(b, ",\"threads\":[");
  each_thread(thread_json, b, blocked);
  swg__bprintf(b, "]");
}

/* ---- coroutines --------------------------------------------------------- */

struct row {
  struct swg_coro_info c;
  char name[64];
  bool named;       /* name holds the registry's name (c.name set later) */
  struct swg_coro_state st;
  bool parent_gone; /* destroyed, or its handle now names a newer one */
  bool shown;
};

struct rows {
  struct row *v;
  size_t n, cap, total;
  pid_t tid;          /* > 0: spawned there; 0: on no live hub thread */
  void *here;         /* the coroutine running on thread tid, if any */
  void **running;     /* the current coroutine of each live thread */
  size_t nrunning;
};

static bool is_running(const struct rows *l, void *handle) {
  for (size_t i = 0; i < l->nrunning; i++)
    if (l->running[i] == handle)
      return true;
  return false;
}

/* Under the registry lock: copy what the listing needs, names included
 * (a renamed coroutine's old name is freed by the registry). */
static void collect(const struct swg_coro_info *c, void *arg) {
  struct rows *l = arg;
  /* A coroutine spawned on another thread is shown where it runs too
   * (minicoro lets a coroutine move between threads). */
  bool here = l->tid > 0 && l->here && c->handle == l->here;
  if (!here &&
      (l->tid > 0 ? c->spawn_tid != l->tid : record_of(c->spawn_tid) != NULL))
    return;
  l->total++;
  if (l->n >= SWG_LIST_MAX && !is_running(l, c->handle))
    return;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    struct row *v = realloc(l->v, cap * sizeof *v);
    if (!v)
      return;
    l->v = v, l->cap = cap;
  }
  struct row *r = &l->v[l->n++];
  r->c = *c;
  snprintf(r->name, sizeof r->name, "%s", c->name ? c->name : "");
  /* Not r->name yet: the next realloc would move the row under it. */
  r->named = c->name != NULL;
  r->c.name = NULL;
  r->shown = false;
}

static void gather(struct rows *l, pid_t tid) {
  size_t cap = 0;
  *l = (struct rows){.tid = tid};
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    cap++;
  l->running = calloc(cap ? cap : 1, sizeof *l->running);
  for (struct swg_thread *t = swg__thread_list(); t && l->running; t = t->next) {
    void *cur = swg__thread_current(t);
    struct swg_coro_info c;
    char name[8];
    if (!atomic_load(&t->alive) || !cur || l->nrunning == cap)
      continue;
    /* An address handle (fcontext) names its coroutine by its stack. */
    l->running[l->nrunning++] =
        swg__registry_lookup(cur, &c, name, sizeof name) ? c.handle : cur;
    if (t->tid == tid)
      l->here = l->running[l->nrunning - 1];
  }
  swg__registry_foreach(collect, l);
  for (size_t i = 0; i < l->n; i++) { /* outside the lock, as promised */
    struct row *r = &l->v[i];
    if (r->named) /* l->v moves no more: the row's own buffer is safe now */
      r->c.name = r->name;
    else if (swg__entry_name(r->c.entry, r->name, sizeof r->name))
      r->c.name = r->name;
    /* A parent is older than its child: a newer coroutine at the same
     * address (libraries reuse them) is not it. */
    struct swg_coro_info p;
    char pname[8];
    r->parent_gone = r->c.parent &&
                     (!swg__registry_lookup(r->c.parent, &p, pname,
                                            sizeof pname) ||
                      p.created_ns > r->c.created_ns);
    swg__coro_state(&r->c, &r->st);
  }
}

static void release(struct rows *l) {
  free(l->v);
  free(l->running);
}

static const char *state_name(enum swg_coro_run run) {
  switch (run) {
  case SWG_RUN_RUNNING: return "running";
  case SWG_RUN_FINISHED: return "finished";
  default: return "suspended";
  }
}

/* A root: spawned by the hub, or by a coroutine gone or not listed. */
static bool is_root(const struct rows *l, const struct row *r) {
  if (!r->c.parent || r->parent_gone)
    return true;
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].c.handle == r->c.parent && &l->v[i] != r)
      return false;
  return true;
}

static void row_text(struct swg_buf *b, const struct row *r, int depth,
                     uint64_t now) {
  swg__bprintf(b, "    %*s%s 0x%lx %s", depth * 2, "",
               r->c.name ? r->c.name : "?", (unsigned long)r->c.handle,
               state_name(r->st.run));
  if (r->st.suspended_at) {
    struct swg_event_site s = swg__event_site(r->st.suspended_at);
    swg__bprintf(b, " at ");
    swg__site_text(b, &s);
  }
  swg__bprintf(b, ", age %.1f s, spawned at ",
               (double)(now - r->c.created_ns) / 1e9);
  if (r->c.spawn)
    swg__bprintf(b, "%s %s:%u", r->c.spawn->function, r->c.spawn->file,
                 r->c.spawn->line);
  else
    swg__bprintf(b, "?");
  swg__bprintf(b, "%s\n", r->parent_gone ? ", parent gone" : "");
}

/* Depth first from `parent`; `shown` also stops a cycle of parents. */
static void tree_text(struct swg_buf *b, struct rows *l, struct row *parent,
                      int depth, uint64_t now) {
  for (size_t i = 0; i < l->n; i++) {
    struct row *r = &l->v[i];
    if (r->shown || (parent ? r->c.parent != parent->c.handle ||
                                  r->parent_gone
                            : !is_root(l, r)))
      continue;
    r->shown = true;
    row_text(b, r, depth, now);
    tree_text(b, l, r, depth + 1, now);
  }
}

static void group_text(struct swg_buf *b, pid_t tid) {
  struct rows l;
  gather(&l, tid);
  if (tid > 0) {
    swg__bprintf(b, "  * Coroutines of thread %d (%zu):\n    hub\n", (int)tid,
                 l.total);
  } else {
    swg__bprintf(b, "  * Coroutines of exited threads (%zu):\n", l.total);
  }
  tree_text(b, &l, NULL, tid > 0 ? 1 : 0, swg__now_ns());
  if (l.total > l.n)
    swg__bprintf(b, "    ... and %zu more\n", l.total - l.n);
  release(&l);
}

static void group_json(struct swg_buf *b, pid_t tid, size_t *total, int *n) {
  struct rows l;
  uint64_t now = swg__now_ns();
  gather(&l, tid);
  for (size_t i = 0; i < l.n; i++) {
    const struct row *r = &l.v[i];
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
  *total += l.total;
  release(&l);
}

void swg__coroutines_text(struct swg_buf *b, pid_t tid) {
  if (tid > 0) {
    group_text(b, tid);
    return;
  }
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (atomic_load(&t->alive))
      group_text(b, t->tid);
  struct rows l; /* coroutines whose thread is gone: only if there are */
  gather(&l, 0);
  size_t orphans = l.total;
  release(&l);
  if (orphans)
    group_text(b, 0);
}

void swg__coroutines_json(struct swg_buf *b, pid_t tid) {
  size_t total = 0;
  int n = 0;
  swg__bprintf(b, ",\"coroutines\":[");
  if (tid > 0) {
    group_json(b, tid, &total, &n);
  } else {
    for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
      if (atomic_load(&t->alive))
        group_json(b, t->tid, &total, &n);
    group_json(b, 0, &total, &n);
  }
  swg__bprintf(b, "],\"coroutines_total\":%zu", total);
}

/* ---- run info ----------------------------------------------------------- */

static void run_info(struct swg_buf *b, bool json) {
  if (json) {
    swg__bjson_head(b, "run_info");
    swg__threads_json(b, 0);
    swg__coroutines_json(b, 0);
    swg__bprintf(b, "}\n");
    return;
  }
  swg__bprintf(b, "==%d== switchguard: run info\n", (int)getpid());
  swg__threads_text(b, 0);
  swg__coroutines_text(b, 0);
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
