/*===- runinfo_fifo.c - Run info on request, through a FIFO ------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * run_info_path=PATH makes a FIFO there; each write to it asks for one run
 * info report, which the monitor reads as it wakes. A signal would do it
 * too, but would cut a program thread's sleep or poll short.
 *
 *===----------------------------------------------------------------------===*/
#include "monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fifo_fd = -1;
static pid_t fifo_pid; /* the process fifo_fd was opened for */
static bool fifo_made; /* made by us, so unlinked at exit */
static char fifo_name[4096];

/* Makes the FIFO at run_info_path (%p: this process) unless one is there,
 * and opens it for reading. Opened read-write, so that an empty FIFO reads
 * EAGAIN rather than end-of-file and a writer's open never waits. */
static void fifo_open(void) {
  swg__option_path(fifo_name, sizeof fifo_name, swg__opts.run_info_path);
  fifo_made = false;
  fifo_pid = getpid();
  struct stat st;
  if (lstat(fifo_name, &st) == 0) {
    if (!S_ISFIFO(st.st_mode)) {
      swg__config_error(
          "switchguard: run_info_path '%s' exists and is not a FIFO; no run "
          "info on demand\n",
          fifo_name);
      return;
    }
  } else if (mkfifo(fifo_name, 0600) == 0) {
    fifo_made = true;
  } else {
    swg__config_error(
        "switchguard: cannot make run_info_path '%s': %s; no run info on "
        "demand\n",
        fifo_name, strerror(errno));
    return;
  }
  fifo_fd =
      swg__fd_above_stdio(open(fifo_name, O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (fifo_fd < 0) {
    swg__config_error(
        "switchguard: cannot open run_info_path '%s': %s; no run info on "
        "demand\n",
        fifo_name, strerror(errno));
    if (fifo_made)
      unlink(fifo_name), fifo_made = false;
  }
}

void swg__run_info_fifo_init(void) {
  static bool done;
  if (done || !*swg__opts.run_info_path)
    return;
  done = true;
  if (!swg__opts.monitor) {
    swg__config_error(
        "switchguard: run_info_path '%s' is read by the monitor, which "
        "monitor=0 turns off; no FIFO made\n",
        swg__opts.run_info_path);
    return;
  }
  fifo_open();
}

void swg__run_info_fifo_poll(void) {
  if (fifo_fd < 0)
    return;
  if (fifo_pid != getpid()) {
    /* A fork child: the parent still reads its FIFO. With %p the child
     * has a FIFO of its own; without, the parent keeps the only one. */
    close(fifo_fd);
    fifo_fd = -1;
    if (!strstr(swg__opts.run_info_path, "%p"))
      return;
    fifo_open();
    if (fifo_fd < 0)
      return;
  }
  char buf[256];
  bool asked = false;
  ssize_t n;
  /* Every byte written since the last look asks for the same run info. */
  while ((n = read(fifo_fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    asked |= n > 0;
  if (asked)
    swg__monitor_request_run_info();
}

void swg__run_info_fifo_fini(void) {
  if (fifo_made && fifo_pid == getpid())
    unlink(fifo_name);
}
