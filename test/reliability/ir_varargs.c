// Intent: variadic functions that switch, and a variadic must_switch function, instrument into valid IR at -O0 and -O2 (va_start/va_arg untouched) and run as a plain build does.
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
#include <stdarg.h>
#include <stdio.h>

static int turns;
static void body(void *arg) {
  for (;;) {
    turns++;
    co_resume();
  }
}

// IR-LABEL: define {{.*}}@sum_switching(ptr {{.*}}, i32 {{.*}}, ...)
// IR-DAG: call void @llvm.va_start
// IR-DAG: {{call ptr @__swg_switch_enter|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR-DAG: call void @co_call(
// IR-DAG: {{call void @__swg_switch_return|@llvm.threadlocal.address.p0\(ptr @__swg_tls\)}}
// IR-DAG: call void @llvm.va_end
int sum_switching(coroutine_t co, int n, ...) {
  va_list ap;
  int sum = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    sum += va_arg(ap, int);
    co_call(co);
  }
  va_end(ap);
  return sum;
}

// IR-LABEL: define {{.*}}@guarded_format(ptr {{.*}}, ptr {{.*}}, ...)
// IR: call void @__swg_guard_enter(
// IR: call void @llvm.va_start
// IR: call void @__swg_guard_exit(
__attribute__((must_switch)) int guarded_format(coroutine_t co, const char *fmt, ...) {
  char buf[128];
  va_list ap, copy;
  va_start(ap, fmt);
  va_copy(copy, ap);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n > 0)
    co_call(co);
  n += vsnprintf(buf, sizeof buf, fmt, copy);
  va_end(copy);
  va_end(ap);
  printf("formatted '%s'\n", buf);
  return n;
}

int main(void) {
  co_thread_init();
  coroutine_t co = co_create(body, NULL, NULL, 65536);
  int a = sum_switching(co, 5, 1, 2, 3, 4, 5);
  int b = guarded_format(co, "%s-%d-%.1f", "hub", 42, 2.5);
  printf("sum %d formatted %d turns %d\n", a, b, turns);
  co_delete(co);
  return 0;
}
// CHECK: formatted 'hub-42-2.5'
// CHECK: sum 15 formatted 20 turns 6
