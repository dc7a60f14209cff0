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
 * Descriptors 0-2 are the program's. Which of them it was started with is
 * read once, before main and before the program's own constructors: a
 * program started without stderr (2>&-) that opens its data file gets
 * descriptor 2 for it, so reports without log_path then go nowhere, never
 * into descriptor 2. A file switchguard keeps open never takes 0, 1 or 2
 * (swg__fd_above_stdio), so a program that writes to stdout or reads stdin
 * it was started without never reaches one of ours.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"

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
static bool stderr_at_start = true;
static bool stdio_closed_at_start; /* any of 0-2 */

/* Before the program's constructors (those of default priority) can open
 * a file onto a closed descriptor 2: what the program was started with,
 * then the options and the run-info FIFO, which need it. */
__attribute__((constructor(101))) static void output_init(void) {
  stderr_at_start = fcntl(STDERR_FILENO, F_GETFD) >= 0;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
    stdio_closed_at_start |= fcntl(fd, F_GETFD) < 0;
  swg__options_init();
  swg__run_info_init();
}

bool swg__stderr_usable(void) { return stderr_at_start; }

int swg__fd_above_stdio(int fd) {
  if (fd < 0 || fd > STDERR_FILENO)
    return fd;
  int high = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  int err = errno;
  close(fd);
  errno = err;
  return high;
}

unsigned swg__stdio_plug(void) {
  unsigned plugged = 0;
  if (!stdio_closed_at_start)
    return 0; /* the usual case: nothing to hold */
  for (;;) {
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0)
      break;
    if (fd > STDERR_FILENO) {
      close(fd);
      break;
    }
    plugged |= 1u << fd;
  }
  return plugged;
}

void swg__stdio_unplug(unsigned plugged) {
  struct stat null_st;
  if (!plugged || stat("/dev/null", &null_st) != 0)
    return;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
    struct stat st;
    /* Still ours: the program may have dup2()'d its own file over it
     * meanwhile, and that one (without close-on-exec) it keeps. */
    if ((plugged & 1u << fd) && fcntl(fd, F_GETFD) == FD_CLOEXEC &&
        fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
        st.st_rdev == null_st.st_rdev)
      close(fd);
  }
}

/* stderr, or -1 if the program was started without one. */
static int log_stderr(void) {
  return stderr_at_start ? STDERR_FILENO : -1;
}

static int open_log(void) {
  const char *path = swg__opts.log_path;
  if (!path || !*path)
    return log_stderr();
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
  int fd = swg__fd_above_stdio(
      open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (fd < 0 && stderr_at_start)
    dprintf(STDERR_FILENO,
            "switchguard: cannot open log_path '%s': %s; using stderr\n", name,
            strerror(errno));
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

void swg__thread_comm(pid_t tid, char *name, size_t n) {
  if (swg__read_task_file(tid, "comm", name, n) < 0)
    snprintf(name, n, "?");
  name[strcspn(name, "\n")] = '\0';
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
