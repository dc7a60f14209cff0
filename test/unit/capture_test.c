/*===- capture_test.c - Stacks of blocked and running threads ---*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Standalone test of capture.c and symbolize.c: threads blocked in sleep,
 * poll and read are captured through /proc, with f and g at the right
 * lines, and must still block for the full 2 s; a spinning thread is
 * captured through the signal; a thread that blocks the signal, a thread
 * that is gone and a replaced handler give no stack and say why; the
 * program's own uses of the signal still reach its handler; a fork child
 * captures too. Build it at -O0 and at -O2 (where f and g may be inlined),
 * with gcc and clang, from the repository root, e.g.:
 *
 *   cc -std=c11 -D_GNU_SOURCE -g -O2 -Iruntime test/unit/capture_test.c \
 *      runtime/capture.c runtime/symbolize.c -ldw -lelf -lpthread -o ct
 *
 * Prints what it checked; exits non-zero on failure.
 *
 *===----------------------------------------------------------------------===*/
#include "stack.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

/* stdio.c's descriptor helpers as they behave in a program started with
 * 0, 1 and 2 open: this test builds capture.c and symbolize.c alone. */
int swg__fd_above_stdio(int fd) { return fd; }
unsigned swg__stdio_plug(void) { return 0; }
void swg__stdio_unplug(unsigned plugged) { (void)plugged; }
int swg__brief_open(const char *path, int flags) {
  return open(path, flags | O_CLOEXEC);
}
void swg__brief_close(int fd) { close(fd); }

#ifdef __OPTIMIZE__
#define TEST_NOINLINE /* let the optimizer fold f and g: inline frames */
#define TEST_OPT "optimized"
#else
#define TEST_NOINLINE __attribute__((noinline))
#define TEST_OPT "-O0"
#endif
#ifdef __clang__
#define TEST_CC "clang " __clang_version__
#else
#define TEST_CC "gcc " __VERSION__
#endif

enum { M_SLEEP, M_POLL, M_READ, M_COUNT };
static const char *const mode_name[M_COUNT] = {"sleep(2)", "poll(NULL,0,2000)",
                                               "read(empty pipe)"};
static _Atomic int line_f[M_COUNT], line_g[M_COUNT];
static _Atomic pid_t tids[M_COUNT + 2];
static double began[M_COUNT], took[M_COUNT];
static int pipefd[2];
static _Atomic int after_f, stop_spin, prior_calls;
static _Atomic unsigned long spins;
static int failures;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    bool ok_ = (cond);                                                         \
    printf(ok_ ? "  ok:   " : "  FAIL: ");                                     \
    printf(__VA_ARGS__);                                                       \
    printf("\n");                                                              \
    failures += !ok_;                                                          \
  } while (0)

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the threads ------------------------------------------------------ */

static TEST_NOINLINE void f(int mode) {
  double t0 = began[mode] = now_s();
  char c;
  switch (mode) {
  case M_SLEEP:
    line_f[M_SLEEP] = __LINE__ + 1;
    sleep(2);
    break;
  case M_POLL:
    line_f[M_POLL] = __LINE__ + 1;
    poll(NULL, 0, 2000);
    break;
  case M_READ:
    line_f[M_READ] = __LINE__ + 1;
    if (read(pipefd[0], &c, 1) != 1)
      abort();
    break;
  }
  took[mode] = now_s() - t0; /* also keeps the calls out of tail position */
}

static TEST_NOINLINE void g(int mode) {
  line_g[mode] = __LINE__ + 1;
  f(mode);
  after_f++;
}

static void *blocker(void *arg) {
  int mode = (int)(intptr_t)arg;
  tids[mode] = gettid();
  g(mode);
  return NULL;
}

static TEST_NOINLINE void spin(void) {
  while (!atomic_load_explicit(&stop_spin, memory_order_relaxed))
    atomic_fetch_add_explicit(&spins, 1, memory_order_relaxed);
}

static void *spinner(void *arg) {
  if (arg != NULL) { /* the one that blocks every signal */
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
  }
  tids[M_COUNT + (arg != NULL)] = gettid();
  spin();
  return NULL;
}

