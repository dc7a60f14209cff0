/*===- report.c - What the monitor says --------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Builds each report whole in memory, header -> stack -> context ->
 * SUMMARY, then writes it with one write() under one lock, so reports from
 * different threads never interleave. Text is for people; format=json gives
 * one object per event (docs/report-format.md).
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- output ----------------------------------------------------------- */

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static int out_fd = -1;
static pid_t out_pid; /* a fork child opens its own %p file */

static int open_log(void) {
  const char *path = swg__opts.log_path;
  if (!path || !*path)
    return STDERR_FILENO;
  char name[4096];
  size_t n = 0;
  for (const char *p = path; *p && n + 24 < sizeof name; p++) {
    if (p[0] == '%' && p[1] == 'p') {
      n += (size_t)snprintf(name + n, sizeof name - n, "%d", (int)getpid());
      p++;
    } else {
      name[n++] = *p;
    }
  }
  name[n] = '\0';
  int fd = open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    dprintf(STDERR_FILENO,
            "switchguard: cannot open log_path '%s': %s; using stderr\n", name,
            strerror(errno));
    return STDERR_FILENO;
  }
  return fd;
}

void swg__report_write(const char *buf, size_t len) {
  pthread_mutex_lock(&out_lock);
  if (out_fd < 0 || out_pid != getpid()) {
    out_fd = open_log();
    out_pid = getpid();
  }
  while (len) {
    ssize_t w = write(out_fd, buf, len);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    buf += w, len -= (size_t)w;
  }
  pthread_mutex_unlock(&out_lock);
}

/* ---- a growing buffer ------------------------------------------------- */

struct buf {
  char *p;
  size_t len, cap;
  bool oom;
};

static void bprintf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void bprintf(struct buf *b, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    size_t room = b->cap - b->len;
    int n = b->p ? vsnprintf(b->p + b->len, room, fmt, ap) : -1;
    va_end(ap);
    if (n >= 0 && (size_t)n < room) {
      b->len += (size_t)n;
      return;
    }
    size_t cap = b->cap ? b->cap * 2 : 8192;
    while (n >= 0 && cap < b->len + (size_t)n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) { /* fewer details, never a crash */
      b->oom = true;
      return;
    }
    b->p = p, b->cap = cap;
  }
}

/* A JSON string, escaped; "null" for NULL. */
static void bjson(struct buf *b, const char *s) {
  if (!s) {
    bprintf(b, "null");
    return;
  }
  bprintf(b, "\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      bprintf(b, "\\%c", c);
    else if (c < 0x20)
      bprintf(b, "\\u%04x", c);
    else
      bprintf(b, "%c", c);
  }
  bprintf(b, "\"");
}

static double ms(uint64_t ns) { return (double)ns / 1e6; }

/* ---- pieces of a report ------------------------------------------------- */

static bool json(void) { return swg__opts.format == SWG_FORMAT_JSON; }

/* A coroutine's registry entry; its name is in `name`, or a made-up one
 * if switchguard never saw it spawned. */
static bool coro_entry(void *handle, struct swg_coro_info *c, char *name,
                       size_t n) {
  bool known = swg__registry_lookup(handle, c, name, n);
  if (!known || !c->name)
    snprintf(name, n, "coroutine %p", handle);
  if (!known)
    c->spawn = NULL;
  return known;
}

void swg__coro_name(void *handle, char *name, size_t n) {
  struct swg_coro_info c;
  coro_entry(handle, &c, name, n);
}

static void site_text(struct buf *b, const struct swg_site *s) {
  if (!s) {
    bprintf(b, "(unknown)");
    return;
  }
  bprintf(b, "%s in %s at %s:%u:%u", s->primitive ? s->primitive : "?",
          s->function ? s->function : "?", s->file ? s->file : "?", s->line,
          s->column);
}

static void site_json(struct buf *b, const struct swg_site *s) {
  if (!s) {
    bprintf(b, "null");
    return;
  }
  bprintf(b, "{\"function\":");
  bjson(b, s->function);
  bprintf(b, ",\"file\":");
  bjson(b, s->file);
  bprintf(b, ",\"line\":%u,\"column\":%u,\"primitive\":", s->line, s->column);
  bjson(b, s->primitive);
  bprintf(b, ",\"library\":");
  bjson(b, s->library);
  bprintf(b, "}");
}

struct frame_ctx {
  struct buf *b;
  int n;
  struct swg_symbol where; /* the innermost frame of the program's code */
};

/* The program's own code, as opposed to libc's or a coroutine library's. */
static bool own_code(const struct swg_symbol *sym) {
  const char *m = sym->module ? sym->module : "";
  return sym->file && strncmp(m, "/lib/", 5) && strncmp(m, "/usr/lib/", 9);
}

static void note_where(struct frame_ctx *fc, const struct swg_symbol *sym) {
  if (!fc->where.function && own_code(sym))
    fc->where = *sym;
}

