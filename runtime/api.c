/*===- api.c - The calls of switchguard.h ------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"
#include "switchguard.h"

int swg_coro_set_name(void *handle, const char *name) {
  return name && swg__registry_set_name(handle, name) ? 0 : -1;
}

void swg_set_hub(void) {
  struct swg_thread *t = swg__thread_self();
  void *cur = atomic_load_explicit(&t->current, memory_order_relaxed);
  if (cur)
    t->hub_handle = cur;
  atomic_store_explicit(&t->current, NULL, memory_order_relaxed);
  atomic_fetch_add_explicit(&t->seq, 1, memory_order_release);
}

void swg_ignore_current_blocking(void) {
  atomic_store_explicit(&swg__thread_self()->ignored, 1, memory_order_relaxed);
}

void swg_monitor_current_blocking(void) {
  atomic_store_explicit(&swg__thread_self()->ignored, 0, memory_order_relaxed);
}