/* A repeated capture that differs from the first: what each was. */
static void show_mismatch(const char *what, const struct swg_stack *st,
                          const struct swg_stack *ref) {
  printf("  differs, %s: how %d, note '%s', pcs", what, (int)st->how,
         st->note);
  for (int k = 0; k < st->depth; k++)
    printf(" %lx", (unsigned long)st->frames[k].pc);
  printf("; first capture");
  for (int k = 0; k < ref->depth; k++)
    printf(" %lx", (unsigned long)ref->frames[k].pc);
  printf("\n");
}

static void *quitter(void *arg) {
  *(pid_t *)arg = gettid();
  return NULL;
}

static void prior_handler(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)si, (void)uc;
  prior_calls++;
}

/* Waits for `cond` for up to 2 s: a loaded machine may be slow. */
#define AWAIT(cond) for (double t0_ = now_s(); !(cond) && settle(t0_);)
static bool settle(double t0) {
  usleep(1000);
  return now_s() - t0 < 2.0;
}

/* ---- capture and symbolize -------------------------------------------- */

struct syms {
  struct swg_symbol s[4 * SWG_MAX_FRAMES];
  int n;
};

static void collect(const struct swg_symbol *sym, void *arg) {
  struct syms *out = arg;
  if (out->n < (int)(sizeof out->s / sizeof out->s[0]))
    out->s[out->n++] = *sym;
}

static const char *base(const char *path) {
  const char *slash = path != NULL ? strrchr(path, '/') : NULL;
  return slash != NULL ? slash + 1 : path != NULL ? path : "?";
}

static const char *how_name(enum swg_capture_how how) {
  return how == SWG_CAPTURE_SYSCALL  ? "syscall"
         : how == SWG_CAPTURE_SIGNAL ? "signal"
                                     : "none";
}

static void capture(const char *what, pid_t tid, struct swg_stack *st,
                    struct syms *syms) {
  double t0 = now_s();
  /* A spinner starved of CPU may miss the 100 ms: retry, as the monitor
   * would at its next look. */
  int tries = 0;
  while (swg__capture_thread(tid, st, SWG_MAX_FRAMES) == 0 && ++tries < 5 &&
         strstr(st->note, "within 100 ms") != NULL)
    printf("%s: %s; again\n", what, st->note);
  printf("%s: tid %d, depth %d, how %s, %.2f ms%s%s\n", what, (int)tid,
         st->depth, how_name(st->how), (now_s() - t0) * 1e3,
         st->note[0] ? ", note: " : "", st->note);
  syms->n = 0;
  for (int i = 0; i < st->depth; i++) {
    int first = syms->n;
    swg__symbolize(&st->frames[i], collect, syms);
    for (int k = first; k < syms->n; k++) {
      const struct swg_symbol *s = &syms->s[k];
      printf("    #%-2d %#14lx %-22s %s:%d:%d%s (%s)\n", i,
             (unsigned long)s->pc, s->function ? s->function : "??",
             base(s->file), s->line, s->column, s->inlined ? " [inlined]" : "",
             base(s->module));
    }
  }
}

static int find(const struct syms *s, int from, const char *fn, int line) {
  for (int i = from; i < s->n; i++)
    if (s->s[i].function != NULL && strcmp(s->s[i].function, fn) == 0 &&
        (line == 0 || s->s[i].line == line))
      return i;
  return -1;
}

static bool pending(pid_t tid, int sig) {
  char path[64], buf[2048];
  snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)tid);
  FILE *fp = fopen(path, "r");
  size_t n = fp != NULL ? fread(buf, 1, sizeof buf - 1, fp) : 0;
  if (fp != NULL)
    fclose(fp);
  buf[n] = '\0';
  const char *p = strstr(buf, "SigPnd:"), *q = strstr(buf, "ShdPnd:");
  unsigned long long bit = 1ull << (sig - 1);
  return (p && (strtoull(p + 7, NULL, 16) & bit)) ||
         (q && (strtoull(q + 7, NULL, 16) & bit));
}

/* ---- the test --------------------------------------------------------- */

