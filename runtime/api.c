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

void swg_set_hub(void) { __swg_hub(NULL); }

void *swg_current_coroutine(void) {
  struct swg_thread *t = swg__thread_self();
  return atomic_load_explicit(&t->current, memory_order_relaxed);
}

unsigned long swg_switch_count(void) {
  struct swg_thread *t = swg__thread_self();
  return (unsigned long)atomic_load_explicit(&t->seq, memory_order_relaxed);
}

void swg_ignore_current_blocking(void) {
  atomic_store_explicit(&swg__thread_self()->ignored, 1, memory_order_relaxed);
}

void swg_monitor_current_blocking(void) {
  atomic_store_explicit(&swg__thread_self()->ignored, 0, memory_order_relaxed);
}
