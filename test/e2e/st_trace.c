// Intent: State Threads: the sequence of threads switchguard believes are
// running, sampled each time one resumes, is exactly the sequence of
// switch-ins State Threads reports through st_set_switch_in_cb; at each
// switch-out it reports (st_set_switch_out_cb) switchguard already counts
// hub time; main is a coroutine after st_init.
// RUN: %swgcc -g -O1 %s -lst -o %t && %t 2>&1 | FileCheck %s
#include <st.h>
#include <stdio.h>
#include <string.h>
#include <switchguard.h>

enum { MAX = 256 };
static void *st_seen[MAX], *swg_seen[MAX];
static int n_st, n_swg, starts_right, ran;
static st_thread_t known[3];
static int finished[3]; /* its body has returned */

static int index_of(void *t) {
  for (int i = 0; i < 3; i++)
    if (known[i] == t)
      return i;
  return -1;
}

/* ST's own account: who is switched in. Not its idle thread, and not a
 * joinable thread that ST resumes after its body returned, to finish its
 * exit inside the library (no user code runs then). ST does not call the
 * callback when a thread first starts. */
static void switched_in(void) {
  int i = index_of(st_thread_self());
  if (n_st < MAX && i >= 0 && !finished[i])
    st_seen[n_st++] = st_thread_self();
}

/* When ST switches a thread out, it is inside a yielding call: switchguard
 * must already count that time as the hub's. */
static int outs, outs_in_hub;
static void switched_out(void) {
  outs++;
  outs_in_hub += swg_current_coroutine() == NULL;
}

/* switchguard's account, sampled wherever a thread resumes. */
static void sample(void) {
  if (n_swg < MAX)
    swg_seen[n_swg++] = swg_current_coroutine();
}

static void *worker(void *arg) {
  long n = (long)arg;
  starts_right += swg_current_coroutine() == st_thread_self();
  for (int i = 0; i < 4; i++) {
    st_usleep(1000 * (n + 1));
    sample();
    ran++;
  }
  finished[n] = 1;
  return NULL;
}

int main(void) {
  st_init();
  known[0] = st_thread_self();
  printf("main is a coroutine: %s\n",
         swg_current_coroutine() == known[0] ? "yes" : "no");
  known[1] = st_thread_create(worker, (void *)1L, 1, 0);
  known[2] = st_thread_create(worker, (void *)2L, 1, 0);
  st_set_switch_in_cb(switched_in);
  st_set_switch_out_cb(switched_out);
  /* A join switches only if the thread has not finished yet (on a loaded
   * machine it may have): sample main only when others ran meanwhile. */
  for (int i = 1; i <= 2; i++) {
    int before = ran;
    st_thread_join(known[i], NULL);
    if (ran != before)
      sample();
  }
  st_set_switch_in_cb(NULL);
  st_set_switch_out_cb(NULL);
  printf("switch-outs in hub time: %s\n",
         outs > 0 && outs == outs_in_hub ? "all" : "NOT ALL");
  int same = n_st == n_swg && !memcmp(st_seen, swg_seen, sizeof(void *) * n_st);
  printf("bodies named at their start: %d of 2\n", starts_right);
  printf("switch-ins: %d by State Threads, %d by switchguard, %s\n", n_st,
         n_swg, same ? "the same sequence" : "DIFFERENT");
  for (int i = 0; i < n_st || i < n_swg; i++)
    if (i >= n_st || i >= n_swg || st_seen[i] != swg_seen[i])
      printf("  at %d: st %d, switchguard %d\n", i,
             i < n_st ? index_of(st_seen[i]) : -9,
             i < n_swg ? index_of(swg_seen[i]) : -9);
  return !same;
}
// CHECK: main is a coroutine: yes
// CHECK: switch-outs in hub time: all
// CHECK-NEXT: bodies named at their start: 2 of 2
// CHECK-NEXT: switch-ins: {{[1-9][0-9]*}} by State Threads, {{[0-9]+}} by switchguard, the same sequence
