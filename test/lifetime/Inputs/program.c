/* One program for the exit and signal matrix: built once with switchguard
 * and once without, run by compare.py in one mode (argv[1]), and expected
 * to end the same way with the same output. Every mode first switches, so
 * switchguard's threads run; most also have a second program thread with
 * a hub and coroutines of its own. "ready" on stdout tells compare.py
 * where the program sits when it is to get a signal. */
#define _GNU_SOURCE
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *mode;

static void say(const char *s) {
  printf("%s\n", s);
  fflush(stdout);
}

static void at_exit_handler(void) { say("atexit handler ran"); }
__attribute__((destructor)) static void destructor(void) {
  say("destructor ran");
}

/* A coroutine that yields forever: a live coroutine at the end. */
static void yielder(void *arg) {
  (void)arg;
  for (;;)
    co_resume();
}

/* A worker thread with a hub of its own, switching until the process
 * ends; or, with `stop_after_ms`, leaving by pthread_exit after that. */
static int stop_after_ms = -1;
static void *worker(void *arg) {
  (void)arg;
  co_thread_init();
  coroutine_t co = co_create(yielder, NULL, NULL, 64 * 1024);
  for (int ms = 0; stop_after_ms < 0 || ms < stop_after_ms; ms++) {
    co_call(co);
    usleep(1000);
  }
  say("worker leaves");
  pthread_exit(NULL);
}

static void start_worker(int after_ms) {
  pthread_t t;
  stop_after_ms = after_ms;
  if (pthread_create(&t, NULL, worker, NULL))
    abort();
}

/* What main's coroutine does, by mode. */
static void body(void *arg) {
  (void)arg;
  if (!strcmp(mode, "exit_in_coroutine")) {
    say("exit from a coroutine");
    exit(4);
  }
  if (!strcmp(mode, "abort")) {
    co_resume(); /* aborts when main resumes it, switchguard at work */
    say("abort from a coroutine");
    abort();
  }
  if (!strcmp(mode, "signal_in_coroutine")) {
    say("ready");
    sleep(60); /* blocked: switchguard reports it; the signal ends it */
    say("not reached");
  }
  for (;;)
    co_resume();
}

/* Runs this program again, in mode "execd". */
static void exec_self(void) {
  execl("/proc/self/exe", "program", "execd", (char *)NULL);
  _exit(127);
}

static void wait_child(pid_t pid) {
  int status;
  if (waitpid(pid, &status, 0) != pid)
    abort();
  printf("child: %s %d\n", WIFEXITED(status) ? "exit" : "signal",
         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
  fflush(stdout);
}

/* Forks; the child's only thread is a copy of this one, not main, and
 * glibc ends the child with exit(0) when it returns. */
static void *forking_thread(void *arg) {
  (void)arg;
  co_thread_init();
  coroutine_t co = co_create(yielder, NULL, NULL, 64 * 1024);
  pid_t pid = fork();
  if (pid == 0) {
    co_call(co); /* switchguard's threads start in the child */
    usleep(200 * 1000);
    say("child's thread returns");
    return NULL;
  }
  wait_child(pid);
  return NULL;
}

int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : "return";
  co_thread_init();
  if (!strcmp(mode, "execd")) { /* the program an exec started */
    co_call(co_create(yielder, NULL, NULL, 64 * 1024));
    say("exec'd program runs");
    return 6;
  }
  atexit(at_exit_handler);
  coroutine_t co = co_create(body, NULL, NULL, 64 * 1024);
  if (!strcmp(mode, "return") || !strcmp(mode, "exit") ||
      !strcmp(mode, "_exit") || !strcmp(mode, "exit_in_coroutine") ||
      !strcmp(mode, "abort") ||
      !strcmp(mode, "signal_in_hub") || !strcmp(mode, "signal_in_coroutine"))
    start_worker(-1);
  co_call(co); /* runs body until it yields (or never returns) */
  usleep(150 * 1000); /* the worker's switches start the monitor's work */

  if (!strcmp(mode, "return")) {
    say("main returns");
    return 3;
  }
  if (!strcmp(mode, "exit")) {
    say("main calls exit");
    exit(5);
  }
  if (!strcmp(mode, "abort")) {
    co_call(co);
    return 0; /* not reached */
  }
  if (!strcmp(mode, "_exit")) {
    printf("unflushed output, lost by _exit"); /* a pipe: fully buffered */
    _exit(7);
  }
  if (!strcmp(mode, "pthread_exit")) {
    say("main calls pthread_exit");
    pthread_exit(NULL);
  }
  if (!strcmp(mode, "pthread_exit_signal")) {
    start_worker(-1); /* switches until the signal ends the process */
    say("ready");
    pthread_exit(NULL);
  }
  if (!strcmp(mode, "pthread_exit_threads")) {
    start_worker(400); /* ends 0.4 s after main, by pthread_exit */
    say("main calls pthread_exit");
    pthread_exit(NULL);
  }
  if (!strcmp(mode, "signal_in_hub")) {
    say("ready");
    sleep(60); /* in the hub: its coroutine is suspended */
    say("not reached");
    return 0;
  }
  if (!strcmp(mode, "fork_exec")) {
    pid_t pid = fork();
    if (pid == 0) {
      co_call(co); /* the child's copy of the coroutine still switches */
      exec_self();
    }
    wait_child(pid);
    return 0;
  }
  if (!strcmp(mode, "fork_in_thread")) {
    pthread_t t;
    if (pthread_create(&t, NULL, forking_thread, co) || pthread_join(t, NULL))
      abort();
    return 0;
  }
  if (!strcmp(mode, "vfork_exec")) {
    pid_t pid = vfork();
    if (pid == 0)
      exec_self();
    wait_child(pid);
    return 0;
  }
  if (!strcmp(mode, "daemon")) {
    say("before daemon");
    /* The parent _exits 0 inside daemon(); the child goes on with
     * stdout kept, so its lines still reach compare.py's pipe. */
    if (daemon(1, 1) != 0)
      abort();
    co_call(co);
    start_worker(100);
    usleep(300 * 1000);
    say("daemon done");
    return 0;
  }
  say("unknown mode");
  return 2;
}
