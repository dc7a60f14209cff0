// A small task library of the test suite's own: a lazily started task with
// symmetric transfer to its awaiter, an event loop that resumes what is
// ready, and a synchronous generator. What the tests build on is the shape
// of its coroutines, like those of asio's awaitable or cppcoro's task.
#ifndef SWG_TEST_TASK_H
#define SWG_TEST_TASK_H

#include <coroutine>
#include <deque>
#include <exception>
#include <utility>

namespace demo {

/// The event loop: resumes ready coroutines in order, on this thread.
struct loop {
  std::deque<std::coroutine_handle<>> ready;
  void post(std::coroutine_handle<> h) { ready.push_back(h); }
  void run() {
    while (!ready.empty()) {
      auto h = ready.front();
      ready.pop_front();
      h.resume();
    }
  }
  static loop &current() {
    static thread_local loop l;
    return l;
  }
};

/// co_await demo::yield(): back to the loop, resumed on its next turn.
struct yield {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const { loop::current().post(h); }
  void await_resume() const noexcept {}
};

template <class T = void> struct task;

struct promise_base {
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      auto c = h.promise().continuation;
      return c ? c : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };
  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() { error = std::current_exception(); }
};

template <class T> struct task {
  struct promise_type : promise_base {
    T value{};
    task get_return_object() {
      return task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_value(T v) { value = std::move(v); }
  };
  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() { if (h) h.destroy(); }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h; // symmetric transfer into the child
  }
  T await_resume() {
    if (h.promise().error)
      std::rethrow_exception(h.promise().error);
    return std::move(h.promise().value);
  }
};

template <> struct task<void> {
  struct promise_type : promise_base {
    task get_return_object() {
      return task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_void() {}
  };
  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() { if (h) h.destroy(); }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h;
  }
  void await_resume() {
    if (h.promise().error)
      std::rethrow_exception(h.promise().error);
  }
  /// Hands the task to the loop, which starts it on its next turn.
  void start() { loop::current().post(h); }
  bool done() const { return h.done(); }
};

/// A synchronous generator: values on demand, no loop involved.
template <class T> struct generator {
  struct promise_type {
    T current{};
    generator get_return_object() {
      return generator(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) { current = v; return {}; }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
  std::coroutine_handle<promise_type> h;
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() { if (h) h.destroy(); }
  bool next() { h.resume(); return !h.done(); }
  T value() const { return h.promise().current; }
};

} // namespace demo

#endif
