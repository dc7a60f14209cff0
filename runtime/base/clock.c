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

struct timespec swg__deadline_in(int timeout_ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  long long ns = ts.tv_nsec + (long long)timeout_ms * 1000000;
  ts.tv_sec += (time_t)(ns / 1000000000);
  ts.tv_nsec = (long)(ns % 1000000000);
  return ts;
}
