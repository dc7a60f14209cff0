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

/* ---- roles -------------------------------------------------------------- */

/* What happens at a site, for sites that name no primitive (a body's
 * entry and return, a hub's entry) and in JSON for all. */
static const char *const role_words[] = {
    [SWG_ROLE_CREATE] = "spawn",          [SWG_ROLE_RESUME] = "resume",
    [SWG_ROLE_YIELD] = "yield",           [SWG_ROLE_SWITCH] = "switch",
    [SWG_ROLE_EXIT] = "coroutine exit",   [SWG_ROLE_DESTROY] = "destroy",
    [SWG_ROLE_YIELDING] = "yielding call",
    [SWG_ROLE_INIT] = "thread becomes a coroutine",
    [SWG_ROLE_START] = "spawn and run",   [SWG_ROLE_BEGIN] = "coroutine start",
    [SWG_ROLE_HUB] = "hub entry",         [SWG_ROLE_GUARD] = "must_switch scope",
    [SWG_ROLE_GUARD_EXIT] = "must_switch return",
};
static const char *const role_names[] = {
    [SWG_ROLE_CREATE] = "create",     [SWG_ROLE_RESUME] = "resume",
    [SWG_ROLE_YIELD] = "yield",       [SWG_ROLE_SWITCH] = "switch",
    [SWG_ROLE_EXIT] = "exit",         [SWG_ROLE_DESTROY] = "destroy",
    [SWG_ROLE_YIELDING] = "yielding", [SWG_ROLE_INIT] = "init",
    [SWG_ROLE_START] = "start",       [SWG_ROLE_BEGIN] = "begin",
    [SWG_ROLE_HUB] = "hub",           [SWG_ROLE_GUARD] = "guard",
    [SWG_ROLE_GUARD_EXIT] = "guard_exit",
};
#define SWG_NROLES (sizeof role_names / sizeof *role_names)

/* An event site has no room for its role: struct swg_event_site is public
 * and embedded in struct swg_event, so it cannot grow. Each site record
 * made into one leaves its role here, found again by the event site's
 * contents (its strings are the record's). A full table, or a place taken
 * from a stack, has no role. */
#define SWG_ROLE_SLOTS 8192u
#define SWG_ROLE_PROBES 32u
static struct {
  _Atomic uint64_t key; /* 0: free */
  _Atomic uint32_t role;
} roles[SWG_ROLE_SLOTS];

static uint64_t site_key(const struct swg_event_site *s) {
  uintptr_t v[6] = {(uintptr_t)s->function,  (uintptr_t)s->file,
                    (uintptr_t)(unsigned)s->line,
                    (uintptr_t)(unsigned)s->column,
                    (uintptr_t)s->primitive, (uintptr_t)s->library};
  uint64_t h = 0xcbf29ce484222325u;
  for (int i = 0; i < 6; i++) {
    h = (h ^ v[i]) * 0x100000001b3u;
    h ^= h >> 31;
  }
  return h | 1;
}

static void remember_role(const struct swg_event_site *e, uint32_t role) {
  uint64_t k = site_key(e);
  for (uint32_t n = 0, i = (uint32_t)(k % SWG_ROLE_SLOTS); n < SWG_ROLE_PROBES;
       n++, i = (i + 1) % SWG_ROLE_SLOTS) {
    uint64_t cur = atomic_load(&roles[i].key);
    if (cur == 0 && atomic_compare_exchange_strong(&roles[i].key, &cur, k))
      cur = k;
    if (cur == k) {
      atomic_store(&roles[i].role, role);
      return;
    }
  }
}

/* The role of event site s as a table index, 0 if unknown. */
static uint32_t role_of(const struct swg_event_site *s) {
  uint64_t k = site_key(s);
  for (uint32_t n = 0, i = (uint32_t)(k % SWG_ROLE_SLOTS); n < SWG_ROLE_PROBES;
       n++, i = (i + 1) % SWG_ROLE_SLOTS) {
    uint64_t cur = atomic_load(&roles[i].key);
    if (cur == k) {
      uint32_t role = atomic_load(&roles[i].role);
      return role < SWG_NROLES ? role : 0;
    }
    if (cur == 0)
      break;
  }
  return 0;
}

struct swg_event_site swg__event_site(const struct swg_site *s) {
  if (!s)
    return (struct swg_event_site){0};
  struct swg_event_site e = {s->function,    s->file,      (int)s->line,
                             (int)s->column, s->primitive, s->library};
  if (s->role && (s->function || s->file))
    remember_role(&e, s->role);
  return e;
}

void swg__site_text(struct swg_buf *b, const struct swg_event_site *s) {
  if (!s->function && !s->file) {
    swg__bprintf(b, "(unknown)");
    return;
  }
  uint32_t role = s->primitive ? 0 : role_of(s);
  if (s->primitive || role_words[role])
    swg__bprintf(b, "%s in ", s->primitive ? s->primitive : role_words[role]);
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
  swg__bprintf(b, ",\"line\":%d,\"column\":%d,\"role\":", s->line,
               s->column);
  swg__bjson(b, role_names[role_of(s)]);
  swg__bprintf(b, ",\"primitive\":");
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
