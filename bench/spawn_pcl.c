/* spawn_pcl.c - spawn cost of PCL: co_create on a stack of the program's
 * own, then co_delete. See spawn.h. */
#include <pcl.h>
#include <stddef.h>

static char stack[16 * 1024];

static void body(void *arg) { (void)arg; }

static void setup(void) { co_thread_init(); }

static void pair(void) { co_delete(co_create(body, NULL, stack, sizeof stack)); }

#include "spawn.h"
