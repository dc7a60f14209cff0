// Intent: fork() from a thread other than main, from inside one of its coroutines: the child, whose only thread is a copy of that one and is still inside the coroutine, gets a monitor of its own that reports the child's own blockages (in that coroutine, then in a new one) under the child's pid; the parent's monitor is unaffected and reports only the parent's blockage, after the fork.
// RUN: rm -f %t.*.log
// RUN: %swgcc -g -O1 %s -lpcl -lpthread -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json:log_path=%t.%%p.log:blocking_calls=0 %t > %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: python3 %inputs/check_events.py < %t.$(sed -n 's/^parent=//p' %t.out).log | FileCheck %s --check-prefix=PARENT
// RUN: python3 %inputs/check_events.py < %t.$(sed -n 's/^child=//p' %t.out).log | FileCheck %s --check-prefix=CHILD
#define _GNU_SOURCE
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;

static void child_nap(void *arg) {
  usleep(300 * 1000); /* the child's second blockage */
  for (;;)
    co_resume();
}

static void forker(void *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    alarm(20); /* a deadlocked child fails the test, never hangs it */
    printf("child=%d\n", (int)getpid());
    usleep(300 * 1000); /* still in this coroutine: a blockage */
    co_resume();        /* back to the copied hub: switching still works */
  }
  child = pid;
  for (;;)
    co_resume();
}

static void *thread_main(void *arg) {
  co_thread_init();
  coroutine_t co = co_create(forker, NULL, NULL, 64 * 1024);
  co_call(co);
  if (child == 0) { /* the child, back in its hub */
    coroutine_t nap = co_create(child_nap, NULL, NULL, 64 * 1024);
    co_call(nap);
    co_delete(nap);
    co_delete(co);
    exit(0); /* from the child's only thread: destructors run */
  }
  int status;
  waitpid(child, &status, 0);
  printf("child: %s\n", WIFEXITED(status) && !WEXITSTATUS(status) ? "ok" : "FAILED");
  co_delete(co);
  return NULL;
}

static void parent_nap(void *arg) {
  usleep(300 * 1000); /* the parent's blockage, after the fork */
  for (;;)
    co_resume();
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("parent=%d\n", (int)getpid());
  co_thread_init();
  pthread_t t;
  pthread_create(&t, NULL, thread_main, NULL);
  pthread_join(t, NULL);
  coroutine_t co = co_create(parent_nap, NULL, NULL, 64 * 1024);
  co_call(co);
  co_delete(co);
  printf("parent done\n");
  return 0;
}

// OUT: child: ok
// OUT: parent done

// PARENT-NOT: coroutine=forker
// PARENT-NOT: coroutine=child_nap
// PARENT: EVENT blocked coroutine=parent_nap
// PARENT: EVENT unblocked coroutine=parent_nap end=switch
// PARENT-NOT: coroutine=forker
// PARENT-NOT: coroutine=child_nap
// PARENT: EVENT exit_summary incidents=1

// CHILD-NOT: parent_nap
// The child: the forking thread, its monitor, its reporter and swg-lifetime
// (the thread is no main: glibc ends the child when it returns), and
// swg-symbols if it is still loading symbols when the monitor decides
// (the threads are listed as they were then).
// CHILD: EVENT blocked coroutine=forker {{.*}}capture=syscall {{.*}}threads={{[45]}} 
// CHILD: EVENT unblocked coroutine=forker end=switch
// forker, spawned before the fork, is the child's thread's own coroutine:
// CHILD: EVENT blocked coroutine=child_nap {{.*}}capture=syscall {{.*}}tree=child_nap<hub:running,forker<hub:suspended
// CHILD: EVENT unblocked coroutine=child_nap end=switch
// CHILD-NOT: parent_nap
// CHILD: EVENT exit_summary incidents=2
