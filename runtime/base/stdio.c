/*===- stdio.c - The program's descriptors 0-2 -------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Descriptors 0-2 are the program's. Which of them it was started with is
 * read once, before main and before the program's own constructors: a
 * program started without stderr (2>&-) that opens its data file gets
 * descriptor 2 for it, so switchguard then writes nothing to descriptor
 * 2. A file switchguard keeps open never takes 0, 1 or 2
 * (swg__fd_above_stdio), so a program that writes to stdout or reads stdin
 * it was started without never reaches one of ours.
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

static bool stderr_at_start = true;
static bool stdio_closed_at_start; /* any of 0-2 */

void swg__stdio_init(void) {
  stderr_at_start = fcntl(STDERR_FILENO, F_GETFD) >= 0;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
    stdio_closed_at_start |= fcntl(fd, F_GETFD) < 0;
}

bool swg__stderr_usable(void) { return stderr_at_start; }

/* Built whole, then one write: never interleaved with another line. */
void swg__config_error(const char *fmt, ...) {
  if (!stderr_at_start)
    return;
  char line[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n >= sizeof line) { /* longer than any of ours: as it comes */
    va_start(ap, fmt);
    vdprintf(STDERR_FILENO, fmt, ap);
    va_end(ap);
    return;
  }
  for (size_t off = 0; off < (size_t)n;) {
    ssize_t w = write(STDERR_FILENO, line + off, (size_t)n - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return;
    off += (size_t)w;
  }
}

int swg__fd_above_stdio(int fd) {
  if (fd < 0 || fd > STDERR_FILENO)
    return fd;
  int high = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  int err = errno;
  close(fd);
  errno = err;
  return high;
}

/* With 0-2 closed at start, a file switchguard opens for a moment takes
 * one of them, and closing it frees the slot: during a plugged library
 * call another thread's library would then open its file there for good.
 * So plugged calls and those brief opens take turns. */
static pthread_mutex_t low_slots = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

/* A fork child: only the forking thread is left to hold it. */
void swg__stdio_after_fork(void) {
  pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
  low_slots = fresh;
}

int swg__brief_open(const char *path, int flags) {
  if (stdio_closed_at_start)
    pthread_mutex_lock(&low_slots);
  int fd = open(path, flags | O_CLOEXEC);
  if (fd < 0 && stdio_closed_at_start)
    pthread_mutex_unlock(&low_slots);
  return fd;
}

void swg__brief_close(int fd) {
  int err = errno;
  close(fd);
  if (stdio_closed_at_start)
    pthread_mutex_unlock(&low_slots);
  errno = err;
}

unsigned swg__stdio_plug(void) {
  unsigned plugged = 0;
  if (!stdio_closed_at_start)
    return 0; /* the usual case: nothing to hold */
  pthread_mutex_lock(&low_slots);
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
  if (!stdio_closed_at_start)
    return;
  if (!plugged || stat("/dev/null", &null_st) != 0) {
    pthread_mutex_unlock(&low_slots);
    return;
  }
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
    struct stat st;
    /* Still ours: the program may have dup2()'d its own file over it
     * meanwhile, and that one (without close-on-exec) it keeps. */
    if ((plugged & 1u << fd) && fcntl(fd, F_GETFD) == FD_CLOEXEC &&
        fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
        st.st_rdev == null_st.st_rdev)
      close(fd);
  }
  pthread_mutex_unlock(&low_slots);
}