static void frame_text(const struct swg_symbol *sym, void *arg) {
  struct frame_ctx *fc = arg;
  note_where(fc, sym);
  bprintf(fc->b, "    #%d 0x%012lx in %s", fc->n++, (unsigned long)sym->pc,
          sym->function ? sym->function : "??");
  if (sym->file)
    bprintf(fc->b, " %s:%d:%d", sym->file, sym->line, sym->column);
  else if (sym->module)
    bprintf(fc->b, " (%s)", sym->module);
  bprintf(fc->b, "%s\n", sym->inlined ? " [inlined]" : "");
}

static void frame_json(const struct swg_symbol *sym, void *arg) {
  struct frame_ctx *fc = arg;
  note_where(fc, sym);
  bprintf(fc->b, "%s{\"pc\":\"0x%lx\",\"function\":", fc->n++ ? "," : "",
          (unsigned long)sym->pc);
  bjson(fc->b, sym->function);
  bprintf(fc->b, ",\"file\":");
  bjson(fc->b, sym->file);
  bprintf(fc->b, ",\"line\":%d,\"module\":", sym->line);
  bjson(fc->b, sym->module);
  bprintf(fc->b, ",\"inlined\":%s}", sym->inlined ? "true" : "false");
}

static const char *capture_how(enum swg_capture_how how) {
  switch (how) {
  case SWG_CAPTURE_SYSCALL: return "syscall";
  case SWG_CAPTURE_SIGNAL: return "signal";
  default: return "none";
  }
}

/* Captures and prints the blocked thread's stack; returns the innermost
 * frame of the program's own code for the SUMMARY (function NULL: none). */
static struct swg_symbol stack(struct buf *b, pid_t tid) {
  static struct swg_stack st; /* monitor only */
  int depth = swg__opts.stack_depth;
  swg__capture_thread(tid, &st, depth);
  struct frame_ctx fc = {b, 0, {0}};
  if (json()) {
    bprintf(b, ",\"capture\":\"%s\",\"capture_note\":", capture_how(st.how));
    bjson(b, st.note[0] ? st.note : NULL);
    bprintf(b, ",\"stack\":[");
  } else {
    bprintf(b, "  Blocked stack (%s%s%s):\n",
            st.how == SWG_CAPTURE_NONE ? "not available"
                                       : st.how == SWG_CAPTURE_SYSCALL
                                             ? "read from its system call"
                                             : "read at a signal",
            st.note[0] ? ": " : "", st.note);
  }
  for (int i = 0; i < st.depth; i++)
    swg__symbolize(&st.frames[i], json() ? frame_json : frame_text, &fc);
  if (json())
    bprintf(b, "]");
  return fc.where;
}

/* ---- threads and coroutines ------------------------------------------- */

static struct swg_thread *hub_thread(pid_t tid) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    if (t->tid == tid && atomic_load(&t->alive))
      return t;
  return NULL;
}

static void threads_text(struct buf *b, pid_t blocked) {
  bprintf(b, "  Threads:\n");
  DIR *d = opendir("/proc/self/task");
  if (!d)
    return;
  for (struct dirent *e; (e = readdir(d));) {
    pid_t tid = (pid_t)atoi(e->d_name);
    if (tid <= 0)
      continue;
    char path[64], comm[32] = "?";
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ssize_t n = read(fd, comm, sizeof comm - 1);
      comm[n > 0 ? n : 0] = '\0';
      comm[strcspn(comm, "\n")] = '\0';
      close(fd);
    }
    bprintf(b, "    thread %d \"%s\"%s%s%s\n", (int)tid, comm,
            hub_thread(tid) ? " [hub]" : "",
            tid == swg__monitor_tid() ? " [switchguard monitor]" : "",
            tid == blocked ? " <- BLOCKED" : "");
  }
  closedir(d);
}

struct coro_list {
  struct swg_coro_info *v;
  size_t n, cap;
  pid_t tid;
};

static void collect(const struct swg_coro_info *c, void *arg) {
  struct coro_list *l = arg;
  if (c->spawn_tid != l->tid)
    return;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    struct swg_coro_info *v = realloc(l->v, cap * sizeof *v);
    if (!v)
      return;
    l->v = v, l->cap = cap;
  }
  l->v[l->n] = *c;
  if (c->owned_name) /* the registry may free it once we unlock */
    l->v[l->n].name = strdup(c->name);
  l->n++;
}

