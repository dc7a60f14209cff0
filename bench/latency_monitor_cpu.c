/* latency_monitor_cpu.c - what watching costs: the monitor thread's CPU
 * time (from /proc/self/task/TID/schedstat, in ns) and how often it woke
 * (its voluntary context switches, from .../status: one per sleep) while
 * THREADS hub threads each keep CORO live PCL coroutines and resume one of
 * them every EVERY_MS milliseconds (default 1), for SECONDS. Prints the
 * share of one core the monitor used and its wake-ups per second.
 *   latency_monitor_cpu THREADS CORO SECONDS [EVERY_MS] */
#define _GNU_SOURCE /* clock_gettime, usleep under -std=c11 */
#include <dirent.h>
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int ncoro, every_ms = 1;
static volatile int stop;

static void idle(void *arg) {
  (void)arg;
  for (;;)
    co_resume();
}

static void *hub(void *arg) {
  (void)arg;
  co_thread_init();
  coroutine_t *co = calloc((size_t)ncoro, sizeof *co);
  for (int i = 0; i < ncoro; i++)
    co[i] = co_create(idle, NULL, NULL, 16 * 1024);
  for (int i = 0; !stop; i = (i + 1) % ncoro) {
    co_call(co[i]);
    usleep((useconds_t)every_ms * 1000);
  }
  for (int i = 0; i < ncoro; i++)
    co_delete(co[i]);
  free(co);
  return NULL;
}

/* The directory name of the thread named swg-monitor, or "" if none. */
static void monitor_task(char *tid, size_t n) {
  DIR *d = opendir("/proc/self/task");
  tid[0] = '\0';
  for (struct dirent *e; d && (e = readdir(d)) && !tid[0];) {
    char path[300], comm[32] = "";
    snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f)
      continue;
    if (!fgets(comm, sizeof comm, f))
      comm[0] = '\0';
    fclose(f);
    if (!strncmp(comm, "swg-monitor", 11) && comm[11] == '\n')
      snprintf(tid, n, "%s", e->d_name);
  }
  if (d)
    closedir(d);
}

/* The monitor's CPU ns and voluntary context switches so far; false if
 * they cannot be read. */
static int monitor_usage(const char *tid, long long *cpu_ns, long long *sleeps) {
  char path[300], line[128];
  snprintf(path, sizeof path, "/proc/self/task/%s/schedstat", tid);
  FILE *f = fopen(path, "r");
  int ok = f && fscanf(f, "%lld", cpu_ns) == 1;
  if (f)
    fclose(f);
  snprintf(path, sizeof path, "/proc/self/task/%s/status", tid);
  if (!ok || !(f = fopen(path, "r")))
    return 0;
  ok = 0;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "voluntary_ctxt_switches: %lld", sleeps) == 1)
      ok = 1;
  fclose(f);
  return ok;
}

int main(int argc, char **argv) {
  int nthreads = argc > 1 ? atoi(argv[1]) : 1;
  ncoro = argc > 2 ? atoi(argv[2]) : 10;
  int seconds = argc > 3 ? atoi(argv[3]) : 10;
  every_ms = argc > 4 ? atoi(argv[4]) : 1;
  if (nthreads < 1 || ncoro < 1 || seconds < 1 || every_ms < 1)
    return 2;
  pthread_t *t = calloc((size_t)nthreads, sizeof *t);
  for (int i = 0; i < nthreads; i++)
    pthread_create(&t[i], NULL, hub, NULL);
  sleep(1); /* everyone has switched; the monitor runs */
  char tid[32];
  monitor_task(tid, sizeof tid);
  long long cpu0, sleeps0, cpu1, sleeps1;
  int ok = tid[0] && monitor_usage(tid, &cpu0, &sleeps0);
  sleep((unsigned)seconds);
  ok = ok && monitor_usage(tid, &cpu1, &sleeps1);
  stop = 1;
  for (int i = 0; i < nthreads; i++)
    pthread_join(t[i], NULL);
  if (ok)
    printf("%d thread(s) x %d coroutines, %d s: monitor used %.4f%% of a "
           "core, woke %.1f times a second\n",
           nthreads, ncoro, seconds, (cpu1 - cpu0) / (seconds * 1e9) * 100,
           (double)(sleeps1 - sleeps0) / seconds);
  else
    printf("%d thread(s) x %d coroutines, %d s: no monitor thread found\n",
           nthreads, ncoro, seconds);
  free(t);
  return 0;
}
