/*===- picture.c - What a blocked report shows, as it was decided -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The rows runinfo.c renders: the process's threads, and the coroutines
 * of a thread as the registry has them (names copied), each with its
 * state and whether its parent is gone. Run info reads them live. A
 * blocked report cannot: the reporter may come hundreds of ms after the
 * decision, when the blocked thread, its coroutines' parents or the
 * monitor itself may be gone. So the monitor, as it decides a blockage,
 * copies them into a picture (with the blocked coroutine's spawn stack),
 * and the report renders the copy.
 *
 * Taking a picture is part of a monitor pass: it calls no malloc (the
 * blocked thread may hold malloc's lock) and takes no lock but the
 * registry's. A few pictures are mapped with mmap on first use, bounded
 * by SWG_TREE_MAX coroutines and SWG_PICTURE_THREADS threads; a report
 * gives its picture's pages back. Without a free one, the report reads
 * live, as run info does.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- threads ------------------------------------------------------------ */

/* The live switch record of thread tid, or NULL: it has no hub. */
struct swg_thread *swg__thread_record(pid_t tid) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (atomic_load(&t->alive) && t->tid == tid)
      return t;
  return NULL;
}

static void thread_row(struct swg_thread_row *r, pid_t tid) {
  struct swg_thread *t = swg__thread_record(tid);
  r->tid = tid;
  swg__thread_comm(tid, r->name, sizeof r->name);
  r->role = swg__own_thread_role(tid);
  r->hub = t != NULL;
  r->ignored = t && atomic_load(&t->ignored);
}

/* /proc/self/task read with getdents64 itself: opendir allocates. */
size_t swg__thread_rows(struct swg_thread_row *v, size_t max) {
  char buf[4096];
  size_t total = 0;
  int fd = swg__brief_open("/proc/self/task", O_RDONLY | O_DIRECTORY);
  if (fd < 0)
    return 0;
  for (long got; (got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0;) {
    for (long at = 0; at < got;) {
      struct dirent64 *e = (struct dirent64 *)(buf + at);
      pid_t tid = (pid_t)atoi(e->d_name);
      at += e->d_reclen;
      if (tid <= 0)
        continue;
      if (total < max)
        thread_row(&v[total], tid);
      total++;
    }
  }
  swg__brief_close(fd);
  return total;
}

/* ---- coroutines --------------------------------------------------------- */

static bool is_running(const struct swg_coro_rows *l, void *handle) {
  for (size_t i = 0; i < l->nrunning; i++)
    if (l->running[i] == handle)
      return true;
  return false;
}

/* Under the registry lock: copy what the listing needs, names included
 * (a renamed coroutine's old name is freed by the registry). */
static void collect(const struct swg_coro_info *c, void *arg) {
  struct swg_coro_rows *l = arg;
  /* A coroutine spawned on another thread is shown where it runs too
   * (minicoro lets a coroutine move between threads). */
  bool here = l->tid > 0 && l->here && c->handle == l->here;
  if (!here && (l->tid > 0 ? c->spawn_tid != l->tid
                           : swg__thread_record(c->spawn_tid) != NULL))
    return;
  l->total++;
  if (l->n >= SWG_TREE_MAX && !is_running(l, c->handle))
    return;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    struct swg_coro_row *v = l->fixed ? NULL : realloc(l->v, cap * sizeof *v);
    if (!v)
      return; /* counted in total: "... and N more" */
    l->v = v, l->cap = cap;
  }
  struct swg_coro_row *r = &l->v[l->n++];
  r->c = *c;
  snprintf(r->name, sizeof r->name, "%s", c->name ? c->name : "");
  r->named = c->name != NULL;
  r->c.name = NULL;
  r->c.spawn_pcs = NULL; /* the registry's own */
}

