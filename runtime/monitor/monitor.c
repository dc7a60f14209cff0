/*===- monitor.c - The thread that notices blockages -------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Started once, when the first thread switches; threads that never switch
 * cost it nothing, and a pass costs per thread, not per coroutine. Every
 * period it reads each thread's switch count: a thread whose count has
 * not moved for max_blocking_ms while a coroutine (not the hub) is current
 * is blocked. It cannot know when the last switch happened without a
 * clock on the fast path, so it dates a new count midway between the look
 * that first saw it and the look before, within half a period of the
 * truth: a report comes at most max_blocking + 1.5 periods after the block
 * began (1.3 x max_blocking at the default period of a fifth), and
 * durations are right to half a period.
 *
 * One blockage is one incident: a `blocked` report, `still_blocked` at 2x,
 * 4x, 8x ... the threshold, and one `unblocked` when the count moves. A
 * pass only decides, for every thread, and posts its decisions to the
 * reporter thread (reporter.c), so no report, however slow, delays the
 * next pass; subscribers' callbacks run on a thread of their own too
 * (events.c). Each pass holds the view lock, which fork() waits for, so
 * a child never inherits a half-made decision. Lifecycle as libuv runs its
 * workers: started once, stopped with a flag and joined at exit (closing
 * every open incident; from an atexit handler, else the destructor, which
 * then prints the exit summary), re-made in a fork child.
 *
 *===----------------------------------------------------------------------===*/
#include "monitor.h"

#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_t monitor_thread;
static _Atomic int state; /* 0 never started, 1 running, 2 stopping/off */
static _Atomic uint32_t wake_word;    /* bumped to wake it; a futex */
static _Atomic int run_info_wanted;   /* run info asked for */
static struct swg_incident *pending;  /* this pass's decisions */
static size_t npending, cap_pending;
static bool suspect;                  /* a thread is half way to blocked */

/* ---- waking ------------------------------------------------------------ */

