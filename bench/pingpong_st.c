/* pingpong_st.c - switch cost of State Threads: main and one ST thread
 * take turns on two condition variables (signal the other, wait for our
 * own), so each switch is one pass through ST's scheduler with the other
 * thread already runnable. st_cond_wait is a yielding call: its time is
 * hub time. See pingpong.h. */
#include <st.h>
#include <stddef.h>

static st_cond_t to_echo, to_main;

static void *echo(void *arg) {
  (void)arg;
  for (;;) {
    st_cond_signal(to_main);
    st_cond_wait(to_echo);
  }
  return NULL;
}

static void setup(void) {
  st_init();
  to_echo = st_cond_new();
  to_main = st_cond_new();
  st_thread_create(echo, NULL, 0, 64 * 1024);
  st_cond_wait(to_main); /* it has started and waits */
}

static void round_trip(void) {
  st_cond_signal(to_echo);
  st_cond_wait(to_main);
}

#include "pingpong.h"
