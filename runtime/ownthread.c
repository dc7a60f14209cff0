/*===- ownthread.c - How switchguard's own threads begin ---------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The monitor, the reporter, the event dispatcher and the trace writer are
 * started by whichever program thread needs them first, and a new thread
 * inherits that thread's signal mask, CPU affinity, policy and nice value.
 * None of them is switchguard's to keep: a hub pinned to one CPU at
 * SCHED_IDLE, say, would pin the monitor there too, and starve it behind
 * the very thread it watches.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

void swg__own_thread_begin(const char *name) {
  sigset_t all;
  sigfillset(&all); /* the program's signals belong to its own threads */
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  prctl(PR_SET_NAME, name);
  /* Run where and as the main thread runs (the process's, as the user set
   * it with taskset, chrt or nice). Best effort: raising a priority may be
   * refused, and a main thread that has exited has nothing to say. */
  pid_t main_tid = getpid();
  cpu_set_t cpus;
  if (sched_getaffinity(main_tid, sizeof cpus, &cpus) == 0)
    sched_setaffinity(0, sizeof cpus, &cpus);
  struct sched_param param;
  int policy = sched_getscheduler(main_tid);
  if (policy >= 0 && sched_getparam(main_tid, &param) == 0 &&
      policy != sched_getscheduler(0))
    sched_setscheduler(0, policy, &param);
  errno = 0;
  int nice = getpriority(PRIO_PROCESS, (id_t)main_tid);
  if (errno == 0)
    setpriority(PRIO_PROCESS, (id_t)gettid(), nice);
}
