/* cxx20_cycle.cpp - what a C++20 task coroutine pays for switchguard.
 *
 *   cxx20_cycle cycle N   one task resumed N times, each resume running to
 *                         its next co_await: ns per resume/suspend cycle
 *   cxx20_cycle spawn N   N tasks created, run to their first co_await and
 *                         destroyed: ns per create/destroy pair
 * The same source is built with clang++ and with switchguard-c++ (naming
 * bench::task in bench/cxx20_tasks.yaml); what differs is the hooks. */
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <time.h>

namespace bench {
struct task {
  struct promise_type {
    task get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::abort(); }
  };
  std::coroutine_handle<promise_type> h;
};
} // namespace bench

static volatile long sink;

__attribute__((noinline)) bench::task looping(long n) {
  for (long i = 0; i < n; ++i) {
    sink = i;
    co_await std::suspend_always();
  }
}

__attribute__((noinline)) bench::task once() {
  sink = 1;
  co_await std::suspend_always();
}

static double now_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return double(t.tv_sec) * 1e9 + double(t.tv_nsec);
}

int main(int argc, char **argv) {
  bool spawn = argc > 2 && !std::strcmp(argv[1], "spawn");
  long n = argc > 1 ? std::atol(argv[argc - 1]) : 10000000;
  double t0 = now_ns();
  if (spawn) {
    for (long i = 0; i < n; ++i) {
      bench::task t = once();
      t.h.resume();
      t.h.destroy();
    }
  } else {
    bench::task t = looping(n);
    t.h.resume(); // to the first co_await
    while (!t.h.done())
      t.h.resume();
    t.h.destroy();
  }
  std::printf("%.2f\n", (now_ns() - t0) / double(n));
  return 0;
}
