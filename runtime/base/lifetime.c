/*===- lifetime.c - The process ends when the program's threads do -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * When main calls pthread_exit (or thrd_exit), glibc ends the process
 * with exit(0) once its last thread exits. switchguard's threads (the
 * monitor, the reporter, the event and trace threads) never exit on their
 * own and block every signal, so they would keep such a process alive and
 * leave a process-directed SIGTERM pending for good.
 *
 * So the main thread carries a TSD value whose destructor runs only when
 * it leaves by pthread_exit: glibc runs TSD destructors then, and never
 * for a main that returns or calls exit(). From that moment, if any
 * thread of ours runs (or as soon as one starts), a watcher thread
 * ("swg-lifetime") looks every monitor period (50 ms at most) for a
 * program thread still alive: an entry of /proc/self/task that is none of
 * ours (ownthread.c's table) and, for the main thread, which stays listed
 * as a zombie, not a zombie. When none is left it restores the signal mask
 * main left with and calls exit(0), as glibc would have: atexit handlers
 * and destructors run, on the watcher (switchguard's own destructors never
 * join the thread that runs them). A program that never leaves main this
 * way pays one TSD key and no thread, and the monitor reads nothing more.
 *
 * A fork child whose only thread was not the main thread (forked from
 * another thread) is in the same state from its start: glibc ends it when
 * that thread exits. Without /proc the watcher cannot tell: it waits, and
 * takes the signals main took, so that a signal can still end it.
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_key_t main_key;
static bool main_key_made;
/* glibc's main thread is gone or leaving: the last program thread to
 * exit ends the process. */
static _Atomic int main_left;
static _Atomic int watching; /* a watcher was started (in this process) */
static sigset_t exit_mask;   /* main's as it left, for exit's handlers */

/* Is thread tid alive? The main thread stays listed, a zombie, until the
 * whole process ends; an exited thread of another kind goes at once, and
 * one in its last steps is taken as alive for one more look. */
static bool alive(pid_t tid) {
  if (tid != getpid())
    return true;
  char buf[256];
  if (swg__read_task_file(tid, "stat", buf, sizeof buf) <= 0)
    return false; /* gone */
  char *paren = strrchr(buf, ')'); /* "tid (comm) S ...": comm may hold ')' */
  return !paren || paren[1] != ' ' || (paren[2] != 'Z' && paren[2] != 'X');
}

enum look { NONE_ALIVE, ALIVE, UNKNOWN };

/* Whether a thread that is not one of ours is alive. */
static enum look look(void) {
  int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return UNKNOWN;
  char buf[4096] __attribute__((aligned(8)));
  bool found = false;
  long n = 0;
  while (!found && (n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
    for (long at = 0; at < n && !found;) {
      struct dirent64 *d = (struct dirent64 *)(buf + at);
      at += d->d_reclen;
      pid_t tid = (pid_t)atoi(d->d_name);
      if (tid > 0 && !swg__own_thread_is(tid) && alive(tid))
        found = true;
    }
  }
  close(fd);
  return found ? ALIVE : n < 0 ? UNKNOWN : NONE_ALIVE;
}

static void *watcher_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-lifetime", NULL);
  uint64_t period = swg__monitor_period_ns();
  if (period > 50000000u)
    period = 50000000u;
  struct timespec ts = {(time_t)(period / 1000000000u),
                        (long)(period % 1000000000u)};
  /* Two looks in a row: a thread created while the first listed the
   * directory was made by one alive then, and shows in the second. */
  for (;;) {
    enum look l = look();
    if (l == NONE_ALIVE && (l = look()) == NONE_ALIVE)
      break;
    /* Unable to tell, it never ends the process, and takes the signals
     * main took so that one sent to the process still ends it. */
    if (l == UNKNOWN)
      pthread_sigmask(SIG_SETMASK, &exit_mask, NULL);
    nanosleep(&ts, NULL);
  }
  pthread_sigmask(SIG_SETMASK, &exit_mask, NULL);
  exit(0);
}

/* Once per process. Called with main_left set; from a thread of ours (all
 * signals blocked) or from main as it leaves. */
static void start_watcher(void) {
  if (atomic_exchange(&watching, 1))
    return;
  pthread_t t;
  if (swg__own_thread_create(&t, true, watcher_main, NULL) != 0)
    atomic_store(&watching, 0); /* the next thread of ours tries again */
}

/* The main thread's TSD destructor: it is leaving by pthread_exit. */
static void main_leaving(void *value) {
  (void)value;
  pthread_sigmask(SIG_BLOCK, NULL, &exit_mask);
  atomic_store(&main_left, 1);
  if (swg__own_threads_running())
    start_watcher();
}

void swg__lifetime_own_thread_started(void) {
  if (atomic_load(&main_left))
    start_watcher();
}

void swg__lifetime_after_fork(void) {
  atomic_store(&watching, 0); /* the parent's watcher stayed there */
  if (!main_key_made || pthread_getspecific(main_key))
    return; /* forked by the main thread: the child's main is it */
  /* Forked by another thread: the child's only thread is no main, and
   * glibc ends the child when it exits. */
  pthread_sigmask(SIG_BLOCK, NULL, &exit_mask);
  atomic_store(&main_left, 1);
}

/* In the main thread only: a library loaded later, from another thread,
 * leaves main unmarked (and its end to glibc, as before). */
void swg__lifetime_init(void) {
  if (gettid() != getpid())
    return;
  main_key_made = pthread_key_create(&main_key, main_leaving) == 0;
  if (main_key_made)
    pthread_setspecific(main_key, &main_key);
}
