/* latency_monitor_cpu.c - what watching costs: the monitor thread's CPU
 * time (from /proc/self/task/TID/schedstat, in ns) while THREADS hub
 * threads each keep CORO live PCL coroutines and resume one of them every
 * millisecond, for SECONDS. Prints the share of one core the monitor used.
 *   latency_monitor_cpu THREADS CORO SECONDS */
#define _GNU_SOURCE /* clock_gettime, usleep under -std=c11 */
#include <dirent.h>
#include <pcl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int ncoro;
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
    usleep(1000);
  }
  for (int i = 0; i < ncoro; i++)
    co_delete(co[i]);
  free(co);
  return NULL;
}

/* CPU ns of the thread named swg-monitor, or -1. */
static long long monitor_cpu_ns(void) {
  DIR *d = opendir("/proc/self/task");
  long long ns = -1;
  for (struct dirent *e; d && (e = readdir(d));) {
    char path[300], comm[32] = "";
    snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f)
      continue;
    if (!fgets(comm, sizeof comm, f))
      comm[0] = '\0';
    fclose(f);
    if (strncmp(comm, "swg-monitor", 11))
      continue;
    snprintf(path, sizeof path, "/proc/self/task/%s/schedstat", e->d_name);
    if ((f = fopen(path, "r"))) {
      if (fscanf(f, "%lld", &ns) != 1)
        ns = -1;
      fclose(f);
    }
  }
  if (d)
    closedir(d);
  return ns;
}

int main(int argc, char **argv) {
  int nthreads = argc > 1 ? atoi(argv[1]) : 1;
  ncoro = argc > 2 ? atoi(argv[2]) : 10;
  int seconds = argc > 3 ? atoi(argv[3]) : 10;
  if (nthreads < 1 || ncoro < 1 || seconds < 1)
    return 2;
  pthread_t *t = calloc((size_t)nthreads, sizeof *t);
  for (int i = 0; i < nthreads; i++)
    pthread_create(&t[i], NULL, hub, NULL);
  sleep(1); /* everyone has switched; the monitor runs */
  long long before = monitor_cpu_ns();
  sleep((unsigned)seconds);
  long long after = monitor_cpu_ns();
  stop = 1;
  for (int i = 0; i < nthreads; i++)
    pthread_join(t[i], NULL);
  printf("%d thread(s) x %d coroutines, %d s: monitor used %.4f%% of a core\n",
         nthreads, ncoro, seconds,
         before < 0 ? -1.0 : (double)(after - before) / (seconds * 1e9) * 100);
  free(t);
  return 0;
}
