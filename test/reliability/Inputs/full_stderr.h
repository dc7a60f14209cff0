/* Holds switchguard's reporter up: stderr, where reports go, becomes a
 * pipe of one page, full, that nobody reads until read_stderr_until. */
#ifndef FULL_STDERR_H
#define FULL_STDERR_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int full_stderr_saved = -1, full_stderr_read = -1;

static double full_stderr_mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 0, or -1 if the pipe cannot be made. */
static int fill_stderr(void) {
  int p[2];
  full_stderr_saved = dup(2);
  if (full_stderr_saved < 0 || pipe(p) || fcntl(p[1], F_SETPIPE_SZ, 4096) < 0)
    return -1;
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  while (write(p[1], "-", 1) == 1)
    ;
  fcntl(p[1], F_SETFL, 0);
  dup2(p[1], 2);
  full_stderr_read = p[0];
  return 0;
}

/* Reads the pipe until done(text) says so, for a minute at most (a report
 * that never comes fails the test, not hangs it); stderr back as it was,
 * and what was read, without the filling, to stdout. */
static void read_stderr_until(int (*done)(const char *text)) {
  static char got[1 << 20];
  size_t ngot = 0;
  for (double end = full_stderr_mono() + 60;
       full_stderr_mono() < end && ngot < sizeof got - 1;) {
    struct pollfd in = {.fd = full_stderr_read, .events = POLLIN};
    if (poll(&in, 1, 1000) == 0)
      continue;
    ssize_t n = read(full_stderr_read, got + ngot, sizeof got - 1 - ngot);
    if (n <= 0)
      break;
    ngot += (size_t)n;
    got[ngot] = '\0';
    if (done(got))
      break;
  }
  dup2(full_stderr_saved, 2);
  char *start = got;
  while (*start == '-')
    start++;
  fputs(start, stdout);
}
#endif
