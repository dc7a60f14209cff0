/*===- waits.c - Where a suspended coroutine waits --------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The switch fast path does not say where a coroutine left (it stores the
 * thread's new context only), but a suspended coroutine's saved context
 * does, for every library whose handle leads to it (stack/corolibs.c).
 * Its registers and the top of its stack are read while its thread holds
 * still: the thread's switch count is the same before and after, the
 * coroutine is still suspended and still the registry's, else the reading
 * is dropped. The copy is then walked, and the innermost frame that called
 * a switch primitive is matched with the site tables: that site, with its
 * primitive, is where it waits.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* The live record of the thread a coroutine belongs to: where it was
 * spawned (minicoro's may move: it is checked to run nowhere instead). */
static struct swg_thread *owner_of(const struct swg_coro_info *c) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (atomic_load(&t->alive) && atomic_load(&t->tid) == c->spawn_tid)
      return t;
  return NULL;
}

static bool unchanged(const struct swg_coro_info *c, struct swg_thread *owner,
                      uint64_t seq) {
  struct swg_coro_info now;
  char name[8];
  return (!owner || swg__thread_seq(owner) == seq) && !swg__coro_running(c) &&
         swg__registry_lookup(c->handle, &now, name, sizeof name) &&
         now.handle == c->handle && now.created_ns == c->created_ns;
}

struct match {
  const struct swg_site *site;
};

static void match_site(const struct swg_symbol *sym, void *arg) {
  struct match *m = arg;
  if (!m->site)
    m->site = swg__switch_site(sym->pc, sym->function, sym->file, sym->line);
}

bool swg__coro_wait(const struct swg_coro_info *c, int frames,
                    struct swg_wait *w) {
  struct swg_saved s;
  static struct swg_stack scratch; /* libdwfl lock held: one at a time */
  struct swg_stack *st = frames > 0 ? &w->stack : &scratch;
  const char *library = c->spawn ? c->spawn->library : NULL;
  w->site = NULL;
  w->finished = w->walked = false;
  w->stack.depth = 0;
  w->stack.note[0] = '\0';
  if (!swg__saved_reachable(library))
    return false;
  struct swg_thread *owner = owner_of(c);
  enum swg_saved_state how = SWG_SAVED_UNKNOWN;
  bool read = false;
  swg__dwfl_lock();
  /* A thread that switches often may move during a read: try again. */
  for (int attempt = 0; attempt < 3 && !read; attempt++) {
    uint64_t seq = owner ? swg__thread_seq(owner) : 0;
    if (swg__coro_running(c))
      break;
    how = swg__saved_context(library, c->handle, c->entry, &s);
    if (how == SWG_SAVED_OK && swg__saved_fresh(&s))
      how = SWG_SAVED_NOT_STARTED;
    read = (how == SWG_SAVED_FINISHED || how == SWG_SAVED_NOT_STARTED ||
            (how == SWG_SAVED_OK && swg__saved_copy(&s, st))) &&
           unchanged(c, owner, seq);
    if (how != SWG_SAVED_OK && how != SWG_SAVED_FINISHED &&
        how != SWG_SAVED_NOT_STARTED)
      break; /* not for a retry to mend */
  }
  if (!read) {
    swg__dwfl_unlock();
    return false;
  }
  w->finished = how == SWG_SAVED_FINISHED;
  if (how != SWG_SAVED_OK) {
    swg__dwfl_unlock();
    return true;
  }
  /* The site is near the top: a library's own frames, then the caller. */
  swg__saved_walk(&s, st, frames > 0 ? frames : 8);
  w->walked = true;
  struct match m = {NULL};
  for (int i = 0; i < st->depth && !m.site; i++)
    swg__symbolize(&st->frames[i], match_site, &m);
  w->site = m.site;
  swg__dwfl_unlock();
  return true;
}

/* ---- a listing's coroutines ---------------------------------------------- */

/* Stacks kept per listing: the first this many suspended coroutines',
 * then a count of the others. */
#define SWG_STACKS_MAX 50
/* Stacks walked per listing for a site alone (new and finished ones cost
 * no walk); past it a site is known from the slow path only. */
#define SWG_WAITS_MAX 2000

struct read_job {
  struct swg_waits *w;
  void *rows;
  size_t n;
  bool stacks;
  swg_wait_row row;
};

static void ignore_symbol(const struct swg_symbol *sym, void *arg) {
  (void)sym, (void)arg;
}

static void read_here(struct read_job *j) {
  struct swg_waits *w = j->w;
  struct swg_wait *x = NULL;
  size_t read = 0, kept = 0;
  bool stacks = j->stacks;
  *w = (struct swg_waits){0};
  if (stacks && !(w->v = calloc(j->n ? j->n : 1, sizeof *w->v)))
    stacks = false;
  for (size_t i = 0; i < j->n; i++) {
    const struct swg_coro_info *c;
    struct swg_coro_state *st;
    j->row(j->rows, i, &c, &st);
    if (st->run != SWG_RUN_SUSPENDED)
      continue;
    bool keep = stacks && kept < SWG_STACKS_MAX;
    w->more += stacks && !keep;
    if ((!keep && (st->suspended_at || read >= SWG_WAITS_MAX)) ||
        (!x && !(x = malloc(sizeof *x))))
      continue;
    bool ok = swg__coro_wait(c, keep ? swg__opts.stack_depth : 0, x);
    read += x->walked;
    if (!ok)
      continue;
    if (x->finished)
      st->run = SWG_RUN_FINISHED;
    else if (!st->suspended_at) /* the slow path's, if it saw the switch */
      st->suspended_at = x->site;
    if (keep && x->stack.depth > 0) {
      /* Named here, so that the caller finds every line table read. */
      swg__dwfl_lock();
      for (int f = 0; f < x->stack.depth; f++)
        swg__symbolize(&x->stack.frames[f], ignore_symbol, NULL);
      swg__dwfl_unlock();
      w->v[i] = x, x = NULL;
      kept++;
    }
  }
  free(x);
}

