// Intent: a function dispatching with computed gotos (indirectbr) that switches in its handlers, and a must_switch function with one, instrument into valid IR at -O0 and -O2 and run as a plain build does.
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

// IR-LABEL: define {{.*}}@interpret(
// IR-DAG: indirectbr
// IR-DAG: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR-DAG: call void @co_call(
// IR-DAG: {{call void @__swg_switch_return|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
int interpret(coroutine_t co, const unsigned char *code) {
  static void *ops[] = {&&op_add, &&op_yield, &&op_end};
  int acc = 0, pc = 0;
#define NEXT goto *ops[code[pc++]]
  NEXT;
op_add:
  acc += 3;
  NEXT;
op_yield:
  co_call(co);
  acc *= 2;
  NEXT;
op_end:
  return acc;
}

// IR-LABEL: define {{.*}}@guarded_interpret(
// IR: call void @__swg_guard_enter(
// IR-DAG: indirectbr
// IR-DAG: call void @__swg_guard_exit(
// IR-LABEL: define {{.*}}@main(
__attribute__((must_switch)) int guarded_interpret(coroutine_t co, const unsigned char *code) {
  static void *ops[] = {&&op_add, &&op_yield, &&op_end};
  int acc = 1, pc = 0;
  goto *ops[code[pc++]];
op_add:
  acc += 1;
  goto *ops[code[pc++]];
op_yield:
  co_call(co);
  goto *ops[code[pc++]];
op_end:
  if (acc > 100)
    return -1;
  return acc;
}

int main(void) {
  static const unsigned char prog[] = {0, 1, 0, 1, 1, 0, 2};
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 65536);
  int a = interpret(co, prog);
  int b = guarded_interpret(co, prog);
  printf("interpret %d guarded %d turns %d\n", a, b, turns);
  co_delete(co);
  return 0;
}
// CHECK: interpret 39 guarded 4 turns 6
