// Intent: a file that implements a library's header (here: defines
// neco_sleep, which neco.h declares) is the library's own code: calls in
// it are not instrumented, but its scheduler's waits (nanosleep, poll) are
// bracketed as hub time, and its functions keep their sibling calls; a
// file that only calls the library gets its calls bracketed (a function
// with a `deadline` parameter is yielding by its signature), and its own
// functions make no sibling calls.
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/implementation -S -emit-llvm -DIMPL %s -o - | FileCheck %s --check-prefix=IMPL
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -O0 -I%inputs/implementation -S -emit-llvm %s -o - | FileCheck %s --check-prefix=USER
// RUN: %clang %plugin -fplugin-arg-switchguard-no-inline -fplugin-arg-switchguard-sibling-calls -O0 -I%inputs/implementation -S -emit-llvm %s -o - | FileCheck %s --check-prefix=SIBLING
#include "neco.h"
#include <poll.h>
#include <time.h>

#ifdef IMPL
void sched_idle(void) {
  struct timespec ts = {0, 1000};
  // IMPL-LABEL: define {{.*}}void @sched_idle()
  // IMPL: [[PREV:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr null, ptr null, ptr @__swg_site
  // IMPL-NEXT: call i32 @nanosleep(
  // IMPL-NEXT: call void @__swg_switch_return(ptr [[PREV]],
  nanosleep(&ts, 0);
  // IMPL: call ptr @__swg_switch_enter(ptr null, ptr null,
  // IMPL-NEXT: call i32 @poll(
  poll(0, 0, 1);
}
int neco_sleep(int64_t nanosecs) {
  // IMPL-LABEL: define {{.*}}i32 @neco_sleep(
  // IMPL-NOT: __swg
  // IMPL: call i32 @neco_chan_recv_dl(
  // IMPL-NOT: __swg
  // IMPL: ret i32
  sched_idle();
  return neco_chan_recv_dl(0, 0, nanosecs);
}
// IMPL-NOT: "disable-tail-calls"="true"
#else
int user(void) {
  // USER-LABEL: define {{.*}}i32 @user()
  // USER-SAME: [[USER:#[0-9]+]]
  // USER: call ptr @__swg_switch_enter(ptr null, ptr null,
  // USER-NEXT: call i32 @neco_frobnicate_dl(
  // USER-NEXT: call void @__swg_switch_return({{.*}}){{$}}
  neco_frobnicate_dl(5);
  // USER-NOT: __swg
  // USER: call i32 @nanosleep(
  struct timespec ts = {0, 1000};
  return nanosleep(&ts, 0);
}
// USER: attributes [[USER]] = {{.*}}"disable-tail-calls"="true"
// SIBLING-NOT: "disable-tail-calls"="true"
#endif
