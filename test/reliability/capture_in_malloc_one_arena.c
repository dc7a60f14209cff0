// Intent: a coroutine spinning in malloc/free is captured with its stack even when the monitor shares its only malloc arena (glibc.malloc.arena_max=1, tcache off): ten incidents, ten stacks.
// XFAIL: *
// BUG (runtime/capture.c, signal path): the thread is parked in the capture
// signal's handler while the monitor walks its stack with libdwfl, which
// allocates. If the thread was interrupted holding the arena's lock, the
// monitor waits for that lock until the handler's 100 ms park runs out,
// the thread goes on, and the capture is discarded ("resumed while its
// stack was read"): 7 of 10 stacks lost with arena_max=1, 10 of 10 with
// tcache off too. No deadlock, but no stack. Copying the stack (a few
// pages from SP) and registers into a buffer made in advance while the
// thread is parked, releasing it, then unwinding from the copy would need
// no allocation during the park.
// RUN: %swgcc -g -O1 %S/capture_in_malloc.c -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json GLIBC_TUNABLES=glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1 timeout 60 %t > %t.out 2> %t.log
// RUN: python3 %inputs/check_events.py < %t.log > /dev/null
// RUN: python3 %S/Inputs/check_incidents.py %t.log | FileCheck %s
// CHECK: incidents: 10, all closed once by switch; without a stack: 0