static void *read_main(void *job) {
  swg__own_thread_begin("swg-waits", NULL);
  read_here(job);
  return NULL;
}

/* Unwinding and reading a module's line tables for the first time take
 * 150 KiB of stack and more, and a program thread calling run info may be
 * on a coroutine's small stack: `aside`, a thread of switchguard's own
 * reads while the caller waits (which must not hold the libdwfl lock). */
void swg__waits_read(struct swg_waits *w, void *rows, size_t n, bool stacks,
                     bool aside, swg_wait_row row) {
  struct read_job j = {w, rows, n, stacks, row};
  pthread_t th;
  if (!aside || swg__own_thread_create(&th, false, read_main, &j) != 0)
    read_here(&j);
  else
    pthread_join(th, NULL);
}

void swg__waits_free(struct swg_waits *w, size_t n) {
  for (size_t i = 0; w->v && i < n; i++)
    free(w->v[i]);
  free(w->v);
}

/* ---- rendering ----------------------------------------------------------- */

struct lines {
  struct swg_buf *b;
  int indent, n;
  bool json;
};

static void frame_line(const struct swg_symbol *s, void *arg) {
  struct lines *l = arg;
  if (l->json) {
    swg__bprintf(l->b, "%s{\"pc\":\"0x%lx\",\"function\":", l->n++ ? "," : "",
                 (unsigned long)s->pc);
    swg__bjson(l->b, s->function);
    swg__bprintf(l->b, ",\"file\":");
    swg__bjson(l->b, s->file);
    swg__bprintf(l->b, ",\"line\":%d,\"column\":%d,\"module\":", s->line,
                 s->column);
    swg__bjson(l->b, s->module);
    swg__bprintf(l->b, ",\"inlined\":%s}", s->inlined ? "true" : "false");
    return;
  }
  swg__bprintf(l->b, "%*s#%d 0x%012lx in %s", l->indent, "", l->n++,
               (unsigned long)s->pc, s->function ? s->function : "??");
  if (s->file)
    swg__bprintf(l->b, " %s:%d:%d", s->file, s->line, s->column);
  else if (s->module)
    swg__bprintf(l->b, " (%s)", s->module);
  swg__bprintf(l->b, "%s\n", s->inlined ? " [inlined]" : "");
}

static void frames(struct lines *l, const struct swg_stack *s) {
  swg__dwfl_lock(); /* the strings are libdwfl's */
  for (int i = 0; i < s->depth; i++)
    swg__symbolize(&s->frames[i], frame_line, l);
  swg__dwfl_unlock();
}

static bool same_stack(const struct swg_stack *a, const struct swg_stack *b) {
  if (a->depth != b->depth)
    return false;
  for (int i = 0; i < a->depth; i++)
    if (a->frames[i].pc != b->frames[i].pc)
      return false;
  return true;
}

static bool alike(void *rows, swg_wait_row row, const struct swg_waits *w,
                  size_t i, size_t j) {
  const struct swg_coro_info *ci, *cj;
  struct swg_coro_state *si, *sj;
  row(rows, i, &ci, &si);
  row(rows, j, &cj, &sj);
  return si->suspended_at == sj->suspended_at &&
         !strcmp(ci->name ? ci->name : "", cj->name ? cj->name : "") &&
         same_stack(&w->v[i]->stack, &w->v[j]->stack);
}

void swg__waits_text(struct swg_buf *b, const struct swg_waits *w, void *rows,
                     size_t n, swg_wait_row row, pid_t tid) {
  /* count[i]: row i stands for that many alike rows (name, site, stack) */
  size_t *count = w->v ? calloc(n ? n : 1, sizeof *count) : NULL;
  bool head = false;
  for (size_t i = 0; count && i < n; i++) {
    size_t j = 0;
    while (w->v[i] && j < i && !(count[j] && alike(rows, row, w, i, j)))
      j++;
    if (w->v[i])
      count[j]++;
  }
  for (size_t i = 0; count && i < n; i++) {
    const struct swg_coro_info *c;
    struct swg_coro_state *st;
    if (!count[i])
      continue;
    if (!head && tid > 0)
      swg__bprintf(b, "  * Stacks of suspended coroutines of thread %d:\n",
                   (int)tid);
    else if (!head)
      swg__bprintf(b, "  * Stacks of suspended coroutines of exited "
                      "threads:\n");
    head = true;
    row(rows, i, &c, &st);
    swg__bprintf(b, "    %s 0x%lx", c->name ? c->name : "?",
                 (unsigned long)c->handle);
    if (count[i] > 1)
      swg__bprintf(b, " and %zu alike", count[i] - 1);
    if (st->suspended_at) {
      struct swg_event_site site = swg__event_site(st->suspended_at);
      swg__bprintf(b, " at ");
      swg__site_text(b, &site);
    }
    swg__bprintf(b, ":\n");
    struct lines l = {b, 6, 0, false};
    frames(&l, &w->v[i]->stack);
  }
  if (w->more)
    swg__bprintf(b, "    (stacks of %zu more suspended coroutines not shown)\n",
                 w->more);
  free(count);
}

void swg__wait_stack_json(struct swg_buf *b, const struct swg_stack *s) {
  struct lines l = {b, 0, 0, true};
  swg__bprintf(b, "[");
  frames(&l, s);
  swg__bprintf(b, "]");
}
