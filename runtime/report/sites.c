/*===- sites.c - Sites and names as reports show them ----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A site record as an event site, as text and as JSON; the name of a
 * coroutine and of an entry function (remembered by address, since every
 * report that lists coroutines names up to 200 of them); the spawn stack;
 * and the symbol warm-up that makes a first report's names cheap. Used by
 * the reports here and by the record layer's trace and profile.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <string.h>
#include <unistd.h>

static void outer_function(const struct swg_symbol *sym, void *arg) {
  if (!sym->inlined)
    *(const char **)arg = sym->function;
}

/* Entry functions are few, and every report that lists coroutines names
 * up to 200 of them: a DWARF lookup each took 2 ms. Remembered by address
 * (direct-mapped, under dwfl_lock) until the symbols are reloaded. */
static struct entry_name {
  void *entry;
  unsigned epoch;
  char name[64];
} entry_names[128];

bool swg__entry_name(void *entry, char *name, size_t n) {
  const char *fn = NULL;
  struct swg_frame f = {(uintptr_t)entry, true};
  if (!entry)
    return false;
  swg__dwfl_lock();
  unsigned epoch = swg__symbols_epoch();
  struct entry_name *e =
      &entry_names[((uintptr_t)entry >> 4) %
                   (sizeof entry_names / sizeof *entry_names)];
  if (e->entry == entry && e->epoch == epoch) {
    snprintf(name, n, "%s", e->name);
    swg__dwfl_unlock();
    return true;
  }
  swg__symbolize(&f, outer_function, &fn);
  if (fn) /* copied under the lock: the string is libdwfl's */
    snprintf(name, n, "%s", fn);
  /* libdwfl cannot read a non-dumpable process; its files still can. */
  bool found = fn != NULL || swg__elf_symbol((uintptr_t)entry, name, n);
  if (found && strlen(name) < sizeof e->name) {
    e->entry = entry, e->epoch = epoch;
    memcpy(e->name, name, strlen(name) + 1);
  }
  swg__dwfl_unlock();
  return found;
}

static void ignore_symbol(const struct swg_symbol *sym, void *arg) {
  (void)sym, (void)arg;
}

static void *warm_main(void *arg) {
  (void)arg;
  struct swg_frame f = {(uintptr_t)&write, true};
  swg__own_thread_begin("swg-symbols", "symbols");
  swg__dwfl_lock();
  swg__symbolize(&f, ignore_symbol, NULL);
  swg__dwfl_unlock();
  return NULL;
}

/* Most blocked stacks start in libc; reading its debug information (a
 * separate file when installed) is most of a first report's cost. On a
 * thread of its own: if the monitor did it, a blockage ending meanwhile
 * would go unseen. */
void swg__report_warm(void) {
  static bool warmed; /* a fork child inherits the parent's symbols */
  if (warmed)
    return;
  warmed = true;
  pthread_t t;
  swg__own_thread_create(&t, true, warm_main, NULL);
}

/* A coroutine's name from its registry entry: its own, its entry
 * function's (spawned through a function pointer), or a made-up one if
 * switchguard never saw it spawned. */
void swg__coro_name_of(void *handle, const struct swg_coro_info *c, bool known,
                       const char *own, char *name, size_t n) {
  if (known && own && *own) {
    if (own != name) /* the registry may have copied it there already */
      snprintf(name, n, "%s", own);
  } else if (!known || !swg__entry_name(c->entry, name, n))
    snprintf(name, n, "coroutine %p", handle);
}

/* A coroutine's registry entry now, its name in `name`. */
bool swg__coro_entry(void *handle, struct swg_coro_info *c, char *name,
                     size_t n) {
  bool known = handle && swg__registry_lookup(handle, c, name, n);
  swg__coro_name_of(handle, c, known, known ? c->name : NULL, name, n);
  if (!known)
    *c = (struct swg_coro_info){0};
  return known;
}

void swg__coro_name(void *handle, char *name, size_t n) {
  struct swg_coro_info c;
  swg__coro_entry(handle, &c, name, n);
}

struct swg_event_site swg__event_site(const struct swg_site *s) {
  if (!s)
    return (struct swg_event_site){0};
  return (struct swg_event_site){s->function,    s->file,      (int)s->line,
                                 (int)s->column, s->primitive, s->library};
}

void swg__site_text(struct swg_buf *b, const struct swg_event_site *s) {
  if (!s->function && !s->file) {
    swg__bprintf(b, "(unknown)");
    return;
  }
  if (s->primitive)
    swg__bprintf(b, "%s in ", s->primitive);
  swg__bprintf(b, "%s at %s:%d:%d", s->function ? s->function : "?",
               s->file ? s->file : "?", s->line, s->column);
}

void swg__site_json(struct swg_buf *b, const struct swg_event_site *s) {
  if (!s->function && !s->file) {
    swg__bprintf(b, "null");
    return;
  }
  swg__bprintf(b, "{\"function\":");
  swg__bjson(b, s->function);
  swg__bprintf(b, ",\"file\":");
  swg__bjson(b, s->file);
  swg__bprintf(b, ",\"line\":%d,\"column\":%d,\"primitive\":", s->line,
               s->column);
  swg__bjson(b, s->primitive);
  swg__bprintf(b, ",\"library\":");
  swg__bjson(b, s->library);
  swg__bprintf(b, "}");
}

/* ---- the spawn stack ----------------------------------------------------- */

struct frames {
  struct swg_buf *b;
  int n;
};

static void frame_text(const struct swg_symbol *s, void *arg) {
  struct frames *f = arg;
  swg__bprintf(f->b, "    #%d 0x%012lx in %s", f->n++, (unsigned long)s->pc,
               s->function ? s->function : "??");
  if (s->file)
    swg__bprintf(f->b, " %s:%d:%d", s->file, s->line, s->column);
  else if (s->module)
    swg__bprintf(f->b, " (%s)", s->module);
  swg__bprintf(f->b, "%s\n", s->inlined ? " [inlined]" : "");
}

void swg__spawn_stack_text(struct swg_buf *b, const uintptr_t *pcs, int n) {
  if (n <= 0)
    return;
  swg__bprintf(b, "  Spawn stack:\n");
  struct frames f = {b, 0};
  for (int i = 0; i < n; i++) {
    struct swg_frame fr = {.pc = pcs[i], .activation = false};
    swg__symbolize(&fr, frame_text, &f);
  }
}