static void tree(struct buf *b, struct coro_list *l, void *parent, int depth,
                 void *running, uint64_t now) {
  for (size_t i = 0; i < l->n; i++) {
    struct swg_coro_info *c = &l->v[i];
    if (c->parent != parent || c->handle == parent || depth > 16)
      continue;
    bprintf(b, "    %*s%s %p %s, age %.1f s, spawned at ", depth * 2, "",
            c->name ? c->name : "?", c->handle,
            c->handle == running ? "running" : "suspended",
            (double)(now - c->created_ns) / 1e9);
    if (c->spawn)
      bprintf(b, "%s %s:%u\n", c->spawn->function, c->spawn->file,
              c->spawn->line);
    else
      bprintf(b, "?\n");
    tree(b, l, c->handle, depth + 1, running, now);
  }
}

static void coroutines_text(struct buf *b, struct swg_thread *t, void *running) {
  struct coro_list l = {.tid = t->tid};
  swg__registry_foreach(collect, &l);
  bprintf(b, "  Coroutines of thread %d (%zu):\n    hub\n", (int)t->tid, l.n);
  tree(b, &l, NULL, 1, running, swg__now_ns());
  for (size_t i = 0; i < l.n; i++)
    if (l.v[i].owned_name)
      free((char *)l.v[i].name);
  free(l.v);
}

/* ---- the reports ------------------------------------------------------- */

static const char *event_name(enum swg_event_kind k) {
  switch (k) {
  case SWG_EV_BLOCKED: return "blocked";
  case SWG_EV_STILL_BLOCKED: return "still_blocked";
  case SWG_EV_UNBLOCKED: return "unblocked";
  }
  return "?";
}

static void incident_json(struct buf *b, const struct swg_incident *inc,
                          const char *name, const struct swg_coro_info *c) {
  struct swg_thread *t = inc->thread;
  bprintf(b, "{\"event\":\"%s\",\"pid\":%d,\"thread\":{\"tid\":%d,\"name\":",
          event_name(inc->kind), (int)getpid(), (int)t->tid);
  bjson(b, t->name);
  bprintf(b, "},\"coroutine\":{\"handle\":\"%p\",\"name\":", inc->coro);
  bjson(b, name);
  bprintf(b, "},\"duration_ms\":%.1f,\"max_blocking_ms\":%d,\"report\":%d,"
             "\"last_switch\":",
          ms(inc->blocked_ns), swg__opts.max_blocking_ms, inc->report_no);
  site_json(b, inc->site);
  if (inc->kind == SWG_EV_UNBLOCKED) {
    bprintf(b, ",\"resumed_at\":");
    site_json(b, inc->end_site);
  }
  if (inc->kind == SWG_EV_BLOCKED) {
    bprintf(b, ",\"spawn_site\":");
    site_json(b, c->spawn);
    stack(b, t->tid);
  }
  bprintf(b, "}\n");
}

static void incident_text(struct buf *b, const struct swg_incident *inc,
                          const char *name, const struct swg_coro_info *c) {
  struct swg_thread *t = inc->thread;
  int pid = (int)getpid();
  if (inc->kind == SWG_EV_STILL_BLOCKED) {
    bprintf(b, "==%d== switchguard: coroutine '%s' still blocked on thread "
               "%d after %.0f ms\n", pid, name, (int)t->tid,
            ms(inc->blocked_ns));
    return;
  }
  if (inc->kind == SWG_EV_UNBLOCKED) {
    bprintf(b, "==%d== switchguard: coroutine '%s' unblocked on thread %d "
               "after %.2f s; last switch seen at ", pid, name, (int)t->tid,
            (double)inc->blocked_ns / 1e9);
    site_text(b, inc->end_site);
    bprintf(b, "\n");
    return;
  }
  bprintf(b, "==%d==WARNING: switchguard: coroutine '%s' blocked thread %d "
             "\"%s\" for %.0f ms (max_blocking_ms=%d)\n",
          pid, name, (int)t->tid, t->name, ms(inc->blocked_ns),
          swg__opts.max_blocking_ms);
  struct swg_symbol where = stack(b, t->tid);
  bprintf(b, "  Last switch: ");
  site_text(b, inc->site);
  bprintf(b, "\n");
  if (c->spawn)
    bprintf(b, "  Spawned at: %s:%u in %s\n", c->spawn->file, c->spawn->line,
            c->spawn->function);
  threads_text(b, t->tid);
  coroutines_text(b, t, inc->coro);
  bprintf(b, "SUMMARY: switchguard: blocked coroutine '%s' for %.0f ms on "
             "thread %d", name, ms(inc->blocked_ns), (int)t->tid);
  if (where.function)
    bprintf(b, " in %s %s:%d", where.function, where.file, where.line);
  bprintf(b, "\n\n");
}

void swg__report_incident(const struct swg_incident *inc) {
  char tmp[128];
  struct swg_coro_info c;
  coro_entry(inc->coro, &c, tmp, sizeof tmp);
  const char *name = inc->name ? inc->name : tmp;
  struct buf b = {0};
  if (json())
    incident_json(&b, inc, name, &c);
  else
    incident_text(&b, inc, name, &c);
  if (b.p)
    swg__report_write(b.p, b.len);
  free(b.p);
}
