/* stress.c - many schedulers, many short-lived coroutines, some blockages.
 *
 *   stress THREADS LIVE SECONDS BLOCKERS BLOCK_MS [HUB_WAIT_US]
 *
 * THREADS threads each run their own PCL scheduler over LIVE/THREADS
 * coroutine slots. Round after round, each scheduler resumes every slot;
 * a coroutine yields a few times and finishes, and the scheduler destroys
 * it and creates a new one in its slot: coroutines are created, switched
 * and destroyed continuously. The first BLOCKERS threads also, about once
 * a second each (staggered), create a coroutine 'blocker' that sleeps
 * BLOCK_MS in a blocking call (usleep, poll, nanosleep or read of an empty
 * pipe, in turn) instead of yielding: those are the only blockages. Between
 * rounds a scheduler waits HUB_WAIT_US (default 2000) in its hub, which is
 * never a blockage.
 *
 * A heartbeat thread sleeps 5 ms at a time and notes every time it woke
 * more than 50 ms late: then the whole process was starved of CPU (the
 * machine is shared) or stopped, and the monitor with it.
 *
 * On stdout, for check_stress.py: one `truth` line per deliberate blockage
 * (tid, handle, wall-clock start and end), one `stall` line per late
 * heartbeat, resident memory after the warm-up second, at the end and
 * every second, and the totals.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pcl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define STACK (32 * 1024)
#define MAX_TRUTHS 256

struct truth {
  pid_t tid;
  void *handle;
  double start, end;
  int how;
};

struct slot {
  coroutine_t co;
  int turns;       /* how many times it yields before finishing */
  int done;
  struct sched *s; /* its scheduler */
};

struct sched {
  int id;
  pid_t tid;
  struct slot *slots;
  int nslots;
  double next_block; /* monotonic time of the next blockage, 0: none */
  int blocking;      /* a blocker is live in slot 0 */
  int pipe_r, pipe_w; /* a pipe nobody writes to but the helper */
  struct truth truths[MAX_TRUTHS];
  int ntruths;
  unsigned long created, switches, destroyed;
  unsigned seed;
};

static int threads, live, seconds, blockers, block_ms, hub_wait_us = 2000;
static double deadline;
static _Atomic int started;

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
      resident = 0;
    fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

#define MAX_STALLS 1024
static struct {
  double start, ms;
} stalls[MAX_STALLS];
static int nstalls;

#define MAX_SAMPLES 1024
static long rss_samples[MAX_SAMPLES]; /* one a second */
static int nsamples;

static void *heartbeat(void *arg) {
  (void)arg;
  prctl(PR_SET_NAME, "heartbeat");
  double last = wall(), next_sample = mono() + 1.0;
  while (mono() < deadline) {
    usleep(5000);
    if (mono() >= next_sample && nsamples < MAX_SAMPLES) {
      rss_samples[nsamples++] = rss_kb();
      next_sample += 1.0;
    }
    double now = wall();
    if (now - last > 0.055 && nstalls < MAX_STALLS) {
      stalls[nstalls].start = last;
      stalls[nstalls++].ms = (now - last) * 1000;
    }
    last = now;
  }
  return NULL;
}

static void worker(void *arg) {
  struct slot *sl = arg;
  for (int i = 0; i < sl->turns; i++)
    co_resume();
  sl->done = 1;
  for (;;)
    co_resume();
}

/* The helper of a read blockage: a byte into the pipe after block_ms. */
static void *write_later(void *arg) {
  struct sched *s = arg;
  usleep(block_ms * 1000);
  if (write(s->pipe_w, "x", 1) != 1)
    abort();
  return NULL;
}

