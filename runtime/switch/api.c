/*===- api.c - The calls of switchguard.h ------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 *===----------------------------------------------------------------------===*/
#include "switch.h"
#include "switchguard.h"

int swg_coro_set_name(void *handle, const char *name) {
  return name && swg__registry_set_name(handle, name) ? 0 : -1;
}

void swg_set_hub(void) { __swg_hub(NULL); }

/* A thread with no record yet reads NULL and 0 from its TLS block. */
void *swg_current_coroutine(void) { return swg__own_current(); }

unsigned long swg_switch_count(void) { return (unsigned long)swg__own_seq(); }

void swg_ignore_current_blocking(void) {
  atomic_store_explicit(&swg__thread_self()->ignored, 1, memory_order_relaxed);
}

void swg_monitor_current_blocking(void) {
  atomic_store_explicit(&swg__thread_self()->ignored, 0, memory_order_relaxed);
}