/* Async-signal-safe: an atomic and a system call. */
static void wake(void) {
  atomic_fetch_add(&wake_word, 1);
  syscall(SYS_futex, &wake_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Sleeps until `deadline` (CLOCK_MONOTONIC) unless woken since wake_word
 * was `seen`. */
static void sleep_until(uint32_t seen, uint64_t deadline) {
  struct timespec ts = {(time_t)(deadline / 1000000000u),
                        (long)(deadline % 1000000000u)};
  syscall(SYS_futex, &wake_word, FUTEX_WAIT_BITSET_PRIVATE, seen, &ts, NULL,
          FUTEX_BITSET_MATCH_ANY);
}

bool swg__monitor_request_run_info(void) {
  if (atomic_load(&state) != 1)
    return false;
  atomic_store(&run_info_wanted, 1);
  wake();
  return true;
}

/* ---- deciding --------------------------------------------------------------- */

/* The tid and name of the thread that took t at generation gen, read
 * once (hooks.c's swg__thread_register publishes them seqlock-style). Every
 * report of an incident uses these: a thread that exits while blocked
 * leaves its record to the next new thread, which may rewrite tid and
 * name before the look that closes the incident. False while the record
 * is changing hands: look again next pass. */
static bool identify(struct swg_thread *t, uint32_t gen) {
  t->mon_tid = 0;
  if (gen & 1)
    return false;
  pid_t tid = atomic_load_explicit(&t->tid, memory_order_relaxed);
  uint64_t words[2] = {
      atomic_load_explicit(&t->name_pub[0], memory_order_relaxed),
      atomic_load_explicit(&t->name_pub[1], memory_order_relaxed),
  };
  atomic_thread_fence(memory_order_acquire);
  if (atomic_load_explicit(&t->generation, memory_order_relaxed) != gen ||
      !tid) /* a new record whose thread has not registered yet */
    return false;
  t->mon_tid = tid;
  memcpy(t->mon_thread_name, words, sizeof t->mon_thread_name);
  t->mon_thread_name[sizeof t->mon_thread_name - 1] = '\0';
  return true;
}

static void decide(struct swg_thread *t, enum swg_event_kind kind,
                   uint64_t blocked_ns, enum swg_end end, uint64_t now,
                   uint64_t seq_now, const struct swg_site *site_now) {
  const struct swg_site *ended_by = NULL;
  /* One switch since the last look: it is the one that ended it. After
   * more, the fast path has kept no record of the first. */
  if (kind == SWG_EVENT_UNBLOCKED && end == SWG_END_SWITCH &&
      seq_now == t->mon_seq + 1)
    ended_by = site_now;
  if (npending == cap_pending) {
    size_t cap = cap_pending ? cap_pending * 2 : 16;
    struct swg_incident *p = realloc(pending, cap * sizeof *p);
    if (!p)
      return; /* out of memory: this report is lost, not the program */
    pending = p, cap_pending = cap;
  }
  struct swg_incident *inc = &pending[npending++];
  *inc = (struct swg_incident){
      .kind = kind,
      .thread = t,
      .tid = t->mon_tid,
      .coro = t->mon_current,
      .name = t->reported_name,
      .site = t->mon_site,
      .end_site = site_now,
      .ended_by = ended_by,
      .end = end,
      .seq = t->mon_seq,
      .blocked_ns = blocked_ns,
      .time_ns = now,
      .report_no = t->mon_incident,
  };
  memcpy(inc->thread_name, t->mon_thread_name, sizeof inc->thread_name);
  if (kind == SWG_EVENT_BLOCKED) {
    swg__incident_take_coro(inc);
    /* Its stack now: the report may come long after it switched. */
    inc->snapshot = swg__snapshot_take(inc->tid);
    if (inc->snapshot && swg__thread_seq(t) != inc->seq) {
      swg__snapshot_free(inc->snapshot); /* it switched: not the blocked one */
      inc->snapshot = NULL;
    }
    /* What the report lists, as now: the reporter may come late. */
    inc->picture = swg__picture_take(t, inc->tid, inc->coro, inc->seq);
  }
}

/* Time thread `tid` (0: the calling thread) spent runnable but not
 * running, so far (ns), from its schedstat: "on_cpu_ns run_delay_ns
 * timeslices". */
static bool read_run_delay(pid_t tid, uint64_t *out) {
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
static uint64_t cpu_wait(struct swg_thread *t) {
  uint64_t d, cpu;
  bool cpu_known = read_cpu_time(t->mon_tid, &cpu);
  /* At the stretch's first reading it cannot tell: as if it had not run. */
  t->mon_ran = t->mon_delay_known && (!cpu_known || cpu != t->mon_cpu_ns);
  t->mon_cpu_ns = cpu_known ? cpu : 0;
  if (!read_run_delay(t->mon_tid, &d))
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
static bool waiting_for_cpu(const struct swg_thread *t) {
  char buf[256];
  if (t->mon_ran ||
      swg__read_task_file(t->mon_tid, "stat", buf, sizeof buf) <= 0)
    return false;
  /* "tid (comm) S ...": the name may hold ')' itself */
  char *paren = strrchr(buf, ')');
  return paren && paren[1] == ' ' && paren[2] == 'R';
}

/* One look at one thread: `now`, and `since`, the best guess of when a
 * change first seen now happened. */
static void check(struct swg_thread *t, uint64_t now, uint64_t since,
                  uint64_t threshold) {
  uint32_t gen = atomic_load_explicit(&t->generation, memory_order_acquire);
  bool alive = atomic_load_explicit(&t->alive, memory_order_acquire);
  if (gen != t->mon_generation || !alive || !t->mon_tid) {
    if (t->mon_incident) {
      /* Gone. If its count moved first, a switch ended the blockage and
       * it exited after; a record a new thread took over cannot say. */
      struct swg_hot *h = swg__hot_read(t);
      uint64_t seq = atomic_load_explicit(&h->seq, memory_order_acquire);
      const struct swg_site *site = atomic_load(&h->site);
      swg__hot_done(t);
      bool switched = gen == t->mon_generation && seq != t->mon_seq;
      decide(t, SWG_EVENT_UNBLOCKED, since - t->mon_seen_ns,
             switched ? SWG_END_SWITCH : SWG_END_THREAD_EXIT, now, seq,
             switched ? site : NULL);
    }
    t->mon_generation = gen;
    t->mon_incident = 0;
    t->mon_seq = ~0ull; /* forces a fresh look below */
    if (!alive)
      return;
    if (!identify(t, gen))
      return; /* changing hands: mon_tid 0 makes the next look try again */
  }
  /* seqlock read: current/site belong to seq if seq did not move. */
  struct swg_hot *h = swg__hot_read(t);
  uint64_t seq = atomic_load_explicit(&h->seq, memory_order_acquire);
  void *cur = atomic_load_explicit(&h->current, memory_order_relaxed);
  const struct swg_site *site =
      atomic_load_explicit(&h->site, memory_order_relaxed);
  atomic_thread_fence(memory_order_acquire);
  if (atomic_load_explicit(&h->seq, memory_order_relaxed) != seq)
    seq = ~0ull - 1; /* moved while read: certainly not blocked */
  swg__hot_done(t);

  if (seq != t->mon_seq) {
    if (t->mon_incident)
      decide(t, SWG_EVENT_UNBLOCKED, since - t->mon_seen_ns, SWG_END_SWITCH,
             now, seq, site);
    t->mon_incident = 0;
    t->mon_seq = seq;
    t->mon_seen_ns = since;
    t->mon_delay_known = false;
    t->mon_current = cur;
    t->mon_site = site;
    return;
  }
  if (swg__is_hub(cur, site) ||
      atomic_load_explicit(&t->ignored, memory_order_relaxed))
    return; /* the hub may wait as long as it likes */
  uint64_t blocked = now - t->mon_seen_ns;
  uint64_t waited = t->mon_incident ? 0 : cpu_wait(t);
  bool half_way = !t->mon_incident && blocked >= threshold / 2;
  suspect |= half_way;
  if (half_way && blocked > waited && blocked - waited >= threshold &&
      !waiting_for_cpu(t)) {
    t->mon_incident = 1;
    t->mon_next_report_ns = threshold;
  } else if (!t->mon_incident || blocked < t->mon_next_report_ns) {
    return;
  } else {
    t->mon_incident++;
  }
  /* The next report at the next power-of-two multiple still ahead: a late
   * look (a starved monitor) never makes reports on consecutive passes. */
  while (t->mon_next_report_ns <= blocked)
    t->mon_next_report_ns *= 2;
  decide(t, t->mon_incident == 1 ? SWG_EVENT_BLOCKED : SWG_EVENT_STILL_BLOCKED,
         blocked, SWG_END_SWITCH, now, seq, site);
}

/* Decide for every thread, then report. Under the view lock. */
static void pass(uint64_t now, uint64_t since, uint64_t threshold,
                 bool exiting) {
  npending = 0;
  suspect = false;
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    check(t, now, since, threshold);
    if (exiting && t->mon_incident) /* close it: none is left open */
      decide(t, SWG_EVENT_UNBLOCKED, now - t->mon_seen_ns, SWG_END_EXIT, now,
             0, NULL);
  }
  /* A report looks likely: have symbols loaded (on a helper thread) now,
   * not when it is due. */
  if (suspect && !exiting)
    swg__report_warm();
  swg__reporter_post(pending, npending);
  if (!exiting)
    swg__memory_check(now);
}

/* ---- stops ------------------------------------------------------------------ */

/* A stopped process (SIGSTOP and SIGCONT, a debugger, a paused container
 * or VM) runs no thread, the monitor included, and its wall clock runs on:
 * counted, the stop would be blockage. So a monitor that wakes more than
 * a period after it planned to, and did not spend that time waiting for a
 * CPU (a starved monitor's blocked thread may well have run), takes the
 * time since its last look as time nobody ran, and moves every "seen at"
 * forward by it. It cannot tell when in that gap the stop began, so a
 * blockage in progress loses at most one period: never a false report.
 * Nor can it tell a stop from its own CPU not being run by a virtual
 * machine's host, which delays decisions the same way: so a gap shorter
 * than the threshold is not taken for a stop (it adds to a blockage, as
 * it would without this). */

static bool delay_known;     /* delay_base was read, at delay_at */
static uint64_t delay_base, delay_at;
/* How old the reading may get: older, the wait for a CPU before the gap
 * counts too (a stop counted as blockage, as before); read every pass, it
 * would cost the monitor half again. */
#define SWG_DELAY_REFRESH_NS 100000000u

/* At a pass due since `planned`, at `now`: how much of the time since
 * the last look (at `last_round`) nobody ran; 0 if it was not a stop. */
static uint64_t stopped_ns(uint64_t now, uint64_t planned, uint64_t last_round,
                           uint64_t period) {
  uint64_t waited = 0, d;
  if (now - planned <= period)
    return 0;
  if (delay_known && read_run_delay(0, &d) && d >= delay_base)
    waited = d - delay_base, delay_base = d, delay_at = now;
  else /* a stop as far as it can tell; read again after the pass */
    delay_known = false;
  if (now - planned <= period + waited)
    return 0;
  return now - last_round > waited ? now - last_round - waited : 0;
}

/* After a pass: a reading of the wait for a CPU to compare the next with. */
static void delay_refresh(uint64_t now) {
  if (!delay_known || now - delay_at >= SWG_DELAY_REFRESH_NS)
    delay_known = read_run_delay(0, &delay_base), delay_at = now;
}

static void discount(uint64_t ns) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    t->mon_seen_ns += ns;
}

/* ---- the thread --------------------------------------------------------------- */

static void *monitor_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-monitor", "monitor");

  uint64_t threshold = (uint64_t)swg__opts.max_blocking_ms * 1000000u;
  uint64_t period = swg__monitor_period_ns();
  uint64_t last_round = swg__now_ns(); /* switches so far came after it */
  uint64_t next = last_round + period;
  uint64_t idle_from = last_round;     /* when its last work ended */
  delay_known = false;
  while (atomic_load(&state) == 1) {
    uint32_t seen = atomic_load(&wake_word);
    uint64_t now = swg__now_ns();
    swg__run_info_fifo_poll(); /* requests without a signal */
    bool info = atomic_exchange(&run_info_wanted, 0);
    if (!info && now < next) {
      sleep_until(seen, next);
      continue;
    }
    swg__view_lock();
    if (info)
      swg__reporter_run_info();
    if (now >= next) {
      /* Late after a slow pass or report of its own is not a stop. */
      uint64_t stop = stopped_ns(now, next > idle_from ? next : idle_from,
                                 last_round, period);
      /* A virtual machine's host stops one CPU for 20-30 ms now and then,
       * which looks the same from here: only a gap longer than the
       * threshold is taken as the process stopped. */
      if (stop >= threshold)
        discount(stop), last_round += stop;
      pass(now, last_round + (now - last_round) / 2, threshold, false);
      last_round = now;
      next += period;
      if (next <= now) /* a slow pass: look again a period from now */
        next = now + period;
      delay_refresh(now);
    }
    swg__view_unlock();
    idle_from = swg__now_ns();
  }
  /* Exiting: close every open incident, whether the thread switched since
   * the last look or not. */
  swg__view_lock();
  uint64_t now = swg__now_ns();
  pass(now, last_round + (now - last_round) / 2, threshold, true);
  swg__view_unlock();
  return NULL;
}

static void start(void) {
  /* Room for a pass's decisions made now, while memory is plentiful: a
   * blockage may come when it is short. */
  if (!cap_pending && (pending = malloc(16 * sizeof *pending)))
    cap_pending = 16;
  swg__capture_init(swg__opts.capture_signal ? swg__opts.capture_signal
                                             : SIGRTMIN + 3);
  swg__reporter_start(); /* without it, the monitor reports itself */
  /* Plain attributes: it is never cancelled mid-report. */
  if (swg__own_thread_create(&monitor_thread, false, monitor_main, NULL))
    atomic_store(&state, 2); /* no monitor; the program runs on unwatched */
}

void swg__monitor_ensure_started(void) {
  if (!swg__opts.monitor)
    return;
  int expected = 0;
  if (atomic_compare_exchange_strong(&state, &expected, 1))
    start();
}

void swg__monitor_stop(void) {
  int expected = 1;
  if (!atomic_compare_exchange_strong(&state, &expected, 2))
    return;
  wake();
  if (!pthread_equal(pthread_self(), monitor_thread))
    pthread_join(monitor_thread, NULL); /* its last pass closes incidents */
  swg__reporter_stop(); /* every report posted is written */
}

/* The child has no monitor thread; start a fresh one if the parent had.
 * The parent's incidents are the parent's; the forking thread has a new
 * tid, which mon_tid 0 makes the next look read. */
void swg__monitor_after_fork(void) {
  atomic_store(&run_info_wanted, 0);
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    t->mon_incident = 0, t->mon_seq = ~0ull, t->mon_tid = 0;
  if (atomic_load(&state) == 1)
    start();
}
