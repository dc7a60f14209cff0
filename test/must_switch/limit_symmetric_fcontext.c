// Intent: must_switch(ms) on Boost.Context fcontext, whose yield is the
// symmetric jump_fcontext and whose context function must never return: a
// stretch over the limit up to the last jump, after which the context is
// never resumed, fails there; time the hub spends before resuming it
// never counts.
// RUN: %swgcc -g -O0 %s -lboost_context -o %t0
// RUN: %swgcc -g -O2 %s -lboost_context -o %t2
// RUN: not --crash %t0 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_fcontext.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]end' %s | cut -d: -f1)
// RUN: not --crash %t2 exit 2>&1 | FileCheck %s --check-prefix=EXIT -DFILE=limit_symmetric_fcontext.c -D#YIELD=$(grep -n 'MARK[:]yield' %s | cut -d: -f1) -D#END=$(grep -n 'MARK[:]end' %s | cut -d: -f1)
// RUN: %t0 hub 2>&1 | FileCheck %s --check-prefix=HUB
// RUN: %t2 hub 2>&1 | FileCheck %s --check-prefix=HUB
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <switchguard.h>
#include <unistd.h>

typedef void *fcontext_t;
typedef struct { fcontext_t fctx; void *data; } transfer_t;
transfer_t jump_fcontext(fcontext_t const to, void *vp);
fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));

static char stack[128 * 1024];
static int block;

SWG_MUST_SWITCH_WITHIN(100) static void body(transfer_t t) {
  t = jump_fcontext(t.fctx, NULL); // MARK:yield
  if (block)
    usleep(300 * 1000);
  jump_fcontext(t.fctx, NULL); // MARK:end
}

int main(int argc, char **argv) {
  block = argc > 1 && !strcmp(argv[1], "exit");
  fcontext_t co = make_fcontext(stack + sizeof stack, sizeof stack, body);
  co = jump_fcontext(co, NULL).fctx;
  if (!block)
    usleep(300 * 1000); /* hub time */
  jump_fcontext(co, NULL);
  printf("done\n");
  return 0;
}

// EXIT: ERROR: switchguard: must_switch scope 'body' ran {{[0-9]+}} ms without switching (limit 100 ms), on thread {{[0-9]+}} "{{.*}}" in coroutine 'body'
// EXIT-NEXT: Scope: {{.*}}[[FILE]]:
// EXIT-NEXT: Longest stretch: {{[0-9]+}} ms, from {{.*}}[[FILE]]:[[#YIELD]] to {{.*}}[[FILE]]:[[#END]]
// EXIT: SUMMARY: switchguard: must_switch failed in body {{.*}}[[FILE]]:{{[0-9]+}} (stretch)
// EXIT-NEXT: ABORTING
// EXIT-NOT: done

// HUB-NOT: ERROR
// HUB: done
