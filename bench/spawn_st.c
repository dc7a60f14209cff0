/* spawn_st.c - spawn cost of State Threads: st_thread_create of a joinable
 * thread that returns at once, and st_thread_join (two switches with it:
 * State Threads has no destroy, a thread ends by returning). See spawn.h. */
#include <st.h>

static void *body(void *arg) { return arg; }

static void setup(void) { st_init(); }

static void pair(void) { st_thread_join(st_thread_create(body, NULL, 1, 0), NULL); }

#include "spawn.h"
