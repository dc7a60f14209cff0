// Intent: a coroutine spinning in malloc/free is captured with its stack even when the monitor shares its only malloc arena (glibc.malloc.arena_max=1, tcache off): ten incidents, ten stacks.
// RUN: %swgcc -g -O1 %S/capture_in_malloc.c -lpcl -o %t
// RUN: env SWITCHGUARD_OPTIONS=format=json GLIBC_TUNABLES=glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1 timeout 60 %t > %t.out 2> %t.log
// RUN: python3 %inputs/check_events.py < %t.log > /dev/null
// RUN: python3 %S/Inputs/check_incidents.py %t.log | FileCheck %s
// RUN: python3 %S/Inputs/malloc_frames.py %t.log | FileCheck %s --check-prefix=FRAMES
// RUN: not grep -E 'resumed while|did not stay parked' %t.log
// Every capture works. The first report may still come without a stack,
// saying the thread "switched before its stack was read": it waits for the
// symbol warm-up (runtime/report.c), which contends for the one arena too
// and can outlast the 250 ms stretch.
// CHECK: incidents: 10, all closed once by switch; without a stack: {{[01]}}, of which unexplained: 0
// FRAMES: stacks with an allocator frame: {{[7-9]|10}} of {{9|10}}
