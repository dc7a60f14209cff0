/*===- stall.c - Where a blockage spent its time -----------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * While an incident is open the monitor samples the blocked thread's
 * stack (monitor.c); every sample, and the stack of each report, reaches
 * this file on the reporter thread as a walked stack of pcs. Stacks are
 * counted by their pcs, the innermost by its function instead (a busy
 * loop's pc moves from sample to sample), up to SWG_STALL_STACKS distinct
 * ones per incident; more count in the total only. When the incident ends
 * the most seen are symbolised for `unblocked`: in text a collapsed line
 * each (`count  worker;handle;compress`, the program's own frames,
 * innermost last), in JSON frame objects as in any stack. Also here: the
 * frame a report locates an incident at, and the one the exit summary
 * blames (the user's function, not a helper inlined into it), and the
 * JSON of frames, which every stack of a report shares.
 *
 * Reporter thread only (or the monitor's when no reporter runs: never
 * both), so no lock.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define SWG_STALL_OPEN 64   /* incidents followed at once */
#define SWG_STALL_STACKS 32 /* distinct stacks kept per incident */
#define SWG_STALL_SHOWN 5   /* shown by unblocked */

struct stall_stack {
  unsigned count;
  int depth;
  char fn0[96]; /* the innermost frame's function; "" if unknown */
  struct swg_frame frames[SWG_MAX_FRAMES];
};

struct stall {
  struct swg_thread *t;
  unsigned samples, n;
  struct stall_stack s[SWG_STALL_STACKS];
};

static struct stall *open_[SWG_STALL_OPEN];

/* ---- frames -------------------------------------------------------------- */

void swg__frame_add(const struct swg_symbol *sym, void *arg) {
  struct swg_frame_list *l = arg;
  if (l->n == l->cap)
    return;
  l->v[l->n++] = (struct swg_event_frame){
      sym->pc,     sym->function, sym->file,   sym->line,
      sym->column, sym->module,   sym->inlined};
}

/* The program's own code, as opposed to libc's or a coroutine library's. */
static bool own_code(const struct swg_event_frame *f) {
  const char *m = f->module ? f->module : "";
  return f->file && strncmp(m, "/lib/", 5) && strncmp(m, "/usr/lib/", 9);
}

bool swg__frame_site(const struct swg_event_frame *v, int n, bool user,
                     struct swg_event_site *out) {
  *out = (struct swg_event_site){0};
  for (int i = 0; i < n; i++) {
    if (!own_code(&v[i]))
      continue;
    while (user && v[i].inlined && i + 1 < n) /* the next one holds it */
      i++;
    *out = (struct swg_event_site){v[i].function, v[i].file, v[i].line,
                                   v[i].column, NULL, NULL};
    return true;
  }
  return false;
}

void swg__frames_json(struct swg_buf *b, const char *key,
                      const struct swg_event_frame *v, int n) {
  swg__bprintf(b, ",\"%s\":[", key);
  for (int i = 0; i < n; i++) {
    const struct swg_event_frame *f = &v[i];
    swg__bprintf(b, "%s{\"pc\":\"0x%lx\",\"function\":", i ? "," : "",
                 (unsigned long)f->pc);
    swg__bjson(b, f->function);
    swg__bprintf(b, ",\"file\":");
    swg__bjson(b, f->file);
    swg__bprintf(b, ",\"line\":%d,\"column\":%d,\"module\":", f->line,
                 f->column);
    swg__bjson(b, f->module);
    swg__bprintf(b, ",\"inlined\":%s}", f->inlined ? "true" : "false");
  }
  swg__bprintf(b, "]");
}

/* ---- counting ------------------------------------------------------------ */

/* t's open record; with `fresh`, a new one in place of any old one. */
static struct stall *find(struct swg_thread *t, bool fresh) {
  int slot = -1;
  for (int i = 0; i < SWG_STALL_OPEN; i++) {
    if (open_[i] && open_[i]->t == t) {
      if (!fresh)
        return open_[i];
      slot = i;
      break;
    }
    if ((!open_[i] || !open_[i]->t) && slot < 0) /* free, or made free */
      slot = i;
  }
  if (!fresh || slot < 0) /* none, or too many incidents open at once */
    return NULL;
  if (!open_[slot] && !(open_[slot] = malloc(sizeof *open_[slot])))
    return NULL;
  open_[slot]->t = t;
  open_[slot]->samples = open_[slot]->n = 0;
  return open_[slot];
}

/* The function holding the pc: the last of its inline chain. */
static void outer_function(const struct swg_symbol *sym, void *arg) {
  *(const char **)arg = sym->function;
}

static bool same_stack(const struct stall_stack *a, const struct swg_stack *st,
                       const char *fn0) {
  if (a->depth != st->depth)
    return false;
  for (int i = 1; i < st->depth; i++)
    if (a->frames[i].pc != st->frames[i].pc)
      return false;
  return a->frames[0].pc == st->frames[0].pc ||
         (fn0[0] && !strcmp(a->fn0, fn0));
}

