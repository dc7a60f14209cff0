// Intent: exec after fork works while the monitor runs: a child forked from inside a coroutine execs /bin/echo; another execs this program again, whose new image starts its own monitor and reports its own blockage under the same pid; vfork()+exec and posix_spawn() from a coroutine work too; the parent is unaffected and reports only its own blockages (its wait for the re-executed child is one).
// RUN: rm -f %t.*.log
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json:log_path=%t.%%p.log %t > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: python3 %inputs/check_events.py < %t.$(sed -n 's/^parent=//p' %t.out).log | FileCheck %s --check-prefix=PARENT
// RUN: python3 %inputs/check_events.py < %t.$(sed -n 's/^reexec=//p' %t.out).log | FileCheck %s --check-prefix=REEXEC
#define _GNU_SOURCE
#include <pcl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static const char *self;

static void nap(void *arg) {
  usleep(300 * 1000);
  for (;;)
    co_resume();
}

static int wait_ok(pid_t pid) {
  int status;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

static void execer(void *arg) {
  pid_t a = fork();
  if (a == 0) {
    execl("/bin/echo", "echo", "echo ran", (char *)NULL);
    _exit(127);
  }
  printf("fork+exec echo: %s\n", wait_ok(a) ? "ok" : "FAILED");
  co_resume();

  pid_t b = fork();
  if (b == 0) {
    execl(self, self, "reexec", (char *)NULL);
    _exit(127);
  }
  printf("reexec=%d\n", (int)b);
  printf("fork+exec self: %s\n", wait_ok(b) ? "ok" : "FAILED");
  co_resume();

  pid_t c = vfork();
  if (c == 0) {
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  printf("vfork+exec: %s\n", wait_ok(c) ? "ok" : "FAILED");
  co_resume();

  pid_t d;
  char *argv[] = {"echo", "spawn ran", NULL};
  int err = posix_spawn(&d, "/bin/echo", NULL, NULL, argv, environ);
  printf("posix_spawn: %s\n", !err && wait_ok(d) ? "ok" : "FAILED");
  for (;;)
    co_resume();
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  self = argv[0];
  co_thread_init();
  if (argc > 1) { /* the re-executed image: a blockage of its own */
    alarm(20);
    coroutine_t co = co_create(nap, NULL, NULL, 64 * 1024);
    co_call(co);
    co_delete(co);
    printf("reexec done\n");
    return 0;
  }
  printf("parent=%d\n", (int)getpid());
  coroutine_t ex = co_create(execer, NULL, NULL, 64 * 1024);
  for (int i = 0; i < 4; i++)
    co_call(ex);
  co_delete(ex);
  coroutine_t co = co_create(nap, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  printf("parent done\n");
  return 0;
}

// OUT: echo ran
// OUT-NEXT: fork+exec echo: ok
// OUT: reexec done
// OUT: fork+exec self: ok
// OUT-NEXT: vfork+exec: ok
// OUT: spawn ran
// OUT-NEXT: posix_spawn: ok
// OUT-NEXT: parent done

// Waiting for the re-executed child in a coroutine is a blockage too.
// PARENT: EVENT blocked coroutine=execer {{.*}}where=wait_ok
// PARENT: EVENT unblocked coroutine=execer end=switch
// PARENT: EVENT blocked coroutine=nap
// PARENT: EVENT unblocked coroutine=nap end=switch
// PARENT: EVENT exit_summary incidents=2

// REEXEC: EVENT blocked coroutine=nap {{.*}}capture=syscall
// REEXEC: EVENT unblocked coroutine=nap end=switch
// REEXEC: EVENT exit_summary incidents=1
