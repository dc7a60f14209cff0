/* tarantool/module.h -- switchguard test stand-in for the fiber part of
 *                       Tarantool's C module API (<tarantool/module.h>,
 *                       https://tarantool.io); ../tarantool_fiber.h includes it
 *
 * This is NOT Tarantool.  It is switchguard's own small stand-in, written
 * from the documented module API (names, signatures) and the documented
 * scheduling model, so tests can build and run programs shaped like
 * Tarantool C modules.  No code comes from the real project.  As in
 * Tarantool, this header only declares the API and struct fiber is opaque;
 * the implementation, standing in for the tarantool binary a module runs
 * in, is ../tarantool_fiber.c, which a program compiles and links with its
 * own files (`cc prog.c tarantool_fiber.c`).  It switches with POSIX
 * ucontext (Tarantool uses its own coro_transfer) and its event loop waits
 * in poll(2), both inside tarantool_fiber.c.
 *
 * Covered: struct fiber, fiber_func = int (*)(va_list), fiber_attr_new,
 *   fiber_attr_delete, fiber_attr_setstacksize, fiber_attr_getstacksize,
 *   fiber_self, fiber_new, fiber_new_ex, fiber_start, fiber_yield,
 *   fiber_wakeup, fiber_cancel, fiber_set_cancellable (deprecated, returns
 *   true), fiber_is_cancelled, fiber_set_joinable, fiber_join,
 *   fiber_join_timeout, fiber_sleep, fiber_reschedule, fiber_set_ctx,
 *   fiber_get_ctx, fiber_time, fiber_time64, fiber_clock, fiber_clock64,
 *   coio_wait (COIO_READ/WRITE), fiber_cond_new/delete/signal/broadcast/
 *   wait/wait_timeout.
 *   Not covered: box_*, coio_call, coio_getaddrinfo, latches, slab caches,
 *   and fiber_delete (internal to Tarantool, not in module.h).
 * Stand-in additions (not Tarantool API):
 *   int fiber_loop_run(double seconds): runs the event loop in the sched
 *     fiber -- what Tarantool's main() does with ev_run(loop(), 0).  Call it
 *     from the thread's native context (sched).  It returns after `seconds`,
 *     or (seconds < 0) once no started fiber is alive or nothing can ever
 *     wake the remaining ones; the value is the number still alive.
 *   const char *fiber_name(struct fiber *f): the name given to fiber_new.
 *
 * Model, as in Tarantool: each thread has a scheduler fiber named "sched"
 * (fid 1).  Like Tarantool's cord->sched it has no stack of its own: it is
 * the thread's native context, where main() and fiber_loop_run() run.
 *   create   fiber_new(name, f) / fiber_new_ex(name, attr, f): handle: return
 *            value; entry: f (last argument).  Not started yet.
 *   resume   fiber_start(f, ...): runs f at once (args as a va_list) until it
 *            yields; that first yield comes back to the starter.  The loop
 *            resumes ready fibers the same way (fiber_call) from sched.
 *   yield    fiber_yield(): switches to the fiber's caller -- sched, except
 *            right after fiber_start -- and waits for a fiber_wakeup().
 *   yielding calls: fiber_sleep, fiber_reschedule, fiber_join,
 *            fiber_join_timeout, coio_wait, fiber_cond_wait(_timeout).
 *   exit     return from f; destroy: automatic, or fiber_join for joinable
 *            fibers.
 *   hub      sched, the native stack (no swg_set_hub needed).  Yielding
 *            from sched is an error: the stand-in prints a line and aborts.
 */
#ifndef TARANTOOL_MODULE_STANDIN_H
#define TARANTOOL_MODULE_STANDIN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define API_EXPORT extern __attribute__((visibility("default")))

struct fiber;
typedef int (*fiber_func)(va_list);

API_EXPORT struct fiber *fiber_new(const char *name, fiber_func f);

struct fiber_attr;
API_EXPORT struct fiber_attr *fiber_attr_new(void);
API_EXPORT void fiber_attr_delete(struct fiber_attr *fiber_attr);
API_EXPORT int fiber_attr_setstacksize(struct fiber_attr *fiber_attr, size_t stack_size);
API_EXPORT size_t fiber_attr_getstacksize(struct fiber_attr *fiber_attr);
API_EXPORT struct fiber *fiber_new_ex(const char *name, const struct fiber_attr *fiber_attr,
                                      fiber_func f);

API_EXPORT void fiber_yield(void);
API_EXPORT void fiber_start(struct fiber *callee, ...);
API_EXPORT void fiber_set_ctx(struct fiber *f, void *f_arg);
API_EXPORT void *fiber_get_ctx(struct fiber *f);
API_EXPORT void fiber_wakeup(struct fiber *f);
API_EXPORT void fiber_cancel(struct fiber *f);
API_EXPORT bool fiber_set_cancellable(bool yesno);
API_EXPORT void fiber_set_joinable(struct fiber *fiber, bool yesno);
API_EXPORT int fiber_join(struct fiber *f);
API_EXPORT int fiber_join_timeout(struct fiber *f, double timeout);
API_EXPORT void fiber_sleep(double s);
API_EXPORT bool fiber_is_cancelled(void);
API_EXPORT double fiber_time(void);
API_EXPORT int64_t fiber_time64(void);
API_EXPORT double fiber_clock(void);
API_EXPORT int64_t fiber_clock64(void);
API_EXPORT void fiber_reschedule(void);
API_EXPORT struct fiber *fiber_self(void);

struct fiber_cond;
API_EXPORT struct fiber_cond *fiber_cond_new(void);
API_EXPORT void fiber_cond_delete(struct fiber_cond *cond);
API_EXPORT void fiber_cond_signal(struct fiber_cond *cond);
API_EXPORT void fiber_cond_broadcast(struct fiber_cond *cond);
API_EXPORT int fiber_cond_wait_timeout(struct fiber_cond *cond, double timeout);
API_EXPORT int fiber_cond_wait(struct fiber_cond *cond);

enum { COIO_READ = 0x1, COIO_WRITE = 0x2 };
API_EXPORT int coio_wait(int fd, int event, double timeout);

/* Stand-in additions (see the banner). */
API_EXPORT int fiber_loop_run(double seconds);
API_EXPORT const char *fiber_name(struct fiber *f);

#ifdef __cplusplus
}
#endif

#endif /* TARANTOOL_MODULE_STANDIN_H */
