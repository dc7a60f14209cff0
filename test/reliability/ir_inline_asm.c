// Intent: functions with inline assembly (plain asm volatile, asm with outputs and clobbers, and asm goto, a callbr) that switch, and a must_switch function with asm goto, instrument into valid IR at -O0 and -O2 and run as a plain build does.
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
#include <pcl.h>
#include <stdio.h>

static int turns;
static void body(void *arg) {
  for (;;) {
    turns++;
    co_resume();
  }
}

// IR-LABEL: define {{.*}}@asm_switch(
// IR: call {{.*}}asm sideeffect
// IR: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR: call void @co_call(
// IR-NEXT: {{call void @__swg_switch_return|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
int asm_switch(coroutine_t co, int n) {
  int x = n;
  __asm__ volatile("" ::: "memory");
  co_call(co);
#if defined(__x86_64__)
  __asm__ volatile("addl $5, %0" : "+r"(x) : : "cc");
#else
  __asm__ volatile("add %w0, %w0, #5" : "+r"(x) : : "cc");
#endif
  co_call(co);
  return x;
}

// IR-LABEL: define {{.*}}@guarded_asm_goto(
// IR: call void @__swg_guard_enter(
// IR: callbr void asm
// IR: call void @__swg_guard_exit(
__attribute__((must_switch)) int guarded_asm_goto(coroutine_t co, int n) {
  if (n > 1000) /* a path without a switch: the guard is kept */
    return 0;
#if defined(__x86_64__)
  __asm__ goto("testl %0, %0; jz %l[zero]" : : "r"(n) : "cc" : zero);
#else
  __asm__ goto("cbz %w0, %l[zero]" : : "r"(n) : "cc" : zero);
#endif
  co_call(co);
  return n * 2;
zero:
  co_call(co);
  co_call(co);
  return -1;
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 65536);
  int a = asm_switch(co, 10);
  int b = guarded_asm_goto(co, 21);
  int c = guarded_asm_goto(co, 0);
  printf("asm %d goto %d %d turns %d\n", a, b, c, turns);
  co_delete(co);
  return 0;
}
// CHECK: asm 15 goto 42 -1 turns 5
