/*===- lifecycle.c - Start, fork and exit of the runtime ---------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The top of the runtime, the one file that sees every layer: what happens
 * at start, around fork() and at exit, and the table through which the
 * switch path tells the layers above it what they must hear.
 *
 * Start: one constructor, before the program's own (priority 101): which
 * of descriptors 0-2 the program was started with, the options, the main
 * thread's lifetime mark, the fork handler and the run_info_path FIFO.
 * The monitor starts later, at the first switch event of any thread.
 *
 * Fork: one handler takes every lock a child could inherit mid-update, in
 * the runtime's lock order, outermost first:
 *
 *   view lock (report/reporter.c: a monitor pass, run info, a failed
 *     scope's report)
 *   -> libdwfl lock (stack/symbolize.c: a report's stack and names, the
 *     symbol warm-up, entry names)
 *   -> reporter queue lock (report/reporter.c)
 *   -> registry lock (switch/registry.c: spawn, destroy, lookups)
 *
 * and releases them in the parent. The child has only the forking thread:
 * each layer makes its locks anew and forgets the parent's threads,
 * incidents and reports, bottom layer first; then a monitor starts again
 * if the parent had one. Other locks (the writer's, the events queue's,
 * the trace's) are leaves that each layer makes anew in the child.
 *
 * Exit: the monitor stops from an atexit handler registered when the
 * first thread switches, so exit's earlier-registered handlers
 * (LeakSanitizer's check among them) never find a report half built; the
 * destructor then stops it if exit skipped atexit handlers, waits for
 * blocking-call reports being built and stops the monitoring functions
 * (1 s at most each), delivers queued events (2 s at most), prints the
 * summary, removes the run info FIFO and finishes the trace and profile,
 * in that order.
 *
 *===----------------------------------------------------------------------===*/
#include "monitor.h"
#include "record.h"

#include <pthread.h>
#include <stdlib.h>

/* ---- what the switch path tells the layers above ----------------------- */

static void stop_at_exit(void) { swg__monitor_stop(); }

/* exit() runs atexit handlers before destructors, last registered first:
 * registered as the monitor starts, this one runs before those set up
 * earlier. A fork child inherits it. */
static void thread_registered(void) {
  static _Atomic bool at_exit;
  if (swg__opts.monitor &&
      !atomic_load_explicit(&at_exit, memory_order_relaxed) &&
      !atomic_exchange(&at_exit, true))
    atexit(stop_at_exit);
  swg__monitor_ensure_started();
  swg__monitor_nudge(); /* an idle monitor has not asked it to stamp */
}

const struct swg_switch_listener swg__switch_listener = {
    .thread_registered = thread_registered,
    .record_wanted = swg__record_wanted,
    .record_switch = swg__record_switch,
    .stamped = swg__monitor_nudge,
    .record_forget = swg__record_forget,
    .scope_failed = swg__report_scope_failed,
    .note = swg__report_write,
};

/* ---- fork ---------------------------------------------------------------- */

static void fork_prepare(void) {
  swg__view_lock();
  swg__dwfl_lock();
  swg__reporter_lock();
  swg__registry_lock();
}

static void fork_parent(void) {
  swg__registry_unlock();
  swg__reporter_unlock();
  swg__dwfl_unlock();
  swg__view_unlock();
}

static void fork_child(void) {
  swg__stdio_after_fork();
  swg__own_threads_after_fork();
  swg__lifetime_after_fork();
  swg__switch_after_fork();
  swg__dwfl_lock_after_fork(); /* the parent's symbols stay: same mappings */
  swg__output_after_fork();
  swg__reporter_after_fork();
  swg__events_after_fork();
  swg__blocking_calls_after_fork();
  swg__summary_after_fork();
  swg__record_after_fork();
  swg__memory_after_fork();
  swg__monitor_after_fork();
  swg__monitoring_functions_after_fork();
}

/* ---- start and exit ------------------------------------------------------ */

__attribute__((constructor(101))) static void swg_start(void) {
  swg__stdio_init();
  swg__options_init();
  swg__suppressions_init();
  swg__lifetime_init();
  pthread_atfork(fork_prepare, fork_parent, fork_child);
  swg__run_info_fifo_init();
}

__attribute__((destructor)) static void swg_exit(void) {
  swg__monitor_stop();
  swg__blocking_calls_drain(1000);
  swg__monitoring_functions_stop(1000);
  swg__events_shutdown(2000);
  swg__summary_print();
  swg__run_info_fifo_fini();
  swg__record_finish();
}
