// Intent: the program's own handlers for the signals switchguard uses are kept and chained: a SA_SIGINFO handler for the capture signal (SIGRTMIN+3) installed before the monitor starts still gets the program's own tgkill, kill and sigqueue (with its value), but never switchguard's captures, which keep working on a spinning coroutine; a capture signal the program ignores stays ignored; and one left at its default still kills the program, as it would without switchguard.
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: %t handler > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// RUN: %t ignore 2>&1 | FileCheck %s --check-prefix=IGN
// RUN: %t default > %t.dfl 2>&1; test $? -eq $((128 + $(kill -l RTMIN+3)))
// RUN: FileCheck %s --check-prefix=DFL < %t.dfl
#define _GNU_SOURCE
#include <pcl.h>
#include <signal.h>
#include <switchguard.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int capture_sig_seen, capture_sig_value, reported;
static volatile unsigned long spins;

static void on_capture_sig(int sig, siginfo_t *si, void *uc) {
  atomic_fetch_add(&capture_sig_seen, 1);
  if (si->si_code == SI_QUEUE)
    atomic_store(&capture_sig_value, si->si_value.sival_int);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_blocked(const struct swg_event *ev, void *arg) {
  atomic_store(&reported, 1);
}

/* Spins until its report is out (however slow a loaded machine makes the
 * monitor), so the program's own signals come after every capture. */
static void spinner(void *arg) {
  double start = now();
  while (now() < start + 0.4 || (!atomic_load(&reported) && now() < start + 30))
    spins++; /* user space: switchguard captures it with its signal */
  for (;;)
    co_resume();
}

static void wait_for(atomic_int *n, int want) {
  for (int i = 0; i < 1000 && atomic_load(n) < want; i++)
    usleep(1000);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int sig = SIGRTMIN + 3;
  if (!strcmp(argv[1], "handler")) {
    struct sigaction sa = {.sa_sigaction = on_capture_sig, .sa_flags = SA_SIGINFO};
    sigaction(sig, &sa, NULL);
  } else if (!strcmp(argv[1], "ignore")) {
    signal(sig, SIG_IGN);
  }
  /* The first switch starts the monitor, which installs its handlers. */
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_BLOCKED), on_blocked, NULL);
  co_thread_init();
  coroutine_t co = co_create(spinner, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  printf("captures done; program handler saw %d\n", atomic_load(&capture_sig_seen));

  syscall(SYS_tgkill, getpid(), gettid(), sig);
  kill(getpid(), sig);
  sigqueue(getpid(), sig, (union sigval){.sival_int = 42});
  wait_for(&capture_sig_seen, 3);
  printf("own capture signals: program handler saw %d, value %d\n",
         atomic_load(&capture_sig_seen), atomic_load(&capture_sig_value));
  printf("still running\n");
  return 0;
}

// CHECK: captures done; program handler saw 0
// CHECK-NEXT: own capture signals: program handler saw 3, value 42
// CHECK-NEXT: still running

// ERR: WARNING: switchguard: coroutine 'spinner' blocked thread
// ERR-NEXT: Blocked stack (read at a signal):
// ERR: in spinner

// IGN: Blocked stack (read at a signal)
// IGN: captures done; program handler saw 0
// IGN: own capture signals: program handler saw 0, value 0
// IGN: still running

// DFL: Blocked stack (read at a signal)
// DFL: captures done; program handler saw 0
// DFL-NOT: own capture signals
