/*===- monitor.h - The monitor: deciding what is blocked ------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The monitor thread (monitor.c) reads every thread's switch count each
 * period and decides blockages, which it posts to the reporter, dating
 * each stretch it sees (stretch.c); it also compares resident memory with
 * max_memory_mb (memory.c) and reads the run_info_path FIFO
 * (runinfo_fifo.c). The program's own periodic checks
 * (monitoring_functions.c) run on a thread of their own beside it.
 *
 * Ground rules
 *   - Depends on base/, switch/, stack/ and report/; the record layer is
 *     its sibling and neither names the other.
 *   - Runs on the monitor thread, except swg__monitor_ensure_started and
 *     swg__monitor_nudge (program threads' switches, through lifecycle.c),
 *     swg__monitor_request_run_info (any thread, signal handlers too) and
 *     monitoring_functions.c (its own thread; its lock is a leaf).
 *   - A pass only decides: it holds the view lock, calls no malloc (a
 *     blocked thread may hold malloc's lock; room for its decisions is made
 *     when the monitor starts), and never waits for a report or a
 *     subscriber. Deciding a blockage, it copies what the report will show
 *     (the stack, the threads, the thread's coroutine tree) into memory
 *     mapped with mmap, bounded (stack.h's snapshots, report.h's
 *     pictures): the reporter may come long after.
 *   - Reads other threads' records only through swg__hot_read; the mon_*
 *     fields of struct swg_thread are its own.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_MONITOR_H
#define SWITCHGUARD_MONITOR_H

#include "report.h"

/* ---- monitor.c ------------------------------------------------------- */

/* Starts the monitor once, if the options want one. */
SWG_HIDDEN void swg__monitor_ensure_started(void);
/* Stops it: its last pass closes every open incident, and every report
 * posted is written. Idempotent. */
SWG_HIDDEN void swg__monitor_stop(void);
/* A fork child (lifecycle.c): a fresh monitor if the parent had one. */
SWG_HIDDEN void swg__monitor_after_fork(void);
/* Asks the monitor to print run info (runinfo.c) at once; returns false
 * if no monitor runs. Async-signal-safe. */
SWG_HIDDEN bool swg__monitor_request_run_info(void);
/* A program thread did what an idle monitor waits for (the first switch
 * after a look, or its first event): wakes the monitor if it sleeps until
 * one. Any thread, inside its switch: a load while the monitor is not
 * idle, keeps errno. */
SWG_HIDDEN void swg__monitor_nudge(void);

/* ---- stretch.c: when a stretch began, and how much of it counts ------- */

/* Thread `tid`'s (0: the calling thread's) wait for a CPU so far, ns. */
SWG_HIDDEN bool swg__read_run_delay(pid_t tid, uint64_t *out);
/* Dates thread t's stretch at count `seq` (made at `site`), first seen at
 * `now`, the look before at `last`: t->mon_seen_ns, give or take
 * t->mon_seen_err_ns. Before t->mon_* move on to `seq`; `h` is t's state,
 * held by swg__hot_read. */
SWG_HIDDEN void swg__stretch_date(struct swg_thread *t, struct swg_hot *h,
                                  uint64_t seq, const struct swg_site *site,
                                  uint64_t last, uint64_t now);
/* Asks a thread seen at count `seq` in context `cur` to stamp its next
 * switch, if `cur` is its hub (NULL). True if its next switch will be
 * stamped (asked now or before). */
SWG_HIDDEN bool swg__stretch_ask_stamp(struct swg_hot *h, const void *cur,
                                       uint64_t seq);
/* Of a stretch in a coroutine, the part thread t spent waiting for a CPU,
 * counted from its second look; and whether it waits for one now, with no
 * CPU time since the last look. */
SWG_HIDDEN uint64_t swg__stretch_cpu_wait(struct swg_thread *t);
SWG_HIDDEN bool swg__stretch_waiting_for_cpu(const struct swg_thread *t);

/* ---- memory.c: max_memory_mb, gevent's rule ------------------------------ */

struct swg_memory {
  uint64_t exceeded;       /* the last look above the limit; 0: under */
  uint64_t reported;       /* at the last memory_exceeded */
  uint64_t peak;           /* the highest look since it went over */
};
/* One look: SWG_EVENT_MEMORY_EXCEEDED when over the limit, above the last
 * look and more than `slack` above the last report (slack 0: gevent's
 * rule exactly), SWG_EVENT_MEMORY_OK when back under, else -1. */
SWG_HIDDEN int swg__memory_step(struct swg_memory *m, uint64_t rss,
                                uint64_t limit, uint64_t slack);
/* Monitor: compares the resident size every memory_period_ms. */
SWG_HIDDEN void swg__memory_check(uint64_t now_ns);
SWG_HIDDEN void swg__memory_after_fork(void);

/* ---- runinfo_fifo.c: run info on request, without a signal ------------ */

/* Makes and opens the run_info_path FIFO, once (the constructor). */
SWG_HIDDEN void swg__run_info_fifo_init(void);
/* On the monitor thread, each time it wakes: anything written to the FIFO
 * since asks for one run info. Never blocks. */
SWG_HIDDEN void swg__run_info_fifo_poll(void);
/* At exit: removes the FIFO if this process made it. */
SWG_HIDDEN void swg__run_info_fifo_fini(void);

/* ---- monitoring_functions.c: swg_add_monitoring_function -------------- */

/* At exit: no check is called after this returns, but one in progress
 * may go on for good after timeout_ms. */
SWG_HIDDEN void swg__monitoring_functions_stop(int timeout_ms);
/* A fork child: its checks run again, on a thread of its own. */
SWG_HIDDEN void swg__monitoring_functions_after_fork(void);

#endif /* SWITCHGUARD_MONITOR_H */
