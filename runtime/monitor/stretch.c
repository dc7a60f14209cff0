/*===- stretch.c - When a stretch began, and how much of it counts -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The monitor's look at one thread, in two questions: when did the
 * stretch it sees begin (the switch stamps it asks for, and the looks
 * around it), and how much of it did the thread spend waiting for a CPU
 * (its schedstat), which blocked nothing. Runs on the monitor thread.
 *
 *===----------------------------------------------------------------------===*/
#include "monitor.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Time thread `tid` (0: the calling thread) spent runnable but not
 * running, so far (ns), from its schedstat: "on_cpu_ns run_delay_ns
 * timeslices". */
bool swg__read_run_delay(pid_t tid, uint64_t *out) {
  char buf[96];
  if (swg__read_task_file(tid, "schedstat", buf, sizeof buf) <= 0)
    return false;
  char *p, *end;
  strtoull(buf, &p, 10);
  unsigned long long d = strtoull(p, &end, 10);
  if (end == p)
    return false;
  *out = d;
  return true;
}

/* Thread `tid`'s CPU time (ns), exact even while it runs: the kernel's
 * per-thread clock, named by tid as glibc's pthread_getcpuclockid does. */
static bool read_cpu_time(pid_t tid, uint64_t *out) {
  struct timespec ts;
  clockid_t clock = (clockid_t)(~(unsigned)tid << 3 | 6); /* SCHED, thread */
  if (clock_gettime(clock, &ts) != 0)
    return false;
  *out = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  return true;
}

/* How much of a stretch thread t spent waiting for a CPU, counted from
 * the second look that finds it in the same coroutine (before that, none
 * is assumed: a report can only come later, never falsely). A thread the
 * machine did not run did not block its coroutines: on an overloaded
 * machine a preempted thread is not reported (with many busy threads per
 * core, a coroutine can wait seconds for a CPU). One read a look, only for
 * threads that stay in a coroutine for more than a period. The kernel adds
 * a wait to run_delay only when it ends, so the look also notes whether
 * the thread ran at all since the last one (see waiting_for_cpu). */
uint64_t swg__stretch_cpu_wait(struct swg_thread *t) {
  uint64_t d, cpu;
  bool cpu_known = read_cpu_time(t->mon_tid, &cpu);
  /* At the stretch's first reading it cannot tell: as if it had not run. */
  t->mon_ran = t->mon_delay_known && (!cpu_known || cpu != t->mon_cpu_ns);
  t->mon_cpu_ns = cpu_known ? cpu : 0;
  if (!swg__read_run_delay(t->mon_tid, &d))
    return 0;
  if (!t->mon_delay_known) {
    t->mon_delay_known = true;
    t->mon_delay0_ns = d;
  }
  return d > t->mon_delay0_ns ? d - t->mon_delay0_ns : 0;
}

/* True if thread t is runnable but has had no CPU since the last look: it
 * waits for one now, and that wait is in no run_delay yet. Asked only
 * before a first report. On 2 cores and 66 busy threads, threads waited
 * 100-320 ms like this and were reported although they blocked nothing. */
bool swg__stretch_waiting_for_cpu(const struct swg_thread *t) {
  char buf[256];
  if (t->mon_ran ||
      swg__read_task_file(t->mon_tid, "stat", buf, sizeof buf) <= 0)
    return false;
  /* "tid (comm) S ...": the name may hold ')' itself */
  char *paren = strrchr(buf, ')');
  return paren && paren[1] == ' ' && paren[2] == 'R';
}

/* Was the stamped switch of t (count `stamped`) the way out of the hub
 * the last look saw, with `seq`, one count later, the other side of that
 * same switch? A switch is two events: the call's entry on one stack,
 * then, on the other, the return from that stack's own switch call (or a
 * coroutine body's entry), at once. So: the last look saw the hub settled
 * (its last event at the same call site the stamp was made at: not
 * between a coroutine's yield and the hub's return), and the event after
 * the stamp was made elsewhere. A coroutine first entered where no body
 * entry is traced, which then switches to another before any look, has
 * that other one dated from its own entry: the price of reading no clock
 * on the fast path. */
static bool other_side(const struct swg_thread *t, uint64_t stamped,
                       uint64_t seq, const struct swg_site *site) {
  return seq == stamped + 1 && stamped == t->mon_seq + 1 &&
         t->stamp_site == t->mon_site && site != t->stamp_site &&
         swg__is_hub(t->mon_current, t->mon_site);
}

/* When thread t's stretch at count `seq` (made at `site`) began, first
 * seen at `now` with the look before at `last`: the stamp's time if that
 * switch was stamped, else midway between the earliest it can have been
 * and now. The stamp is read only while none is asked for, so its owner
 * is not writing it. Before t->mon_* move on to `seq`. */
void swg__stretch_date(struct swg_thread *t, struct swg_hot *h, uint64_t seq,
                         const struct swg_site *site, uint64_t last,
                         uint64_t now) {
  uint64_t from = last;
  bool known = t->mon_seq < ~0ull - 1; /* the look before read a count */
  if (known && !(atomic_load_explicit(&h->slow, memory_order_acquire) &
                 SWG_SLOW_STAMP)) {
    uint64_t stamped =
        atomic_load_explicit(&t->stamp_seq, memory_order_acquire);
    if (stamped > t->mon_seq &&
        (stamped == seq || other_side(t, stamped, seq, site))) {
      /* after `now` if made while this pass began */
      t->mon_seen_ns = t->stamp_ns < now ? t->stamp_ns : now;
      t->mon_seen_err_ns = 0;
      return;
    }
    /* A switch since the last look, before this one. */
    if (stamped > t->mon_seq && stamped < seq && t->stamp_ns > from &&
        t->stamp_ns <= now)
      from = t->stamp_ns;
  }
  t->mon_seen_err_ns = (now - from) / 2;
  t->mon_seen_ns = from + t->mon_seen_err_ns;
}

/* Asks a thread seen in its hub (current NULL) at count `seq` to stamp
 * its next switch, unless that is asked already: the way out of the hub,
 * whose slow path does nothing more. A switch out of a coroutine would
 * also be noted as where that coroutine left (coro_state.c), which the
 * fast path then never updates: so if the thread switched meanwhile, the
 * request is taken back. */
bool swg__stretch_ask_stamp(struct swg_hot *h, const void *cur, uint64_t seq) {
  if (cur)
    return false;
  if (atomic_load_explicit(&h->slow, memory_order_relaxed) & SWG_SLOW_STAMP)
    return true;
  atomic_fetch_or(&h->slow, SWG_SLOW_STAMP);
  if (atomic_load(&h->seq) == seq)
    return true;
  atomic_fetch_and(&h->slow, ~SWG_SLOW_STAMP);
  return false;
}
