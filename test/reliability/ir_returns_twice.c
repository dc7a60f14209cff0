// Intent: functions that call returns_twice functions (setjmp, getcontext) keep working when their switch calls are instrumented and when they are must_switch scopes: the IR verifies at -O0 and -O2, the returns_twice calls keep their attribute and are not wrapped, and the program prints the same as a plain build, with no false must_switch failure.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O2 -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: %swgcc -O0 %s -lpcl -o %t0 2>/dev/null && %t0 > %t0.out 2>&1
// RUN: %swgcc -O2 %s -lpcl -o %t2 2>/dev/null && %t2 > %t2.out 2>&1
// RUN: %clang -O2 -Wno-unknown-attributes %s -lpcl -o %tp && %tp > %tp.out
// RUN: diff %tp.out %t0.out
// RUN: diff %tp.out %t2.out
// RUN: FileCheck %s < %t2.out
// The inline fast path (the default) keeps the IR valid too (verified).
// RUN: %clang %plugin -O0 -c %s -o /dev/null
// RUN: %clang %plugin -O2 -c %s -o /dev/null
#include <pcl.h>
#include <setjmp.h>
#include <stdio.h>
#include <ucontext.h>

static jmp_buf jb;
static ucontext_t main_uc, co_uc;
static int turns;

static void body(void *arg) {
  for (;;) {
    turns++;
    co_resume();
  }
}

// IR-LABEL: define {{.*}}@with_setjmp(
// IR: call {{.*}}i32 @_setjmp({{.*}}) #[[RT:[0-9]+]]
// IR-NOT: define
// IR: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR: call void @co_call(
// IR-NEXT: {{call void @__swg_switch_return|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
int with_setjmp(coroutine_t co, int n) {
  volatile int i = 0;
  if (setjmp(jb) < n) {
    co_call(co);
    i++;
    longjmp(jb, i + 1);
  }
  return i;
}

static void uc_body(void) {
  for (int k = 0; k < 3; k++)
    swapcontext(&co_uc, &main_uc);
}

// IR-LABEL: define {{.*}}@with_getcontext(
// IR: call i32 @getcontext({{.*}}) #[[RT]]
// IR: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR: call i32 @swapcontext(
// IR-NEXT: {{call void @__swg_switch_return|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
int with_getcontext(void) {
  volatile int again = 0;
  static char stack[65536];
  getcontext(&main_uc);
  if (again++ < 2) {
    getcontext(&co_uc);
    co_uc.uc_stack.ss_sp = stack;
    co_uc.uc_stack.ss_size = sizeof stack;
    co_uc.uc_link = &main_uc;
    makecontext(&co_uc, uc_body, 0);
    swapcontext(&main_uc, &co_uc);
  }
  return again;
}

// IR-LABEL: define {{.*}}@guarded_setjmp(
// IR: call void @__swg_guard_enter(
// IR: call {{.*}}i32 @_setjmp({{.*}}) #[[RT]]
// IR: call void @__swg_guard_exit(
__attribute__((must_switch)) int guarded_setjmp(coroutine_t co) {
  jmp_buf local;
  if (!setjmp(local)) {
    co_call(co);
    longjmp(local, 1);
  }
  return 7;
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 65536);
  printf("setjmp: %d turns %d\n", with_setjmp(co, 5), turns);
  printf("getcontext: %d\n", with_getcontext());
  printf("guarded: %d turns %d\n", guarded_setjmp(co), turns);
  co_delete(co);
  return 0;
}
// IR: attributes #[[RT]] = {{{.*}}returns_twice

// CHECK: setjmp: 4 turns 4
// CHECK-NEXT: getcontext: 1
// CHECK-NEXT: guarded: 7 turns 5
