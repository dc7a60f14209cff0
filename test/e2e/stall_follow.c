// Intent: a stall that moves is followed: the blocked report names parse(), where it began; a later still_blocked carries a fresh stack that names compress(); unblocked lists the distinct stacks sampled, most seen first, as collapsed lines (compress's first); and the exit summary blames compress, the user's function, not the static inline helper inlined into it at -O2. Text, JSON and the callback agree.
// RUN: %swgcc -g -O2 %s -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100 %t 2>&1 | FileCheck %s -DFILE=stall_follow.c -D#PARSE=$(grep -n 'MARK[:]parse' %s | cut -d: -f1) -D#SPEND=$(grep -n 'MARK[:]spend' %s | cut -d: -f1) -D#COMPRESS=$(grep -n 'MARK[:]compress' %s | cut -d: -f1)
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=100:format=json %t 2>%t.json >/dev/null
// RUN: python3 %inputs/check_events.py < %t.json | FileCheck %s --check-prefix=JSON -D#COMPRESS=$(grep -n 'MARK[:]compress' %s | cut -d: -f1)
// RUN: python3 %S/Inputs/stall_events.py < %t.json | FileCheck %s --check-prefix=STALL -D#PARSE=$(grep -n 'MARK[:]parse' %s | cut -d: -f1) -D#SPEND=$(grep -n 'MARK[:]spend' %s | cut -d: -f1) -D#COMPRESS=$(grep -n 'MARK[:]compress' %s | cut -d: -f1)
#include "../Inputs/pcl_hub.h"
#include <string.h>
#include <switchguard.h>

/* The helper the stall is in: inlined into both callers at -O2. */
static inline void spend(int ms) { usleep(ms * 1000); } // MARK:spend

__attribute__((noinline)) static void parse(void) {
  spend(300); // MARK:parse
}

__attribute__((noinline)) static void compress(void) {
  spend(1000); // MARK:compress
}

static void handle(void *arg) {
  co_resume();
  parse();
  compress();
  co_resume();
  hub_finish();
}

/* The innermost frame of a function of this file: parse or compress. */
static const char *ours(const struct swg_event_frame *v, int n) {
  for (int i = 0; i < n; i++)
    if (v[i].function && (!strcmp(v[i].function, "parse") ||
                          !strcmp(v[i].function, "compress")))
      return v[i].function;
  return "none";
}

static void on_event(const struct swg_event *ev, void *arg) {
  if (ev->kind == SWG_EVENT_UNBLOCKED) {
    printf("cb unblocked samples_ok=%d stacks_ok=%d top=%s\n",
           ev->samples >= 10, ev->stall_stack_count >= 2,
           ev->stall_stack_count
               ? ours(ev->stall_stacks[0].frames, ev->stall_stacks[0].depth)
               : "none");
  } else {
    printf("cb %s report=%d in=%s\n", ev->event, ev->report_no,
           ours(ev->stack, ev->stack_depth));
  }
  fflush(stdout);
}

int main(void) {
  swg_event_subscribe(SWG_EVENT_MASK(SWG_EVENT_BLOCKED) |
                          SWG_EVENT_MASK(SWG_EVENT_STILL_BLOCKED) |
                          SWG_EVENT_MASK(SWG_EVENT_UNBLOCKED),
                      on_event, NULL);
  co_thread_init();
  hub_run(co_create(handle, NULL, NULL, 64 * 1024));
  return 0;
}

// The blocked report: where it began.
// CHECK: WARNING: switchguard: coroutine 'handle' blocked thread [[TID:[0-9]+]]
// CHECK-NEXT: Blocked stack (
// CHECK: in spend {{.*}}[[FILE]]:[[#SPEND]]:{{[0-9]+}} [inlined]
// CHECK-NEXT: in parse {{.*}}[[FILE]]:[[#PARSE]]
// CHECK: SUMMARY: switchguard: blocked coroutine 'handle'
// CHECK: cb blocked report=1 in=parse
// Each later report has a stack of its own; by 400 ms it is in compress.
// CHECK: coroutine 'handle' still blocked on thread [[TID]] after {{[0-9]+}} ms
// CHECK-NEXT: Blocked stack
// CHECK: coroutine 'handle' still blocked on thread [[TID]] after {{[4-7][0-9][0-9]}} ms
// CHECK-NEXT: Blocked stack
// CHECK-NOT: switchguard:
// CHECK: in compress {{.*}}[[FILE]]:[[#COMPRESS]]
// CHECK: cb still_blocked report=3 in=compress
// CHECK: coroutine 'handle' unblocked on thread [[TID]] after 1.{{[0-9]+}} s
// CHECK-NEXT: Stall stacks ({{[0-9]+}} samples, innermost call last):
// CHECK-NEXT: {{^ *[0-9]+ }}{{.*}}handle;compress;spend{{$}}
// CHECK-NEXT: {{^ *[0-9]+ }}{{.*}}handle;parse;spend{{$}}
// CHECK: cb unblocked samples_ok=1 stacks_ok=1 top=compress
// CHECK: exit summary: 1 blocking incident
// CHECK-NEXT: {{^    }}1 incident, longest {{.*}}: compress {{.*}}[[FILE]]:[[#COMPRESS]]

// JSON: EVENT blocked coroutine=handle
// JSON: EVENT still_blocked coroutine=handle report=2
// JSON: EVENT unblocked coroutine=handle end=switch
// JSON: EVENT exit_summary incidents=1 sites=compress:[[#COMPRESS]]x1

// STALL: blocked where=spend:[[#SPEND]] stack=parse:[[#PARSE]]
// STALL: still_blocked report=3 where=spend:[[#SPEND]] stack=compress:[[#COMPRESS]]
// STALL: unblocked top=compress:[[#COMPRESS]] second=parse:[[#PARSE]] counts_sum_ok=1
