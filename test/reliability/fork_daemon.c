// Intent: daemon()-style double fork from inside a coroutine works: the intermediate child calls setsid() and exits at once, the grandchild (reparented, in a new session, its stdio on /dev/null) keeps running its coroutines under its own monitor, which reports its blockage to its own %p log; the original parent is unaffected.
// RUN: rm -f %t.*.log %t.daemon
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json:log_path=%t.%%p.log %t %t.daemon > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: FileCheck %s --check-prefix=DAEMON < %t.daemon
// RUN: python3 %inputs/check_events.py < %t.$(sed -n 's/^daemon=\([0-9]*\).*/\1/p' %t.daemon).log | FileCheck %s --check-prefix=LOG
#define _GNU_SOURCE
#include <fcntl.h>
#include <pcl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *note_path;
static int ready[2]; /* the daemon writes one byte when it is done */

static void daemon_nap(void *arg) {
  usleep(300 * 1000); /* the daemon's blockage */
  for (;;)
    co_resume();
}

static void daemon_main(void) {
  alarm(20);
  FILE *note = fopen(note_path, "w");
  setvbuf(note, NULL, _IONBF, 0);
  fprintf(note, "daemon=%d sid=%s\n", (int)getpid(),
          getsid(0) == getpid() ? "own" : "inherited");
  int null = open("/dev/null", O_RDWR);
  dup2(null, 0), dup2(null, 1), dup2(null, 2);
  coroutine_t co = co_create(daemon_nap, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  fprintf(note, "daemon done\n");
  fclose(note);
  if (write(ready[1], "x", 1) != 1)
    exit(1);
  exit(0);
}

static void spawner(void *arg) {
  pid_t mid = fork();
  if (mid == 0) { /* the intermediate child */
    setsid();
    if (fork() == 0)
      daemon_main(); /* the grandchild: still in this coroutine */
    _exit(0);
  }
  int status;
  waitpid(mid, &status, 0);
  printf("intermediate: %s\n", WIFEXITED(status) && !WEXITSTATUS(status) ? "ok" : "FAILED");
  for (;;)
    co_resume();
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  note_path = argv[1];
  if (pipe(ready))
    return 1;
  co_thread_init();
  coroutine_t co = co_create(spawner, NULL, NULL, 64 * 1024);
  co_call(co);
  char c;
  close(ready[1]);
  printf("daemon: %s\n", read(ready[0], &c, 1) == 1 ? "ok" : "FAILED");
  co_delete(co);
  return 0;
}

// OUT: intermediate: ok
// OUT-NEXT: daemon: ok

// DAEMON: daemon={{[0-9]+}} sid=inherited
// DAEMON-NEXT: daemon done

// LOG: EVENT blocked coroutine=daemon_nap {{.*}}capture=syscall
// LOG: EVENT unblocked coroutine=daemon_nap end=switch
// LOG: EVENT exit_summary incidents=1
