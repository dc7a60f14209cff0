/* registry_memory.c - what the coroutine registry costs per live
 * coroutine. N coroutines are spawned through a function marked as a
 * spawn primitive that hands out distinct handles and allocates nothing,
 * so every byte the heap grows by is switchguard's registry. Prints N,
 * the heap's growth (mallinfo2: in-use bytes, small and mmap'd) per
 * coroutine, and the resident size's growth per coroutine.
 *   registry_memory N */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <switchguard.h>

SWG_SPAWN_INTO(2, 1) __attribute__((noinline)) void fake_spawn(void *co, void (*fn)(void *));
__attribute__((noinline)) void fake_spawn(void *co, void (*fn)(void *)) {
  (void)co, (void)fn;
  __asm__ volatile("");
}

static void body(void *arg) { (void)arg; }

/* Distinct handles, never dereferenced. */
static void *handle(long i) { return (void *)(uintptr_t)(0x10000 + 16 * i); }

static size_t heap_bytes(void) {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

static long rss_kb(void) {
  long size = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (fscanf(f, "%ld %ld", &size, &resident) != 2)
      resident = 0;
    fclose(f);
  }
  return resident * 4;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  fake_spawn(handle(0), body); /* the thread's record and the first blocks */
  size_t heap0 = heap_bytes();
  long rss0 = rss_kb();
  for (long i = 1; i <= n; i++)
    fake_spawn(handle(i), body);
  double heap = (double)(heap_bytes() - heap0) / (double)n;
  double rss = (double)(rss_kb() - rss0) * 1024.0 / (double)n;
  printf("%ld %.1f %.1f\n", n, heap, rss);
  return 0;
}
