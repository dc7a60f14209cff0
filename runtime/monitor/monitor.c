/*===- monitor.c - The thread that notices blockages -------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Started once, when the first thread switches; threads that never switch
 * cost it nothing, and a pass costs per thread, not per coroutine. Every
 * period it reads each thread's switch count: a thread whose count has
 * not moved for max_blocking_ms while a coroutine (not the hub) is current
 * is blocked. Waking is nearly all it costs (a look at a thread is a few
 * loads), so it wakes seldom: every max_blocking / 2 by default, and
 * besides only when a decision, report or sample falls due. While every
 * thread sits in its hub it sleeps until one switches, or a second at
 * most (idle_begin), unless monitor_period_ms asks for a period.
 *
 * The fast path reads no clock, so each look asks every thread to stamp
 * its next switch (SWG_SLOW_STAMP: that switch alone takes the slow path,
 * which notes its time and site in the record, hooks.c). A coroutine
 * entered by the first switch after a look is thus dated exactly and
 * reported as soon as it has run max_blocking. One entered by a later
 * switch is dated midway between the last look (or the stamped switch, if
 * later) and the look that sees it, and reported only once it has run
 * max_blocking for certain: at most max_blocking + 1 period after it
 * began. The end is exact too: the switch that ends an incident is
 * stamped, so a duration is exact from an exact start.
 *
 * One blockage is one incident: a `blocked` report, `still_blocked` at 2x,
 * 4x, 8x ... the threshold, and one `unblocked` when the count moves. Each
 * report carries the stack at its decision, and while the incident is open
 * the monitor samples the stack (stall_sample) for `unblocked` to say
 * where the time went. A pass only decides, for every thread, and posts
 * its decisions to the reporter thread (reporter.c), so no report, however
 * slow, delays the next pass; subscribers' callbacks run on a thread of
 * their own too (events.c). Each pass holds the view lock, which fork()
 * waits for, so a child never inherits a half-made decision. Lifecycle as
 * libuv runs its workers: started once, stopped with a flag and joined at
 * exit (closing every open incident; from an atexit handler, else the
 * destructor, which then prints the exit summary), re-made in a fork
 * child.
 *
 *===----------------------------------------------------------------------===*/
#include "monitor.h"

#include <errno.h>
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
static bool quiet;                    /* every thread idle in its hub */
static _Atomic int idle;              /* sleeping until a thread switches */

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

