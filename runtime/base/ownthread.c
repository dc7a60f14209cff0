/*===- ownthread.c - How switchguard's own threads begin ---------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Every thread of switchguard's (the monitor, the reporter, the event
 * dispatcher, the trace writer, the symbol warm-up, the lifetime watcher,
 * and the thread that reports a failed scope) is created by
 * swg__own_thread_create and calls swg__own_thread_begin first. Each is
 * started by whichever program thread needs it first, and a new thread
 * inherits that thread's signal mask, CPU affinity, policy and nice value.
 * None of them is switchguard's to keep: a hub pinned to one CPU at
 * SCHED_IDLE, say, would pin the monitor there too, and starve it behind
 * the very thread it watches.
 *
 * Each also has its tid in a small table while it runs, so that
 * lifetime.c can tell the program's threads from ours: none of ours may
 * keep the process alive.
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Room for every thread of ours at once (a handful), with margin: one
 * left out would only be taken for a program thread, which delays an end
 * but never hastens one. */
#define SWG_OWN_MAX 32

static _Atomic pid_t own_tids[SWG_OWN_MAX];
/* valgrind's leak check, when the program aborts: glibc points to a
 * running thread's DTV (its array of TLS blocks) only from one entry past
 * the start, so memcheck calls the DTV of each thread of ours that the
 * abort leaves running "possibly lost". A pointer to its start here, in
 * the slot of the thread's tid, makes it reachable. Never dereferenced. */
static void *_Atomic own_dtvs[SWG_OWN_MAX];
/* What run info calls each (static strings), in the slot of its tid. */
static const char *_Atomic own_roles[SWG_OWN_MAX];

static void *dtv_block(void) {
#if defined(__x86_64__) && defined(__GLIBC__)
  char *dtv; /* the descriptor's second word; entries are 16 bytes */
  __asm__("mov %%fs:8, %0" : "=r"(dtv));
  return dtv ? dtv - 16 : NULL;
#else
  return NULL;
#endif
}
static pthread_key_t own_key;
static pthread_once_t own_key_once = PTHREAD_ONCE_INIT;
static bool own_key_made;

/* At the thread's end (a TSD destructor): its tid may be reused by a
 * program thread, which must then not be taken for ours. */
static void own_thread_end(void *slot) {
  _Atomic pid_t *tid = slot;
  atomic_store(&own_dtvs[tid - own_tids], NULL);
  atomic_store(&own_roles[tid - own_tids], NULL);
  atomic_store(tid, 0);
}

static void make_own_key(void) {
  own_key_made = pthread_key_create(&own_key, own_thread_end) == 0;
}

bool swg__own_thread_is(pid_t tid) {
  for (int i = 0; i < SWG_OWN_MAX; i++)
    if (atomic_load(&own_tids[i]) == tid)
      return true;
  return false;
}

const char *swg__own_thread_role(pid_t tid) {
  for (int i = 0; tid && i < SWG_OWN_MAX; i++)
    if (atomic_load(&own_tids[i]) == tid)
      return atomic_load(&own_roles[i]);
  return NULL;
}

bool swg__own_threads_running(void) {
  for (int i = 0; i < SWG_OWN_MAX; i++)
    if (atomic_load(&own_tids[i]))
      return true;
  return false;
}

void swg__own_threads_after_fork(void) {
  for (int i = 0; i < SWG_OWN_MAX; i++) {
    atomic_store_explicit(&own_tids[i], 0, memory_order_relaxed);
    atomic_store_explicit(&own_dtvs[i], NULL, memory_order_relaxed);
    atomic_store_explicit(&own_roles[i], NULL, memory_order_relaxed);
  }
}

/* Without a key to clear it at the thread's end, a tid is not entered. */
static void enter(const char *role) {
  pthread_once(&own_key_once, make_own_key);
  if (!own_key_made)
    return;
  pid_t tid = gettid();
  for (int i = 0; i < SWG_OWN_MAX; i++) {
    pid_t none = 0;
    if (atomic_compare_exchange_strong(&own_tids[i], &none, tid)) {
      atomic_store(&own_dtvs[i], dtv_block());
      atomic_store(&own_roles[i], role);
      if (pthread_setspecific(own_key, (void *)&own_tids[i]) != 0)
        atomic_store(&own_tids[i], 0);
      return;
    }
  }
}

int swg__own_thread_create(pthread_t *t, bool detached, void *(*fn)(void *),
                           void *arg) {
  sigset_t all, old;
  sigfillset(&all); /* no signal may reach it before it masks them */
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  if (detached)
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int err = pthread_create(t, &attr, fn, arg);
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return err;
}

void swg__own_thread_begin(const char *name, const char *role) {
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
  enter(role);
  /* After entering (sequentially consistent both): either this sees that
   * the main thread has left, or lifetime.c sees this thread. */
  swg__lifetime_own_thread_started();
}