/* Blocks its thread for block_ms in one of four blocking calls. */
static void blocker(void *arg) {
  struct slot *sl = arg;
  struct sched *s = sl->s;
  struct truth *t = &s->truths[s->ntruths];
  int how = s->ntruths % 4;
  t->tid = s->tid;
  t->handle = sl->co;
  t->how = how;
  t->start = wall();
  switch (how) {
  case 0:
    usleep(block_ms * 1000);
    break;
  case 1:
    poll(NULL, 0, block_ms);
    break;
  case 2: {
    struct timespec ts = {block_ms / 1000, (block_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
      ;
    break;
  }
  case 3: { /* read an empty pipe; a helper writes after block_ms */
    char c;
    pthread_t h;
    pthread_create(&h, NULL, write_later, s);
    while (read(s->pipe_r, &c, 1) < 0 && errno == EINTR)
      ;
    pthread_join(h, NULL);
    break;
  }
  }
  t->end = wall();
  s->ntruths++;
  sl->done = 1;
  for (;;)
    co_resume();
}

static void fill(struct sched *s, int i, int block) {
  struct slot *sl = &s->slots[i];
  sl->done = 0;
  sl->s = s;
  sl->turns = 1 + rand_r(&s->seed) % 8;
  sl->co = co_create(block ? blocker : worker, sl, NULL, STACK);
  if (!sl->co) {
    fprintf(stderr, "co_create failed\n");
    exit(2);
  }
  s->created++;
}

static void *run(void *arg) {
  struct sched *s = arg;
  char name[16];
  snprintf(name, sizeof name, "sched-%d", s->id);
  prctl(PR_SET_NAME, name);
  s->tid = gettid();
  s->seed = (unsigned)s->id * 7919u + 1;
  int fds[2];
  if (pipe(fds))
    exit(2);
  s->pipe_r = fds[0], s->pipe_w = fds[1];
  co_thread_init();
  for (int i = 0; i < s->nslots; i++)
    fill(s, i, 0);
  atomic_fetch_add(&started, 1);
  while (mono() < deadline) {
    double now = mono();
    if (s->next_block && now >= s->next_block && !s->blocking &&
        s->ntruths < MAX_TRUTHS && now + block_ms / 1000.0 + 0.5 < deadline) {
      /* Slot 0 becomes a blocker: destroy what it held. */
      co_delete(s->slots[0].co);
      s->destroyed++;
      fill(s, 0, 1);
      s->blocking = 1;
      s->next_block = now + 1.0;
    }
    for (int i = 0; i < s->nslots; i++) {
      struct slot *sl = &s->slots[i];
      co_call(sl->co);
      s->switches += 2;
      if (sl->done) {
        if (i == 0)
          s->blocking = 0;
        co_delete(sl->co);
        s->destroyed++;
        fill(s, i, 0);
      }
    }
    usleep(hub_wait_us); /* the hub waits: never a blockage */
  }
  for (int i = 0; i < s->nslots; i++) {
    co_delete(s->slots[i].co);
    s->destroyed++;
  }
  co_thread_cleanup();
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 6 && argc != 7) {
    fprintf(stderr,
            "usage: %s THREADS LIVE SECONDS BLOCKERS BLOCK_MS [HUB_WAIT_US]\n",
            argv[0]);
    return 2;
  }
  threads = atoi(argv[1]);
  live = atoi(argv[2]);
  seconds = atoi(argv[3]);
  blockers = atoi(argv[4]);
  block_ms = atoi(argv[5]);
  if (argc == 7)
    hub_wait_us = atoi(argv[6]);
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sched *s = calloc(threads, sizeof *s);
  pthread_t *t = calloc(threads, sizeof *t);
  double start = mono();
  deadline = start + seconds;
  for (int i = 0; i < threads; i++) {
    s[i].id = i;
    s[i].nslots = live / threads + (i < live % threads);
    s[i].slots = calloc(s[i].nslots, sizeof *s[i].slots);
    /* staggered: blockers start between 1 and 2 s in */
    if (i < blockers)
      s[i].next_block = start + 1.0 + (double)i / (blockers ? blockers : 1);
    pthread_create(&t[i], NULL, run, &s[i]);
  }
  pthread_t hb;
  pthread_create(&hb, NULL, heartbeat, NULL);
  while (atomic_load(&started) < threads)
    usleep(1000);
  usleep(1000 * 1000); /* warm-up: every pool full, allocators settled */
  long rss_warm = rss_kb();
  for (int i = 0; i < threads; i++)
    pthread_join(t[i], NULL);
  pthread_join(hb, NULL);
  long rss_end = rss_kb();
  for (int i = 0; i < nstalls; i++)
    printf("stall start=%.3f ms=%.0f\n", stalls[i].start, stalls[i].ms);
  unsigned long created = 0, switches = 0, destroyed = 0;
  int truths = 0;
  for (int i = 0; i < threads; i++) {
    for (int j = 0; j < s[i].ntruths; j++) {
      struct truth *tr = &s[i].truths[j];
      printf("truth tid=%d handle=%p start=%.3f end=%.3f how=%d\n",
             (int)tr->tid, tr->handle, tr->start, tr->end, tr->how);
    }
    truths += s[i].ntruths;
    created += s[i].created;
    switches += s[i].switches;
    destroyed += s[i].destroyed;
  }
  printf("rss_warm_kb=%ld rss_end_kb=%ld\n", rss_warm, rss_end);
  printf("rss_each_second_kb=");
  for (int i = 0; i < nsamples; i++)
    printf("%s%ld", i ? "," : "", rss_samples[i]);
  printf("\n");
  printf("threads=%d live=%d seconds=%.1f created=%lu destroyed=%lu "
         "switches=%lu blockages=%d\n",
         threads, live, mono() - start, created, destroyed, switches, truths);
  for (int i = 0; i < threads; i++)
    free(s[i].slots);
  free(s);
  free(t);
  return 0;
}