void swg__coro_rows_read(struct swg_coro_rows *l) {
  l->n = l->total = l->nrunning = 0;
  l->here = NULL;
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    void *cur = swg__thread_current(t);
    struct swg_coro_info c;
    char name[8];
    if (!atomic_load(&t->alive) || !cur || l->nrunning == l->cap_running)
      continue;
    /* An address handle (fcontext) names its coroutine by its stack. */
    l->running[l->nrunning++] =
        swg__registry_lookup(cur, &c, name, sizeof name) ? c.handle : cur;
    if (t->tid == l->tid)
      l->here = l->running[l->nrunning - 1];
  }
  swg__registry_foreach(collect, l);
  void *last = NULL; /* siblings share a parent: look it up once */
  bool last_gone = false;
  uint64_t last_created = 0;
  for (size_t i = 0; i < l->n; i++) {
    struct swg_coro_row *r = &l->v[i];
    if (r->c.parent && r->c.parent != last) {
      struct swg_coro_info p;
      char pname[8];
      last = r->c.parent;
      last_gone = !swg__registry_lookup(last, &p, pname, sizeof pname);
      last_created = p.created_ns;
    }
    /* A parent is older than its child: a newer coroutine at the same
     * address (libraries reuse them) is not it. */
    r->parent_gone =
        r->c.parent && (last_gone || last_created > r->c.created_ns);
    swg__coro_state(&r->c, &r->st);
  }
}

/* ---- pictures ----------------------------------------------------------- */

/* Enough for the blocked reports a starved reporter has not written yet;
 * a report without one reads live. Each is ~17 MB of address space,
 * resident only from its taking to its report, and only as far as used. */
#define SWG_PICTURES 8
#define SWG_PICTURE_ROWS (SWG_TREE_MAX + SWG_PICTURE_THREADS)

static struct {
  _Atomic bool used;
  struct swg_picture *p; /* mapped on first use */
} pictures[SWG_PICTURES];

static size_t picture_bytes(void) {
  return sizeof(struct swg_picture) +
         SWG_PICTURE_ROWS * sizeof(struct swg_coro_row);
}

static struct swg_picture *picture_get(void) {
  for (int i = 0; i < SWG_PICTURES; i++) {
    bool no = false;
    if (!atomic_compare_exchange_strong(&pictures[i].used, &no, true))
      continue;
    if (!pictures[i].p) {
      void *m = mmap(NULL, picture_bytes(), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (m == MAP_FAILED) {
        atomic_store(&pictures[i].used, false);
        return NULL;
      }
      pictures[i].p = m;
    }
    pictures[i].p->slot = i;
    return pictures[i].p;
  }
  return NULL;
}

struct swg_picture *swg__picture_take(struct swg_thread *t, pid_t tid,
                                      void *coro, uint64_t seq) {
  struct swg_picture *p = picture_get();
  if (!p)
    return NULL;
  p->nthreads = swg__thread_rows(p->threads, SWG_PICTURE_THREADS);
  p->nspawn =
      coro ? swg__registry_spawn_stack(coro, p->spawn_pcs, SWG_SPAWN_FRAMES)
           : 0;
  p->coros = (struct swg_coro_rows){
      .v = (struct swg_coro_row *)(p + 1),
      .cap = SWG_PICTURE_ROWS,
      .fixed = true,
      .tid = tid,
      .running = p->running,
      .cap_running = SWG_PICTURE_THREADS,
  };
  swg__coro_rows_read(&p->coros);
  p->taken_ns = swg__now_ns();
  /* It switched meanwhile: part of the picture may be of what came after. */
  p->after_switch = swg__thread_seq(t) != seq;
  return p;
}

void swg__picture_free(struct swg_picture *p) {
  int i = p->slot;
  /* Its pages go back: a burst of blockages leaves no resident trace. */
  madvise(p, picture_bytes(), MADV_DONTNEED);
  atomic_store(&pictures[i].used, false);
}

void swg__pictures_after_fork(void) {
  for (int i = 0; i < SWG_PICTURES; i++)
    atomic_store(&pictures[i].used, false);
}