void swg__stall_add(struct swg_thread *t, const struct swg_stack *st,
                    bool first) {
  struct stall *s = find(t, first);
  if (!s || st->depth <= 0)
    return;
  s->samples++;
  const char *fn = NULL;
  swg__symbolize(&st->frames[0], outer_function, &fn);
  char fn0[sizeof s->s[0].fn0];
  snprintf(fn0, sizeof fn0, "%s", fn ? fn : "");
  for (unsigned i = 0; i < s->n; i++)
    if (same_stack(&s->s[i], st, fn0)) {
      s->s[i].count++;
      return;
    }
  if (s->n == SWG_STALL_STACKS)
    return; /* counted in the total only */
  struct stall_stack *n = &s->s[s->n++];
  n->count = 1;
  n->depth = st->depth;
  memcpy(n->fn0, fn0, sizeof fn0);
  memcpy(n->frames, st->frames, (size_t)st->depth * sizeof st->frames[0]);
}

static int by_count(const void *a, const void *b) {
  unsigned x = ((const struct stall_stack *)a)->count;
  unsigned y = ((const struct stall_stack *)b)->count;
  return x < y ? 1 : x > y ? -1 : 0;
}

void swg__stall_take(struct swg_thread *t, struct swg_event *ev,
                     struct swg_event_site *where) {
  static struct swg_event_frame frames[SWG_STALL_SHOWN][SWG_MAX_FRAMES * 4];
  static struct swg_event_stall shown[SWG_STALL_SHOWN];
  *where = (struct swg_event_site){0};
  struct stall *s = find(t, false);
  if (!s)
    return;
  qsort(s->s, s->n, sizeof s->s[0], by_count);
  int k = s->n < SWG_STALL_SHOWN ? (int)s->n : SWG_STALL_SHOWN;
  for (int i = 0; i < k; i++) {
    struct swg_frame_list l = {frames[i], 0, SWG_MAX_FRAMES * 4};
    for (int j = 0; j < s->s[i].depth; j++)
      swg__symbolize(&s->s[i].frames[j], swg__frame_add, &l);
    shown[i] = (struct swg_event_stall){(int)s->s[i].count, frames[i], l.n};
  }
  ev->stall_stacks = k ? shown : NULL;
  ev->stall_stack_count = k;
  ev->stall_more_stacks = (int)s->n - k;
  ev->samples = (int)s->samples;
  if (k)
    swg__frame_site(shown[0].frames, shown[0].depth, true, where);
  s->t = NULL; /* the slot's memory serves the next incident */
}

void swg__stall_after_fork(void) {
  for (int i = 0; i < SWG_STALL_OPEN; i++)
    if (open_[i])
      open_[i]->t = NULL;
}

/* ---- rendering ------------------------------------------------------------ */

/* The program's own frames, outermost first; every named one if none is. */
static void collapsed(struct swg_buf *b, const struct swg_event_stall *s) {
  bool any_own = false, sep = false;
  for (int i = 0; i < s->depth; i++)
    any_own |= own_code(&s->frames[i]);
  for (int i = s->depth - 1; i >= 0; i--) {
    const struct swg_event_frame *f = &s->frames[i];
    if (!f->function || (any_own && !own_code(f)))
      continue;
    swg__bprintf(b, "%s%s", sep ? ";" : "", f->function);
    sep = true;
  }
  swg__bprintf(b, "%s\n", sep ? "" : "??");
}

void swg__stall_text(struct swg_buf *b, const struct swg_event *ev) {
  if (!ev->samples)
    return;
  swg__bprintf(b, "  Stall stacks (%d sample%s, innermost call last):\n",
               ev->samples, ev->samples == 1 ? "" : "s");
  int counted = 0;
  for (int i = 0; i < ev->stall_stack_count; i++) {
    swg__bprintf(b, "    %6d  ", ev->stall_stacks[i].count);
    collapsed(b, &ev->stall_stacks[i]);
    counted += ev->stall_stacks[i].count;
  }
  if (counted < ev->samples)
    swg__bprintf(b, "    %6d  in %d more stack%s\n", ev->samples - counted,
                 ev->stall_more_stacks, ev->stall_more_stacks == 1 ? "" : "s");
}

void swg__stall_json(struct swg_buf *b, const struct swg_event *ev) {
  swg__bprintf(b, ",\"samples\":%d,\"stall_stacks\":[", ev->samples);
  for (int i = 0; i < ev->stall_stack_count; i++) {
    const struct swg_event_stall *s = &ev->stall_stacks[i];
    swg__bprintf(b, "%s{\"count\":%d", i ? "," : "", s->count);
    swg__frames_json(b, "frames", s->frames, s->depth);
    swg__bprintf(b, "}");
  }
  swg__bprintf(b, "],\"stall_stacks_more\":%d", ev->stall_more_stacks);
}
