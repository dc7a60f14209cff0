/*===- clock.c - The runtime's one clock -------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * CLOCK_MONOTONIC, through the vDSO: no system call. The switch path reads
 * it only while a feature that needs time is on.
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <time.h>

uint64_t swg__now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
