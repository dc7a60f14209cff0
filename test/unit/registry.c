// Intent: the coroutine registry finds every live handle, forgets destroyed
// ones, resolves address handles by stack range, and a million
// create/destroy cycles leave its memory flat; a coroutine made on one
// thread is found, renamed and destroyed from another, and a handle reused
// on another thread without a destroy finds its newest coroutine.
// RUN: %clang -std=c11 -D_GNU_SOURCE -O1 %rtinc %s %rtsrc/switch/registry.c %rtsrc/base/hashtab.c -lpthread -o %t
// RUN: %t | FileCheck %s
#include "switch.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// Two thread records, as hooks.c would keep them: registry.c reads the
// list and each record's shard.
static struct swg_thread other, self = {.next = &other};
struct swg_thread *swg__thread_list(void) { return &self; }
__thread struct swg_thread *swg__tls_self;

static int failures;
#define EXPECT(c, ...)                                                         \
  do {                                                                         \
    if (!(c)) {                                                                \
      printf("FAIL: " __VA_ARGS__);                                            \
      printf("\n");                                                            \
      failures++;                                                              \
    }                                                                          \
  } while (0)

static void add_on(struct swg_thread *t, uintptr_t h, pid_t tid) {
  struct swg_coro_info c = {.handle = (void *)h, .name = "c", .spawn_tid = tid};
  swg__registry_add(t, &c, NULL);
}
static void add(uintptr_t h) { add_on(&self, h, 1); }

int main(void) {
  enum { LIVE = 1000, CYCLES = 1000000 };
  char name[32];
  struct swg_coro_info out;
  // Handles 16 apart, like pointers from malloc.
  for (uintptr_t i = 1; i <= LIVE; i++)
    add(i * 16);
  EXPECT(swg__registry_count() == LIVE, "count %zu", swg__registry_count());
  for (uintptr_t i = 1; i <= LIVE; i++)
    EXPECT(swg__registry_lookup((void *)(i * 16), &out, name, sizeof name),
           "lookup %lu", (unsigned long)i);
  // Warm up to the steady state, then measure a million more cycles.
  uintptr_t next = LIVE + 1;
  for (int i = 0; i < 100000; i++, next++) {
    swg__registry_remove(&self, (void *)((next - LIVE) * 16));
    add(next * 16);
  }
  size_t before = mallinfo2().uordblks;
  for (int i = 0; i < CYCLES; i++, next++) {
    swg__registry_remove(&self, (void *)((next - LIVE) * 16));
    add(next * 16);
  }
  size_t after = mallinfo2().uordblks;
  EXPECT(swg__registry_count() == LIVE, "count after cycles %zu",
         swg__registry_count());
  EXPECT(after <= before, "memory grew from %zu to %zu bytes", before, after);
  for (uintptr_t h = (next - LIVE) * 16; h < next * 16; h += 16)
    EXPECT(swg__registry_lookup((void *)h, &out, name, sizeof name),
           "live %lx", (unsigned long)h);
  EXPECT(!swg__registry_lookup((void *)((next - LIVE - 1) * 16), &out, name,
                               sizeof name),
         "a destroyed handle is still found");
  printf("cycles: %d, live: %zu, heap in use before %zu after %zu\n", CYCLES,
         swg__registry_count(), before, after);

  // Address handles: any address inside a coroutine's stack finds it.
  static char stack[4096];
  struct swg_coro_info s = {.handle = stack + 4096, .name = "fctx",
                            .stack_lo = (uintptr_t)stack,
                            .stack_hi = (uintptr_t)stack + 4096};
  swg__registry_add(&self, &s, NULL);
  EXPECT(swg__registry_lookup(stack + 100, &out, name, sizeof name) &&
             out.handle == stack + 4096,
         "an address inside the stack finds its coroutine");
  EXPECT(!swg__registry_contains(stack + 5000), "an address outside");
  // Renaming keeps a copy.
  char temp[16] = "renamed";
  EXPECT(swg__registry_set_name(stack + 4096, temp), "rename");
  temp[0] = 'X';
  EXPECT(swg__registry_lookup(stack + 4096, &out, name, sizeof name) &&
             !strcmp(out.name, "renamed"),
         "the name is a copy: %s", out.name);

  // Another thread's coroutine: found from here, renamed, destroyed.
  swg__tls_self = &self;
  size_t live = swg__registry_count();
  add_on(&other, 0x7000, 2);
  EXPECT(swg__registry_count() == live + 1, "counted across threads");
  EXPECT(swg__registry_contains((void *)0x7000), "found from another thread");
  EXPECT(swg__registry_set_name((void *)0x7000, "moved"), "renamed");
  swg__registry_remove(&self, (void *)0x7000);
  EXPECT(!swg__registry_contains((void *)0x7000),
         "destroyed from another thread");
  EXPECT(swg__registry_count() == live, "count after the move");
  // A handle reused on the other thread without a destroy: the newest,
  // a clock tick (a few ms) later; within one tick threads are not ordered.
  add_on(&self, 0x8000, 1);
  nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
  add_on(&other, 0x8000, 2);
  EXPECT(swg__registry_lookup((void *)0x8000, &out, name, sizeof name) &&
             out.spawn_tid == 2,
         "the newest spawn of a reused handle: tid %d", (int)out.spawn_tid);
  // Stamps are unique and increasing on one thread, even within a tick.
  add_on(&self, 0x9000, 1);
  add_on(&self, 0x9010, 1);
  struct swg_coro_info a, b;
  EXPECT(swg__registry_lookup((void *)0x9000, &a, name, sizeof name) &&
             swg__registry_lookup((void *)0x9010, &b, name, sizeof name) &&
             b.created_ns > a.created_ns,
         "a later spawn is younger");
  printf("%s\n", failures ? "FAILED" : "PASSED");
  return failures != 0;
}
// CHECK: cycles: 1000000, live: 1000, heap in use before
// CHECK-NEXT: PASSED
