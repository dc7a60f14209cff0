// Intent: switchguard-check reads the summaries of a two-file program and
// finds what neither file shows alone: a coroutine body whose callee in the
// other file blocks, and a must_switch function whose only call goes to a
// function in the other file that does not switch; a must_switch function
// that calls the other file's switching wrapper is fine. The compiler,
// seeing one file, stays quiet about all three.
// RUN: %clang %plugin -g -c %s -o %t.a.o 2>&1 | count 0
// RUN: %clang %plugin -g -c %S/Inputs/two_files_b.c -o %t.b.o 2>&1 | count 0
// RUN: %clang %t.a.o %t.b.o %swglib -lpcl -o %t.exe
// RUN: not %swgbin/switchguard-check %t.exe | FileCheck %s --implicit-check-not=warning: -DA=%s -DB=%S/Inputs/two_files_b.c -D#USLEEP=$(grep -n 'MARK[:]usleep' %S/Inputs/two_files_b.c | cut -d: -f1)
// The objects alone say the same.
// RUN: not %swgbin/switchguard-check %t.a.o %t.b.o | FileCheck %s --implicit-check-not=warning: -DA=%s -DB=%S/Inputs/two_files_b.c -D#USLEEP=$(grep -n 'MARK[:]usleep' %S/Inputs/two_files_b.c | cut -d: -f1)
// A program without summaries is an error, not silence.
// RUN: %clang -x c /dev/null -c -o %t.none.o && not %swgbin/switchguard-check %t.none.o 2>&1 | FileCheck %s --check-prefix=NONE
#include <pcl.h>

void helper(void);
void yield_wrapper(void);
void does_not_switch(int *p);

static void body(void *arg) {
  helper(); // MARK:helper
  co_resume();
}

__attribute__((must_switch)) void fine(void) { yield_wrapper(); }

__attribute__((must_switch)) void lazy(int *p) {
  does_not_switch(p);
} // MARK:lazy

int main(void) {
  coroutine_t co = co_create(body, 0, 0, 65536); // MARK:spawn
  co_call(co);
  return 0;
}

// CHECK: [[A]]:{{[0-9]+}}:{{[0-9]+}}: warning: must_switch function 'lazy' can return here without switching (the calls on the way, 'does_not_switch', do not switch)
// CHECK-NEXT: [[B]]:[[#USLEEP]]:3: warning: call to blocking function 'usleep' in coroutine context blocks every coroutine of this thread; reached from 'body' (calls it at [[A]]:{{[0-9]+}}:3) -> 'helper', 'body' being the entry of the co_create call at [[A]]:{{[0-9]+}}:{{[0-9]+}}
// NONE: has no switchguard summary
