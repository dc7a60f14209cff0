/* The other file of whole_program.c: helpers that block or switch. */
#include <pcl.h>
#include <unistd.h>

void helper(void) {
  usleep(1000); /* MARK:usleep */
}

void yield_wrapper(void) { co_resume(); }

void does_not_switch(int *p) { *p += 1; }
