// Intent: with Debian's asio, a coroutine that waits on a timer and then
// blocks its io_context thread in usleep() for 1 s is one incident naming
// that coroutine, its blocking line and its co_spawn line; a ticker that
// only waits on timers is never reported, and io_context::run() is hub
// time while every coroutine waits. At -O0 and -O2.
// RUN: %swgcxx -std=c++20 -DASIO_HAS_CO_AWAIT -g -O0 %s -o %t0
// RUN: %t0 > %t0.out 2>&1
// RUN: FileCheck %s -DFILE=asio_blocked.cpp -D#BLOCK=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1) < %t0.out
// RUN: FileCheck %s --check-prefix=CALL -DFILE=asio_blocked.cpp -D#BLOCK=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1) < %t0.out
// RUN: %swgcxx -std=c++20 -DASIO_HAS_CO_AWAIT -g -O2 %s -o %t2
// RUN: %t2 > %t2.out 2>&1
// RUN: FileCheck %s -DFILE=asio_blocked.cpp -D#BLOCK=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1) < %t2.out
// RUN: FileCheck %s --check-prefix=CALL -DFILE=asio_blocked.cpp -D#BLOCK=$(grep -n 'MARK[:]block' %s | cut -d: -f1) -D#SPAWN=$(grep -n 'MARK[:]spawn' %s | cut -d: -f1) < %t2.out
#include <utility> // Boost 1.74's awaitable.hpp uses std::exchange without it
#ifdef USE_BOOST_ASIO // boost_asio_blocked.test
#include <boost/asio.hpp>
namespace asio = boost::asio;
#else
#include <asio.hpp>
#endif

#include <chrono>
#include <cstdio>
#include <unistd.h>

using namespace std::chrono_literals;

static int ticks;

asio::awaitable<void> ticker() {
  asio::steady_timer t(co_await asio::this_coro::executor);
  for (int i = 0; i < 30; ++i) {
    t.expires_after(50ms);
    co_await t.async_wait(asio::use_awaitable);
    ++ticks;
  }
}

asio::awaitable<void> slow_handler() {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(100ms);
  co_await t.async_wait(asio::use_awaitable);
  usleep(1000000); // MARK:block
}

int main() {
  asio::io_context ctx;
  asio::co_spawn(ctx, ticker(), asio::detached);
  asio::co_spawn(ctx, slow_handler(), asio::detached); // MARK:spawn
  ctx.run();
  std::printf("ticks: %d\n", ticks);
  return 0;
}

// The one incident (the blocking call's own report, below, is written by
// another thread and may come before or after it):
// CHECK-NOT: WARNING: switchguard: coroutine
// CHECK: WARNING: switchguard: coroutine 'slow_handler' blocked thread [[TID:[0-9]+]] "{{.*}}" for {{[0-9]+}} ms (max_blocking_ms=100)
// CHECK: Blocked stack (read from its system call):
// CHECK: in {{.*}}usleep
// CHECK: in slow_handler{{.*}} {{.*}}[[FILE]]:[[#BLOCK]]
// CHECK: Spawned at: {{.*}}[[FILE]]:[[#SPAWN]] in main
// CHECK: * Coroutines of thread [[TID]] (2):
// CHECK: ticker 0x{{[0-9a-f]+}} suspended
// CHECK: slow_handler 0x{{[0-9a-f]+}} running
// CHECK: SUMMARY: switchguard: blocked coroutine 'slow_handler'
// CHECK-NOT: WARNING: switchguard: coroutine
// CHECK: coroutine 'slow_handler' unblocked on thread [[TID]]
// CHECK: exit summary: 1 blocking incident,
// CHECK-NOT: ticker
// CHECK: ticks: 30

// The call itself, once, as a blocking call made in a coroutine:
// CALL: WARNING: switchguard: blocking call usleep() in coroutine 'slow_handler'
// CALL: in slow_handler {{.*}}[[FILE]]:[[#BLOCK]]
// CALL: Spawned at: {{.*}}[[FILE]]:[[#SPAWN]] in main
// CALL-NOT: WARNING: switchguard: blocking call
// CALL: exit summary: 1 blocking incident, {{.*}}; 1 blocking call in coroutines