int main(int argc, char **argv) {
  static struct swg_stack st;
  static struct syms syms;
  int sig = SIGRTMIN + 3;
  if (argc > 1 && strcmp(argv[1], "dfl") == 0) {
    /* Run again with the signal's default action: a signal that is not
     * ours must still kill the process, as it would without us. */
    signal(sig, SIG_DFL);
    swg__capture_init(sig);
    raise(sig);
    return 0;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("capture_test (%s, %s)\n", TEST_CC, TEST_OPT);

  pid_t child = fork();
  if (child == 0) {
    execl("/proc/self/exe", argv[0], "dfl", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig,
        "with no handler before ours, the program's signal %d still kills it",
        sig);

  /* A handler the program had before us must still get its signals. */
  struct sigaction prior = {.sa_sigaction = prior_handler,
                            .sa_flags = SA_SIGINFO};
  sigemptyset(&prior.sa_mask);
  sigaction(sig, &prior, NULL);
  CHECK(swg__capture_init(sig) == 0, "capture signal %d installed", sig);
  raise(sig);
  CHECK(prior_calls == 1, "the program's own signal %d reached its handler",
        sig);

  if (pipe(pipefd) != 0)
    return perror("pipe"), 2;
  pthread_t th[M_COUNT + 2];
  for (int m = 0; m < M_COUNT; m++)
    pthread_create(&th[m], NULL, blocker, (void *)(intptr_t)m);
  pthread_create(&th[M_COUNT], NULL, spinner, NULL);
  pthread_create(&th[M_COUNT + 1], NULL, spinner, (void *)1);
  usleep(300000);

  /* (a), (b): blocked in a system call; /proc gives SP and PC. */
  for (int m = 0; m < M_COUNT; m++) {
    capture(mode_name[m], tids[m], &st, &syms);
    int i = find(&syms, 0, "f", line_f[m]);
    int j = i < 0 ? -1 : find(&syms, i + 1, "g", line_g[m]);
    CHECK(st.how == SWG_CAPTURE_SYSCALL, "%s captured from /proc",
          mode_name[m]);
    CHECK(i >= 0, "frame f at line %d", line_f[m]);
    CHECK(j >= 0, "frame g at line %d, outside f", line_g[m]);
    CHECK(find(&syms, 0, "blocker", 0) > j, "then blocker");
  }

  /* Captures in a row while the calls still block: each gives the same
   * stack (the spinner's below its first frame) and none disturbs them.
   * On a loaded machine the spinner may not get the CPU to answer in time:
   * that must be a timeout note, never a wrong stack. */
  static struct swg_stack ref[M_COUNT + 1];
  int tries = 0, good[M_COUNT + 1] = {0}, late = 0;
  for (; tries < 200 && now_s() < began[M_SLEEP] + 1.2; tries++)
    for (int t = 0; t <= M_COUNT; t++) {
      int d = swg__capture_thread(tids[t], &st, SWG_MAX_FRAMES);
      if (ref[t].depth == 0)
        ref[t] = st;
      /* Blocked threads: the very same stack. The spinner: the same
       * frames below its first; captured back to back it may still be on
       * its way out of the previous capture's handler (its futex wake or
       * rt_sigreturn), which puts extra frames on top. */
      int extra = d - ref[t].depth;
      bool ok = d >= 3 && (t == M_COUNT ? extra >= 0 : extra == 0);
      for (int k = t == M_COUNT; ok && k < ref[t].depth; k++)
        ok = st.frames[k + extra].pc == ref[t].frames[k].pc;
      good[t] += ok;
      if (!ok)
        show_mismatch(t < M_COUNT ? mode_name[t] : "spin", &st, &ref[t]);
      late += !ok && t == M_COUNT && strstr(st.note, "within 100 ms");
    }
  if (tries == 0)
    printf("  skip: no time left for more captures (a slow machine)\n");
  for (int t = 0; t < M_COUNT && tries > 0; t++)
    CHECK(good[t] == tries, "%d/%d more captures of %s", good[t], tries,
          mode_name[t]);
  if (tries > 0)
    CHECK(good[M_COUNT] + late == tries,
          "%d/%d more captures of spin (%d timed out)", good[M_COUNT], tries,
          late);

  /* (c): running in user space; the signal parks it briefly. */
  capture("spin", tids[M_COUNT], &st, &syms);
  CHECK(st.how == SWG_CAPTURE_SIGNAL, "spinning thread captured by signal");
  CHECK(find(&syms, 0, "spin", 0) >= 0, "frame spin");
  CHECK(find(&syms, 0, "spinner", 0) > find(&syms, 0, "spin", 0),
        "then spinner");
  unsigned long before = spins;
  AWAIT(spins > before);
  CHECK(spins > before, "the spinner runs on after the capture");

  /* (d): blocks every signal: not signalled, no stack, and says why. */
  capture("spin, signals blocked", tids[M_COUNT + 1], &st, &syms);
  CHECK(st.depth == 0 && st.how == SWG_CAPTURE_NONE, "no stack");
  CHECK(strstr(st.note, "blocks signal") != NULL, "note says it blocks %d",
        sig);
  CHECK(!pending(tids[M_COUNT + 1], sig), "no signal %d left pending", sig);

  /* (e): a thread that is gone, and the capturing thread itself. */
  pid_t gone = 0;
  pthread_t q;
  pthread_create(&q, NULL, quitter, &gone);
  pthread_join(q, NULL);
  usleep(10000);
  capture("exited thread", gone, &st, &syms);
  CHECK(st.depth == 0 && strstr(st.note, "no longer exists") != NULL,
        "no stack, note says it no longer exists");
  capture("self", gettid(), &st, &syms);
  CHECK(st.depth == 0 && st.note[0] != '\0', "no stack of itself, and a note");

  /* Capture the spinner again: the slot must be reusable. */
  capture("spin again", tids[M_COUNT], &st, &syms);
  CHECK(find(&syms, 0, "spin", 0) >= 0, "frame spin again");

  /* The program's own tgkill of that signal still reaches its handler. */
  tgkill(getpid(), tids[M_COUNT], sig);
  AWAIT(prior_calls == 2);
  CHECK(prior_calls == 2,
        "a tgkill of signal %d to the spinner reached the program's handler",
        sig);

  /* In a fork child, with the parent's Dwfl and state: both paths work. */
  fflush(stdout);
  if ((child = fork()) == 0) {
    pthread_t c[2];
    tids[M_POLL] = tids[M_COUNT] = 0;
    pthread_create(&c[0], NULL, blocker, (void *)(intptr_t)M_POLL);
    pthread_create(&c[1], NULL, spinner, NULL);
    usleep(200000);
    int ok = swg__capture_thread(tids[M_POLL], &st, SWG_MAX_FRAMES) >= 4 &&
             st.how == SWG_CAPTURE_SYSCALL;
    ok &= swg__capture_thread(tids[M_COUNT], &st, SWG_MAX_FRAMES) >= 2 &&
          st.how == SWG_CAPTURE_SIGNAL;
    _exit(ok ? 0 : 1);
  }
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "a fork child captures its own blocked and spinning threads");

  /* A handler the program installs over ours: never signal into it. */
  struct sigaction ours;
  sigaction(sig, &prior, &ours);
  capture("spin, handler replaced", tids[M_COUNT], &st, &syms);
  CHECK(st.depth == 0 && strstr(st.note, "replaced") != NULL,
        "no stack, note says the handler was replaced");
  sigaction(sig, &ours, NULL);

  /* The blocked calls must not have noticed anything. */
  double wake = began[M_READ] + 2.0 - now_s();
  if (wake > 0)
    usleep((useconds_t)(wake * 1e6));
  if (write(pipefd[1], "x", 1) != 1)
    return perror("write"), 2;
  for (int m = 0; m < M_COUNT; m++) {
    pthread_join(th[m], NULL);
    CHECK(took[m] >= 1.95, "%s still blocked %.3f s (>= 1.95)", mode_name[m],
          took[m]);
  }
  stop_spin = 1;
  pthread_join(th[M_COUNT], NULL);
  pthread_join(th[M_COUNT + 1], NULL);
  CHECK(prior_calls == 2, "the prior handler saw none of our signals");
  swg__symbolize_refresh();

  printf("%s: %d failure(s)\n", failures ? "FAILED" : "PASSED", failures);
  return failures != 0;
}
