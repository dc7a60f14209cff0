// Intent: functions with variable-length arrays and alloca() that switch, and a must_switch function with both, instrument into valid IR at -O0 and -O2 (the guard's own slot stays a static alloca in the entry block), and run as a plain build does.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %swgcc -O0 %s -lpcl -o %t0 && %t0 > %t0.out
// RUN: %swgcc -O2 %s -lpcl -o %t2 && %t2 > %t2.out
// RUN: %clang -O2 -Wno-unknown-attributes %s -lpcl -o %tp && %tp > %tp.out
// RUN: diff %tp.out %t0.out
// RUN: diff %tp.out %t2.out
// RUN: FileCheck %s < %t2.out
// The inline fast path (the default) keeps the IR valid too (verified).
// RUN: %clang %plugin -O0 -c %s -o /dev/null
// RUN: %clang %plugin -O2 -c %s -o /dev/null
#include <alloca.h>
#include <pcl.h>
#include <stdio.h>
#include <string.h>

static int turns;
static void body(void *arg) {
  for (;;) {
    turns++;
    co_resume();
  }
}

// IR-LABEL: define {{.*}}@vla_switch(
// IR: alloca i8, i64
// IR: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR: call void @co_call(
// IR-NEXT: {{call void @__swg_switch_return|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
int vla_switch(coroutine_t co, int n) {
  int v[n];
  int sum = 0;
  for (int i = 0; i < n; i++) {
    v[i] = i;
    char *scratch = alloca(64 + i); /* grows the frame on every turn */
    memset(scratch, i, 64 + i);
    co_call(co);
    sum += v[i] + scratch[63 + i];
  }
  return sum;
}

// IR-LABEL: define {{.*}}@guarded_alloca(
// IR: alloca [128 x i8], align 8
// IR: call void @__swg_guard_enter(
// IR: call void @__swg_guard_exit(
__attribute__((must_switch(1000))) int guarded_alloca(coroutine_t co, int n) {
  int *v = alloca(n * sizeof *v);
  int w[n];
  for (int i = 0; i < n; i++) {
    v[i] = w[i] = i * i;
    if (i % 3 == 0)
      co_call(co);
  }
  return v[n - 1] + w[n / 2];
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 65536);
  int a = vla_switch(co, 50);
  int b = guarded_alloca(co, 20);
  printf("vla %d guarded %d turns %d\n", a, b, turns);
  co_delete(co);
  return 0;
}
// CHECK: vla 2450 guarded 461 turns 57
