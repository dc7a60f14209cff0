// Intent: in a program started with descriptors 0, 1 and 2 all closed, no file switchguard keeps open (log_path, trace_path, run_info_path's FIFO, the files it reads symbols from) takes 0, 1 or 2, before or after a blockage report: those stay closed until the program opens its own files, which then get them; the report goes to log_path as always.
// RUN: rm -f %t.log %t.trace %t.fifo %t.result
// RUN: %swgcc -g -O1 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=log_path=%t.log:trace_path=%t.trace:run_info_path=%t.fifo %t %t.log %t.result <&- >&- 2>&-
// RUN: FileCheck %s < %t.result
// RUN: FileCheck %s --check-prefix=LOG < %t.log
// RUN: test -s %t.trace && test ! -e %t.fifo
#include "../Inputs/pcl_hub.h"
#include <fcntl.h>
#include <string.h>

static const char *log_file;
static char seen[256];

/* Which of descriptors 0-2 are open, as "0=closed 1=closed 2=closed". */
static void look(const char *when) {
  size_t n = strlen(seen);
  n += snprintf(seen + n, sizeof seen - n, "%s:", when);
  for (int fd = 0; fd <= 2; fd++)
    n += snprintf(seen + n, sizeof seen - n, " %d=%s", fd,
                  fcntl(fd, F_GETFD) < 0 ? "closed" : "OPEN");
  snprintf(seen + n, sizeof seen - n, "\n");
}

/* Waits (30 s at most) until the log holds the incident's last report:
 * while a report is being made, libdw's files may hold 0-2 with /dev/null
 * for a moment (swg__stdio_plug), as the program can see. */
static void wait_for_report(void) {
  for (int i = 0; i < 3000; i++) {
    char buf[8192];
    int fd = open(log_file, O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
      close(fd);
    buf[n > 0 ? n : 0] = '\0';
    if (strstr(buf, "SUMMARY:") && strstr(buf, "unblocked"))
      return;
    usleep(10 * 1000);
  }
}

static void blocker(void *arg) {
  co_resume();
  look("before");
  usleep(300 * 1000);
  hub_finish();
}

int main(int argc, char **argv) {
  log_file = argv[1];
  co_thread_init();
  hub_run(co_create(blocker, NULL, NULL, 64 * 1024));
  wait_for_report();
  look("after report");
  int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dprintf(fd, "%sresult on descriptor %d\n", seen, fd);
  return 0;
}

// CHECK: before: 0=closed 1=closed 2=closed
// CHECK-NEXT: after report: 0=closed 1=closed 2=closed
// CHECK-NEXT: result on descriptor 0

// LOG: WARNING: switchguard: coroutine 'blocker' blocked thread
// LOG: in blocker {{.*}}stdio_closed_own_files_above_2.c
// LOG: SUMMARY: switchguard: blocked coroutine 'blocker'
