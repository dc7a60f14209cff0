// The coroutines of ir_hooks.test, in the shapes clang gives them: a task
// whose final suspend transfers symmetrically, an await_suspend returning
// bool, a library's own coroutine, a generator, a call creating a task.
#include <coroutine>
namespace mini {
struct task {
  struct promise_type {
    std::coroutine_handle<> next;
    task get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().next; // symmetric transfer
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
  std::coroutine_handle<promise_type> h;
};
struct maybe { // await_suspend(bool): false resumes at once
  bool await_ready() { return false; }
  bool await_suspend(std::coroutine_handle<>);
  void await_resume() {}
};
struct gen {
  struct promise_type {
    int v;
    gen get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int x) { v = x; return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
} // namespace mini
namespace asio { mini::task library_entry() { co_return; } }
void block();
mini::task work() {
  co_await mini::maybe();
  block();
}
struct mini::gen numbers() { co_yield 1; }
mini::task starter() { co_await std::suspend_always(); mini::task t = work(); }
mini::task step(int *n) { ++*n; co_await std::suspend_always(); ++*n; }
int drive() { // the frame can live in drive's own: heap elision
  int n = 0;
  mini::task t = step(&n);
  t.h.resume();
  t.h.destroy();
  return n;
}