void swg__monitor_nudge(void) {
  /* The switch's count is stored: idle_begin reads it after setting
   * `idle`, so one of the two sees the other. */
  atomic_thread_fence(memory_order_seq_cst);
  if (!atomic_load(&idle) || !atomic_exchange(&idle, 0))
    return;
  int saved = errno; /* the program's, inside its switch */
  wake();
  errno = saved;
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

/* Room for one more decision of this pass; NULL if out of memory. */
static struct swg_incident *next_pending(void) {
  if (npending == cap_pending) {
    size_t cap = cap_pending ? cap_pending * 2 : 16;
    struct swg_incident *p = realloc(pending, cap * sizeof *p);
    if (!p)
      return NULL; /* out of memory: this report is lost, not the program */
    pending = p, cap_pending = cap;
  }
  return &pending[npending++];
}

/* Asks blocked thread t to stamp its next switch (hooks.c). */
static void stamp_next_switch(struct swg_thread *t) {
  atomic_fetch_or(&swg__hot_read(t)->slow, SWG_SLOW_STAMP);
  swg__hot_done(t);
}

/* The switch that ended t's incident, and the duration up to it: the
 * stamp, if the first switch after mon_seq made it (else it came too late
 * to be this incident's). Without it, the switch seen now if it is the
 * only one since the last look (after more, nothing says which was
 * first), and the duration up to `since`. */
static const struct swg_site *ended_by(struct swg_thread *t, uint64_t seq_now,
                                       const struct swg_site *site_now,
                                       uint64_t *blocked_ns) {
  if (atomic_load_explicit(&t->stamp_seq, memory_order_acquire) ==
          t->mon_seq + 1 &&
      t->stamp_ns >= t->mon_seen_ns) {
    *blocked_ns = t->stamp_ns - t->mon_seen_ns;
    return t->stamp_site;
  }
  return seq_now == t->mon_seq + 1 ? site_now : NULL;
}

/* A copy of blocked thread t's stack now, while its count is still `seq`
 * (else it is not the blocked stack); NULL if none can be had while
 * `keep_free` snapshots stay free for later decisions, or, unless
 * `may_signal`, without parking the thread with the capture signal. */
static struct swg_snapshot *snapshot_of(struct swg_thread *t, uint64_t seq,
                                        int keep_free, bool may_signal) {
  struct swg_snapshot *snap =
      swg__snapshot_take(t->mon_tid, keep_free, may_signal);
  if (snap && swg__thread_seq(t) != seq) {
    swg__snapshot_free(snap); /* it switched: not the blocked one */
    snap = NULL;
  }
  return snap;
}

static void decide(struct swg_thread *t, enum swg_event_kind kind,
                   uint64_t blocked_ns, enum swg_end end, uint64_t now,
                   uint64_t seq_now, const struct swg_site *site_now) {
  const struct swg_site *ended = NULL;
  if (kind == SWG_EVENT_UNBLOCKED && end == SWG_END_SWITCH)
    ended = ended_by(t, seq_now, site_now, &blocked_ns);
  struct swg_incident *inc = next_pending();
  if (!inc)
    return;
  *inc = (struct swg_incident){
      .kind = kind,
      .thread = t,
      .tid = t->mon_tid,
      .coro = t->mon_current,
      .name = t->reported_name,
      .site = t->mon_site,
      .end_site = site_now,
      .ended_by = ended,
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
    inc->snapshot = snapshot_of(t, inc->seq, 0, true);
    /* What the report lists, as now: the reporter may come late. */
    inc->picture = swg__picture_take(t, inc->tid, inc->coro, inc->seq);
  }
  if (kind == SWG_EVENT_STILL_BLOCKED) /* where it is now, not at first */
    inc->snapshot = snapshot_of(t, inc->seq, 0, true);
}

/* ---- sampling an open incident ------------------------------------------- */

/* While an incident is open its stack is sampled, for `unblocked` to say
 * where the time went: every max(period, threshold / 4), the interval
 * doubling after each SWG_SAMPLES_PER_STEP samples, so an hour-long stall
 * takes a few hundred. The pass never waits for a sample: a thread in a
 * system call is copied from /proc (never signalled) while
 * SWG_SAMPLE_KEEP_FREE snapshots stay free for reports; a thread running
 * in user space, which answers the capture signal only once it is on a
 * CPU, is left to the reporter to read (report.c). Either way the reporter
 * walks it and counts it (stall.c). */
#define SWG_SAMPLES_PER_STEP 32
#define SWG_SAMPLE_KEEP_FREE 16
static uint64_t sample_every_ns; /* the first interval */

static void stall_sample_start(struct swg_thread *t, uint64_t now) {
  t->mon_samples = 0;
  t->mon_sample_every_ns = sample_every_ns;
  t->mon_next_sample_ns = now + sample_every_ns;
}

static void stall_sample(struct swg_thread *t, uint64_t now, uint64_t seq) {
  if (now < t->mon_next_sample_ns)
    return;
  if (++t->mon_samples % SWG_SAMPLES_PER_STEP == 0)
    t->mon_sample_every_ns *= 2;
  /* Kept on its grid between looks; a late look starts it afresh. */
  t->mon_next_sample_ns += t->mon_sample_every_ns;
  if (t->mon_next_sample_ns <= now)
    t->mon_next_sample_ns = now + t->mon_sample_every_ns;
  struct swg_snapshot *snap = snapshot_of(t, seq, SWG_SAMPLE_KEEP_FREE, false);
  struct swg_incident *inc = next_pending();
  if (!inc) {
    if (snap)
      swg__snapshot_free(snap);
    return;
  }
  *inc = (struct swg_incident){.kind = SWG_EVENT_STILL_BLOCKED,
                               .sample = true,
                               .thread = t,
                               .tid = t->mon_tid,
                               .seq = seq,
                               .time_ns = now,
                               .snapshot = snap};
}

/* An open incident's next report or sample, whichever comes first. */
static uint64_t next_for_incident(const struct swg_thread *t) {
  uint64_t report = t->mon_seen_ns + t->mon_next_report_ns;
  return report < t->mon_next_sample_ns ? report : t->mon_next_sample_ns;
}

/* One look at one thread: `now`, and `last`, the look before (a change
 * first seen now happened since). Returns when t next needs a look: a
 * decision, report or sample due; UINT64_MAX if none. */
static uint64_t check(struct swg_thread *t, uint64_t now, uint64_t last,
                      uint64_t threshold) {
  uint64_t since = last + (now - last) / 2;
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
      return UINT64_MAX;
    if (!identify(t, gen)) {
      quiet = false;
      return UINT64_MAX; /* changing hands: mon_tid 0: look again next pass */
    }
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

  if (seq != t->mon_seq) {
    quiet = false;
    if (t->mon_incident) /* before ask_stamp: the stamp may be its end */
      decide(t, SWG_EVENT_UNBLOCKED, since - t->mon_seen_ns, SWG_END_SWITCH,
             now, seq, site);
    /* Only a coroutine's start matters (the hub cannot block); whether
     * an address handle is the hub is asked only of a stretch that lasts. */
    bool coro = cur && seq != ~0ull - 1;
    if (coro)
      swg__stretch_date(t, h, seq, site, last, now);
    else
      t->mon_seen_ns = since, t->mon_seen_err_ns = now - since;
    if (seq != ~0ull - 1) /* else `cur` may be stale */
      swg__stretch_ask_stamp(h, cur, seq);
    swg__hot_done(t);
    t->mon_incident = 0;
    t->mon_seq = seq;
    t->mon_delay_known = false;
    t->mon_current = cur;
    t->mon_site = site;
    return coro ? t->mon_seen_ns + t->mon_seen_err_ns + threshold : UINT64_MAX;
  }
  if (!swg__stretch_ask_stamp(h, cur, seq))
    quiet = false;
  swg__hot_done(t);
  if (swg__is_hub(cur, site) ||
      atomic_load_explicit(&t->ignored, memory_order_relaxed))
    return UINT64_MAX; /* the hub may wait as long as it likes */
  /* Run for certain: what is known less the start's error. */
  uint64_t blocked = now - t->mon_seen_ns;
  uint64_t sure = blocked > t->mon_seen_err_ns ? blocked - t->mon_seen_err_ns
                                               : 0;
  uint64_t waited = t->mon_incident ? 0 : swg__stretch_cpu_wait(t);
  bool half_way = !t->mon_incident && blocked >= threshold / 2;
  suspect |= half_way;
  if (half_way && sure > waited && sure - waited >= threshold &&
      !swg__stretch_waiting_for_cpu(t)) {
    t->mon_incident = 1;
    t->mon_next_report_ns = threshold;
    stamp_next_switch(t);
    stall_sample_start(t, now);
  } else if (!t->mon_incident) {
    /* Due once it has run the threshold for certain, its wait for a CPU
     * included; a wait still growing is looked at again next period. */
    return t->mon_seen_ns + t->mon_seen_err_ns + threshold + waited;
  } else if (blocked < t->mon_next_report_ns) {
    stall_sample(t, now, seq);
    return next_for_incident(t);
  } else {
    t->mon_incident++;
  }
  /* The next report at the next power-of-two multiple still ahead: a late
   * look (a starved monitor) never makes reports on consecutive passes. */
  while (t->mon_next_report_ns <= blocked)
    t->mon_next_report_ns *= 2;
  decide(t, t->mon_incident == 1 ? SWG_EVENT_BLOCKED : SWG_EVENT_STILL_BLOCKED,
         blocked, SWG_END_SWITCH, now, seq, site);
  return next_for_incident(t);
}

/* Decide for every thread, then report. Under the view lock. Returns
 * when a thread next needs a look (UINT64_MAX: none until it switches). */
static uint64_t pass(uint64_t now, uint64_t last, uint64_t threshold,
                     bool exiting) {
  npending = 0;
  suspect = false;
  quiet = true;
  uint64_t due = UINT64_MAX;
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    uint64_t at = check(t, now, last, threshold);
    if (at < due)
      due = at;
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
  return due;
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
  if (delay_known && swg__read_run_delay(0, &d) && d >= delay_base)
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
    delay_known = swg__read_run_delay(0, &delay_base), delay_at = now;
}

static void discount(uint64_t ns) {
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    t->mon_seen_ns += ns;
}

/* ---- idling ----------------------------------------------------------------- */

/* How long an idle monitor sleeps at most: run info asked through the
 * FIFO waits for its wake-up. */
#define SWG_IDLE_LOOK_NS 1000000000u

/* After a quiet pass (every live thread in its hub, no switch since the
 * look before, each asked to stamp its next switch): nothing can block
 * before some thread switches, and that switch, once its count is
 * stored, wakes the monitor (swg__monitor_nudge, as does a new thread's
 * first event), which then knows exactly when it left the hub. True if
 * it may sleep until then; false if a thread switched meanwhile. `idle`
 * is set before the counts are read again, and a switching thread stores
 * its count before it reads `idle`: one of them sees the other. */
static bool idle_begin(void) {
  atomic_store(&idle, 1);
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next) {
    if (!atomic_load_explicit(&t->alive, memory_order_acquire))
      continue;
    struct swg_hot *h = swg__hot_read(t);
    bool armed = atomic_load(&h->slow) & SWG_SLOW_STAMP &&
                 atomic_load(&h->seq) == t->mon_seq;
    swg__hot_done(t);
    if (!armed) {
      atomic_store(&idle, 0);
      return false;
    }
  }
  return true;
}

