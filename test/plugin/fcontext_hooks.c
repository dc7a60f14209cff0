// Intent: Boost.Context's fcontext has no C header: C programs declare it
// themselves, so it matches by name and signature. make_fcontext is a
// spawn that passes the stack range (handles are addresses that change on
// every switch), jump_fcontext a switch to its first argument; a function
// of the same name with another shape is left alone.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm -DWRONG_SHAPE %s -o - | FileCheck %s --check-prefix=SHAPE
#include <stddef.h>

typedef void *fcontext_t;
typedef struct { fcontext_t fctx; void *data; } transfer_t;
#ifdef WRONG_SHAPE
int jump_fcontext(double x);
void run(void) { jump_fcontext(1.0); }
// SHAPE-NOT: __swg_switch_enter
#else
transfer_t jump_fcontext(fcontext_t const to, void *vp);
fcontext_t make_fcontext(void *sp, size_t size, void (*fn)(transfer_t));

static char stack[65536];
static void body(transfer_t t) { jump_fcontext(t.fctx, NULL); }

void run(void) {
  // CHECK-LABEL: define {{.*}}@run(
  // CHECK: [[C:%[0-9a-z]+]] = {{.*}}call ptr @make_fcontext(ptr {{.*}}, i64 {{.*}}65536, ptr {{.*}}@body)
  // CHECK-NEXT: call void @__swg_spawn(ptr [[C]], ptr {{.*}}@body, ptr null, ptr {{.*}}, i64 65536,
  fcontext_t c = make_fcontext(stack + sizeof stack, sizeof stack, body);
  // CHECK: [[P:%[0-9]+]] = {{.*}}call ptr @__swg_switch_enter(ptr null, ptr [[C2:%[0-9a-z.]+]],
  // CHECK-NEXT: call { ptr, ptr } @jump_fcontext(ptr {{.*}}[[C2]], ptr
  // CHECK-NEXT: call void @__swg_switch_return(ptr [[P]],
  jump_fcontext(c, NULL);
}
#endif
