// Intent: a program started without stderr (2>&-) whose data file then takes descriptor 2 finds only its own records in that file: no report, summary or option message of switchguard is written into it, although the same run with stderr open reports the blockage there.
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=nosuch=1 %t %t.closed.data 2>&- > %t.closed.out
// RUN: FileCheck %s --check-prefix=CLOSED < %t.closed.out
// RUN: FileCheck %s --check-prefix=DATA --implicit-check-not={{.}} < %t.closed.data
// RUN: env SWITCHGUARD_OPTIONS=nosuch=1 %t %t.open.data 2> %t.open.err > %t.open.out
// RUN: FileCheck %s --check-prefix=OPEN < %t.open.out
// RUN: FileCheck %s --check-prefix=DATA --implicit-check-not={{.}} < %t.open.data
// RUN: FileCheck %s --check-prefix=ERR < %t.open.err
#include "../Inputs/pcl_hub.h"
#include <fcntl.h>
#include <string.h>

static int data;

static void record(const char *s) {
  if (write(data, s, strlen(s)) != (ssize_t)strlen(s))
    exit(2);
}

static void blocker(void *arg) {
  co_resume();
  record("record 1\n");
  usleep(300 * 1000); /* reported: 300 ms at a 100 ms threshold */
  record("record 2\n");
  hub_finish();
}

int main(int argc, char **argv) {
  data = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  printf("data file on descriptor %d\n", data);
  co_thread_init();
  hub_run(co_create(blocker, NULL, NULL, 64 * 1024));
  usleep(200 * 1000); /* time for the unblocked report, too */
  record("record 3\n");
  return 0;
}

// CLOSED: data file on descriptor 2
// OPEN: data file on descriptor 3

// DATA: record 1
// DATA-NEXT: record 2
// DATA-NEXT: record 3

// ERR: switchguard: unknown option 'nosuch'
// ERR: WARNING: switchguard: coroutine 'blocker' blocked thread
// ERR: SUMMARY: switchguard: blocked coroutine 'blocker'
// ERR: coroutine 'blocker' unblocked
// ERR: switchguard: exit summary: 1 blocking incident
