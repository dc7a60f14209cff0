/*===- procfs.c - This process's threads, from /proc -------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Reads of /proc/self/task/TID files: capture, the lifetime watcher and
 * reports all read them the same way.
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

ssize_t swg__read_task_file(pid_t tid, const char *what, char *buf, size_t n) {
  char path[64];
  if (tid)
    snprintf(path, sizeof path, "/proc/self/task/%d/%s", (int)tid, what);
  else
    snprintf(path, sizeof path, "/proc/thread-self/%s", what);
  int fd = swg__brief_open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  ssize_t len = read(fd, buf, n - 1);
  int err = errno;
  swg__brief_close(fd);
  buf[len > 0 ? len : 0] = '\0';
  errno = err;
  return len;
}

bool swg__thread_comm(pid_t tid, char *name, size_t n) {
  if (swg__read_task_file(tid, "comm", name, n) < 0) {
    snprintf(name, n, "?");
    return false;
  }
  name[strcspn(name, "\n")] = '\0';
  return true;
}
