/*===- procstate.c - What /proc says of a thread to capture ------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * capture.c's readings of /proc/self/task/TID: whether the thread is in a
 * system call, with its SP and PC, and whether it blocks a signal. Each
 * says in the stack's note why it could not tell.
 *
 *===----------------------------------------------------------------------===*/
#include "stack.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Reads /proc/self/task/TID/what; on failure out->note says why. */
bool swg__read_proc(pid_t tid, const char *what, char *buf, size_t n,
                    struct swg_stack *out) {
  if (swg__read_task_file(tid, what, buf, n) >= 0)
    return true;
  if (errno == ENOENT || errno == ESRCH)
    SWG_NOTE(out, "thread %d no longer exists", (int)tid);
  else
    SWG_NOTE(out, "cannot read /proc/self/task/%d/%s: %s", (int)tid, what,
             strerror(errno));
  return false;
}

bool swg__read_syscall(pid_t tid, struct swg_sysstate *s,
                       struct swg_stack *out) {
  if (!swg__read_proc(tid, "syscall", s->text, sizeof s->text, out))
    return false;
  s->in_kernel = strncmp(s->text, "running", 7) != 0;
  if (!s->in_kernel)
    return true;
  /* "NR ARG0 .. ARG5 SP PC", or "-1 SP PC" outside a system call. */
  char *p = s->text, *end;
  uint64_t v[9];
  int n = 0;
  for (; n < 9; n++, p = end) {
    errno = 0;
    v[n] = n == 0 ? (uint64_t)strtol(p, &end, 10) : strtoull(p, &end, 0);
    if (end == p || errno != 0)
      break;
  }
  s->nr = n > 0 ? (long)v[0] : 0;
  if (n == 9 || (n == 3 && s->nr < 0)) {
    s->sp = v[n - 2];
    s->pc = v[n - 1];
    return true;
  }
  SWG_NOTE(out, "cannot parse /proc/self/task/%d/syscall", (int)tid);
  return false;
}

/* 1 if thread `tid` blocks `signo`, 0 if not, -1 (note set) on error. */
int swg__blocks(pid_t tid, int signo, struct swg_stack *out) {
  char buf[2048];
  const char *p;
  if (!swg__read_proc(tid, "status", buf, sizeof buf, out))
    return -1;
  if ((p = strstr(buf, "\nSigBlk:")) == NULL) {
    SWG_NOTE(out, "no signal mask for thread %d in /proc", (int)tid);
    return -1;
  }
  return strtoull(p + 8, NULL, 16) >> (signo - 1) & 1;
}
