/*===- output.c - Building reports and writing them whole --------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Every report is built whole in a growing buffer and written with one
 * write() under one lock, to stderr or log_path (%p: the pid), so that it
 * is never interleaved with another report or with the program's own
 * writes to the same file, and is out before anything that follows it,
 * an abort included: there is no buffering of ours to flush. A fork child
 * opens its own %p file.
 *
 * Reports never go to a descriptor 2 the program was started without
 * (base/stdio.c), and a log file never takes 0, 1 or 2.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- where reports go -------------------------------------------------- */

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static int out_fd = -1;
static pid_t out_pid; /* the process out_fd was opened for */
/* stderr, or -1 if the program was started without one. */
static int log_stderr(void) {
  return swg__stderr_usable() ? STDERR_FILENO : -1;
}

static int open_log(void) {
  const char *path = swg__opts.log_path;
  if (!path || !*path)
    return log_stderr();
  char name[4096];
  swg__option_path(name, sizeof name, path);
  int fd = swg__fd_above_stdio(
      open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (fd < 0)
    swg__config_error("switchguard: cannot open log_path '%s': %s; using "
                      "stderr\n", name, strerror(errno));
  return fd < 0 ? log_stderr() : fd;
}

void swg__report_write(const char *buf, size_t len) {
  pthread_mutex_lock(&out_lock);
  if (out_pid != getpid()) {
    if (out_fd > STDERR_FILENO) /* the parent's %p file, in a child */
      close(out_fd);
    out_fd = open_log();
    out_pid = getpid();
  }
  if (out_fd < 0) /* no stderr at start, no log_path: nowhere to go */
    len = 0;
  /* One write; the loop only finishes a short one (a full disk, say). */
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

/* The parent's thread may have held the lock at fork(); the child's %p
 * file is opened on its first report. */
void swg__output_after_fork(void) {
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  out_lock = fresh;
}

/* ---- the buffer --------------------------------------------------------- */

/* A report that must go out (b->urgent) and finds no memory is built here
 * instead, one at a time: fewer details if it does not fit, never lost. */
static char reserve[64 * 1024];
static atomic_flag reserve_taken = ATOMIC_FLAG_INIT;

static bool take_reserve(struct swg_buf *b) {
  if (!b->urgent || b->reserved || b->len >= sizeof reserve ||
      atomic_flag_test_and_set_explicit(&reserve_taken, memory_order_acquire))
    return false;
  if (b->p)
    memcpy(reserve, b->p, b->len);
  free(b->p);
  b->p = reserve, b->cap = sizeof reserve, b->reserved = true;
  return true;
}

void swg__bfree(struct swg_buf *b) {
  if (b->reserved)
    atomic_flag_clear_explicit(&reserve_taken, memory_order_release);
  else
    free(b->p);
  *b = (struct swg_buf){0};
}

/* Once something is left out the rest is too, until the buffer is emptied,
 * so that what is written is a clean prefix (no stack with the header of
 * another part glued on). */
void swg__bprintf(struct swg_buf *b, const char *fmt, ...) {
  while (!b->oom) {
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
    char *p = b->reserved ? NULL : realloc(b->p, cap);
    if (p)
      b->p = p, b->cap = cap;
    else if (!take_reserve(b))
      b->oom = true;
  }
  if (b->p) /* what fits so far stays well formed up to here */
    b->p[b->len] = '\0';
}

void swg__bjson(struct swg_buf *b, const char *s) {
  if (!s) {
    swg__bprintf(b, "null");
    return;
  }
  swg__bprintf(b, "\"");
  for (const char *run = s;; s++) {
    unsigned char c = (unsigned char)*s;
    if (c && c != '"' && c != '\\' && c >= 0x20)
      continue;
    swg__bprintf(b, "%.*s", (int)(s - run), run);
    if (!c)
      break;
    if (c == '"' || c == '\\')
      swg__bprintf(b, "\\%c", c);
    else
      swg__bprintf(b, "\\u%04x", c);
    run = s + 1;
  }
  swg__bprintf(b, "\"");
}

void swg__bjson_head_at(struct swg_buf *b, const char *event, uint64_t at_ns) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  /* at_ns is CLOCK_MONOTONIC: the wall clock as it was then */
  uint64_t ago = swg__now_ns() - at_ns;
  uint64_t wall = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  wall -= ago < wall ? ago : 0;
  swg__bprintf(b, "{\"event\":\"%s\",\"pid\":%d,\"time\":%llu.%03llu", event,
               (int)getpid(), (unsigned long long)(wall / 1000000000u),
               (unsigned long long)(wall % 1000000000u / 1000000u));
}

void swg__bjson_head(struct swg_buf *b, const char *event) {
  swg__bjson_head_at(b, event, swg__now_ns());
}

bool swg__json(void) { return swg__opts.format == SWG_FORMAT_JSON; }
