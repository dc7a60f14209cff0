/* After go(), main runs again once the child waits in msleep; main's own
 * usleep then blocks the thread and is main's. */
#include <stdio.h>
#include <unistd.h>
#include "libdill.h"

coroutine void child(void) { msleep(now() + 1000); }

int main(void) {
  int h = go(child());
  usleep(300 * 1000); /* MARK:block */
  printf("main: done\n");
  return hclose(h);
}
