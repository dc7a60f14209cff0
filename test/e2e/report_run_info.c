// Intent: swg_print_run_info (gevent's print_run_info) prints every thread and each hub thread's coroutine tree at any moment, to a FILE or to the log; a write to run_info_path's FIFO prints the same on demand, like a JVM's thread dump; nothing of this counts as an incident; the old run_info_signal is refused with one line naming its replacement.
// RUN: rm -f %t.fifo
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=run_info_path=%t.fifo %t %t.fifo > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=FILE -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1) < %t.out
// RUN: FileCheck %s --check-prefix=LOG < %t.err
// RUN: env SWITCHGUARD_OPTIONS=run_info_path=%t.fifo:format=json %t %t.fifo 2>&1 >/dev/null | python3 %inputs/check_events.py | FileCheck %s --check-prefix=JSON
// RUN: env SWITCHGUARD_OPTIONS=run_info_signal=10 %t 2>&1 >/dev/null | FileCheck %s --check-prefix=BAD
#include "../Inputs/pcl_hub.h"
#include <fcntl.h>
#include <pthread.h>
#include <switchguard.h>
#include <sys/prctl.h>

static volatile int stop;

static void ticker(void *arg) {
  for (;;)
    co_resume(); // MARK:yield
}

static void *worker(void *arg) {
  prctl(PR_SET_NAME, "rq-worker");
  co_thread_init();
  coroutine_t co = co_create(ticker, NULL, NULL, 64 * 1024);
  swg_coro_set_name(co, "worker-ticker");
  while (!stop) {
    co_call(co);
    usleep(1000);
  }
  co_delete(co);
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t w;
  prctl(PR_SET_NAME, "rq-main");
  co_thread_init();
  coroutine_t a = co_create(ticker, NULL, NULL, 64 * 1024);
  coroutine_t b = co_create(ticker, NULL, NULL, 64 * 1024);
  swg_coro_set_name(b, "main-ticker-b");
  co_call(a);
  co_call(b);
  pthread_create(&w, NULL, worker, NULL);
  usleep(100 * 1000);
  swg_print_run_info(stdout);
  if (argc > 1) { /* a thread dump, on demand: `echo > FIFO` */
    int fd = open(argv[1], O_WRONLY);
    if (fd < 0 || write(fd, "\n", 1) != 1)
      printf("cannot write to %s\n", argv[1]);
    close(fd);
  }
  usleep(300 * 1000);
  swg_print_run_info(NULL);
  stop = 1;
  pthread_join(w, NULL);
  co_delete(a);
  co_delete(b);
  printf("done\n");
  return 0;
}

// FILE: ==[[PID:[0-9]+]]== switchguard: run info
// FILE-NEXT: * Threads:
// FILE-DAG: thread [[PID]] "rq-main" [hub]{{$}}
// FILE-DAG: thread [[WORKER:[0-9]+]] "rq-worker" [hub]{{$}}
// FILE-DAG: thread {{[0-9]+}} "swg-monitor" [switchguard monitor]
// FILE-DAG: thread {{[0-9]+}} "swg-reporter" [switchguard reporter]
// FILE-DAG: * Coroutines of thread [[PID]] (2):
// FILE-DAG: * Coroutines of thread [[WORKER]] (1):
// FILE-DAG: {{^      }}ticker 0x{{[0-9a-f]+}} suspended at co_resume in ticker at {{.*}}report_run_info.c:[[#YIELD]]:{{[0-9]+}}, age {{[0-9.]+}} s, spawned at main
// FILE-DAG: {{^      }}main-ticker-b 0x{{[0-9a-f]+}} suspended at co_resume in ticker at {{.*}}report_run_info.c:[[#YIELD]]:{{[0-9]+}}, age {{[0-9.]+}} s, spawned at main
// FILE-DAG: {{^      }}worker-ticker 0x{{[0-9a-f]+}} {{running|suspended( at co_resume in ticker at [^,]*)?}}, age {{[0-9.]+}} s, spawned at worker
// FILE: done

// The FIFO's dump, then swg_print_run_info(NULL)'s, both to the log.
// LOG-COUNT-2: switchguard: run info
// LOG-NOT: {{WARNING|exit summary|switchguard: run info}}

// Threads: rq-main, rq-worker, the monitor and the reporter.
// JSON: EVENT run_info threads=4 coroutines=3
// JSON-NEXT: EVENT run_info threads=4 coroutines=3
// JSON-NOT: EVENT

// BAD: switchguard: option 'run_info_signal' in SWITCHGUARD_OPTIONS is no longer supported: a signal to the process cuts a program thread's sleep or poll short; use run_info_path=PATH (a FIFO to write to) or swg_print_run_info() (ignored)
