// Intent: the coroutine registry finds every live handle, forgets destroyed
// ones, resolves address handles by stack range, and a million
// create/destroy cycles leave its memory flat.
// RUN: %clang -std=c11 -D_GNU_SOURCE -O1 %rtinc %s %rtsrc/switch/registry.c %rtsrc/base/hashtab.c -lpthread -o %t
// RUN: %t | FileCheck %s
#include "switch.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define EXPECT(c, ...)                                                         \
  do {                                                                         \
    if (!(c)) {                                                                \
      printf("FAIL: " __VA_ARGS__);                                            \
      printf("\n");                                                            \
      failures++;                                                              \
    }                                                                          \
  } while (0)

static void add(uintptr_t h) {
  struct swg_coro_info c = {.handle = (void *)h, .name = "c"};
  swg__registry_add(&c);
}

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
    swg__registry_remove((void *)((next - LIVE) * 16));
    add(next * 16);
  }
  size_t before = mallinfo2().uordblks;
  for (int i = 0; i < CYCLES; i++, next++) {
    swg__registry_remove((void *)((next - LIVE) * 16));
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
  swg__registry_add(&s);
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
  printf("%s\n", failures ? "FAILED" : "PASSED");
  return failures != 0;
}
// CHECK: cycles: 1000000, live: 1000, heap in use before
// CHECK-NEXT: PASSED