/* ---- the thread --------------------------------------------------------------- */

#define SWG_FIRST_LOOK_NS 1000000u

static void *monitor_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-monitor", "monitor");

  uint64_t threshold = (uint64_t)swg__opts.max_blocking_ms * 1000000u;
  uint64_t period = swg__monitor_period_ns();
  /* Samples fall due on their own, not only at a period's look. */
  sample_every_ns = threshold / 4;
  if (swg__opts.monitor_period_ms && period > sample_every_ns)
    sample_every_ns = period;
  uint64_t last_round = swg__now_ns(); /* switches so far came after it */
  /* The first look soon: the switch that started the monitor, and any
   * right after it, are dated to half of this. */
  uint64_t next = last_round + (period < SWG_FIRST_LOOK_NS ? period
                                                           : SWG_FIRST_LOOK_NS);
  uint64_t due = UINT64_MAX;           /* a look a thread needs sooner */
  uint64_t idle_from = last_round;     /* when its last work ended */
  bool idling = false;                 /* asleep until a thread switches */
  delay_known = false;
  while (atomic_load(&state) == 1) {
    uint32_t seen = atomic_load(&wake_word);
    uint64_t now = swg__now_ns();
    swg__run_info_fifo_poll(); /* requests without a signal */
    bool info = atomic_exchange(&run_info_wanted, 0);
    uint64_t at = due < next ? due : next;
    if (idling && !atomic_load(&idle)) /* a thread switched: look now */
      at = now;
    if (!info && now < at) {
      sleep_until(seen, at);
      continue;
    }
    swg__view_lock();
    if (info)
      swg__reporter_run_info();
    if (now >= at) {
      if (idling) {
        idling = false;
        atomic_store(&idle, 0);
        next = now;
      }
      /* Late after a slow pass or report of its own is not a stop, and a
       * stop matters only to a thread already in a coroutine (one that
       * entered it since has a start dated with an error that covers
       * the gap). */
      uint64_t stop =
          due == UINT64_MAX
              ? 0
              : stopped_ns(now, at > idle_from ? at : idle_from, last_round,
                           period);
      /* A virtual machine's host stops one CPU for 20-30 ms now and then,
       * which looks the same from here: only a gap longer than the
       * threshold is taken as the process stopped. */
      if (stop >= threshold)
        discount(stop), last_round += stop;
      due = pass(now, last_round, threshold, false);
      if (due <= now) /* deferred, waiting for a CPU: look again soon */
        due = now + period / 5;
      last_round = now;
      if (now >= next) /* else a look due sooner, between periods */
        next += period;
      if (next <= now) /* a slow pass: look again a period from now */
        next = now + period;
      if (quiet && due == UINT64_MAX && !swg__opts.monitor_period_ms &&
          idle_begin()) /* a period asked for is kept */
        idling = true, next = now + SWG_IDLE_LOOK_NS;
      if (due != UINT64_MAX) /* a reading for the next stop, if it matters */
        delay_refresh(now);
    }
    swg__view_unlock();
    idle_from = swg__now_ns();
  }
  /* Exiting: close every open incident, whether the thread switched since
   * the last look or not. */
  swg__view_lock();
  uint64_t now = swg__now_ns();
  pass(now, last_round, threshold, true);
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
  atomic_store(&idle, 0);
  for (struct swg_thread *t = swg__thread_list(); t; t = t->next)
    t->mon_incident = 0, t->mon_seq = ~0ull, t->mon_tid = 0;
  if (atomic_load(&state) == 1)
    start();
}
