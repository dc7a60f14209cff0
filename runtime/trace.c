/*===- trace.c - The timeline and the blocking profile -----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Records every switch of threads that switch, when trace_path or profile
 * asks for it (issue #8). Not built yet: nothing is recorded.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"

bool swg__record_wanted(void) { return false; }

void swg__record_switch(struct swg_thread *t, void *to,
                        const struct swg_site *site) {
  (void)t, (void)to, (void)site;
}
