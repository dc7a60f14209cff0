/*===- switchguard_abi.h - The plugin-to-runtime ABI ------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Everything the compiler pass emits and the runtime implements is named
 * here, once: the entry points (__swg_*), the site record and its section.
 * The plugin includes this header for the names and the record layout; the
 * runtime includes it to implement them. Nothing else crosses that line.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_ABI_H
#define SWITCHGUARD_ABI_H

#ifdef __cplusplus
#include <cstdint>
extern "C" {
#else
#include <stdint.h>
#endif

/* Bumped whenever a hook's signature or the site record changes. Every
 * instrumented object refers to the symbol SWG_ABI_SYMBOL, which only a
 * runtime of the same version defines: a mismatch fails at link time,
 * naming it, instead of misbehaving at run time. */
#define SWG_ABI_VERSION 2
#define SWG_ABI_SYMBOL "__swg_abi_v2"

/* One record per instrumented call site, emitted by the pass into the
 * writable section SWG_SITE_SECTION and kept alive with llvm.compiler.used.
 * The runtime walks the section with __start_/__stop_ symbols and receives
 * a pointer to the record on every hook call, so a report names the exact
 * source location without unwinding. Strings are NUL-terminated constants. */
struct swg_site {
  const char *function;  /* the function containing the call */
  const char *file;      /* source file, as the compiler saw it */
  uint32_t line;         /* 0 when unknown */
  uint32_t column;
  uint32_t role;         /* enum swg_role */
  uint32_t flags;        /* enum swg_site_flags */
  const char *primitive; /* the callee: "co_call", "swapcontext", ... */
  const char *library;   /* the profile that matched: "pcl", "ucontext" */
  const char *entry;     /* spawn sites: the entry function, if known */
};

/* What a primitive does to control flow. */
enum swg_role {
  SWG_ROLE_CREATE = 1, /* makes a coroutine; no switch */
  SWG_ROLE_RESUME,     /* switches into a coroutine, returns when it yields */
  SWG_ROLE_YIELD,      /* switches back to whoever resumed the caller */
  SWG_ROLE_SWITCH,     /* symmetric: from one context to another */
  SWG_ROLE_EXIT,       /* ends the current coroutine and switches away */
  SWG_ROLE_DESTROY,    /* frees a coroutine */
  SWG_ROLE_YIELDING,   /* runs the scheduler inside (sleep, I/O): hub time */
  SWG_ROLE_INIT,       /* the native context becomes a coroutine (st_init) */
  SWG_ROLE_START,      /* makes a coroutine and runs it at once (go()) */
  SWG_ROLE_BEGIN,      /* entry of a coroutine body (inserted by the pass) */
  SWG_ROLE_HUB,        /* entry of a function marked as the hub */
  SWG_ROLE_GUARD,      /* a must_switch function's scope */
  SWG_ROLE_GUARD_EXIT, /* one of its returns */
};

enum swg_site_flags {
  /* Handles are addresses inside the coroutine's stack and change on every
   * switch (fcontext): tell coroutines apart by stack range. */
  SWG_SITE_ADDRESS_HANDLES = 1u << 0,
  /* A create with a NULL entry makes the hub's own handle (aco main_co). */
  SWG_SITE_NULL_ENTRY_IS_HUB = 1u << 1,
  /* The library's scheduler runs inside its yielding calls. */
  SWG_SITE_HUB_IN_CALLS = 1u << 2,
  /* The library's scheduler is a context of its own (ST, Tarantool). */
  SWG_SITE_HUB_CONTEXT = 1u << 3,
  /* A guard exit right before a musttail switch, after its enter hook: the
   * thread's current context is already the switch's target. */
  SWG_SITE_TAIL_SWITCH = 1u << 4,
};

#define SWG_SITE_SECTION "swg_sites"

/* The entry points. The pass calls them around each matched call site:
 *
 *   prev = __swg_switch_enter(from, to, site);   before a switching call
 *   <the primitive>
 *   __swg_switch_return(prev, site);             when it returns here
 *
 * `to` and `from` are the library's handles (NULL: the hub, or unknown
 * `from`). A yielding call is a switch to the hub and back. A call that
 * never returns (setcontext, co_exit) gets only the first hook. Spawn and
 * destroy hooks follow and precede their primitive; __swg_coro_begin runs
 * at the entry of a coroutine body whose first switch the library makes
 * out of sight (State Threads, libtask), __swg_hub at the entry of a
 * function marked as the hub. */
#define SWG_HOOK_SWITCH_ENTER "__swg_switch_enter"
#define SWG_HOOK_SWITCH_RETURN "__swg_switch_return"
#define SWG_HOOK_SPAWN "__swg_spawn"
#define SWG_HOOK_DESTROY "__swg_destroy"
#define SWG_HOOK_CORO_BEGIN "__swg_coro_begin"
#define SWG_HOOK_HUB "__swg_hub"

void *__swg_switch_enter(void *from, void *to, const struct swg_site *site);
void __swg_switch_return(void *prev, const struct swg_site *site);
/* name: the library's name for it, or NULL; stack/size: its stack, for
 * libraries with address handles, else NULL/0. */
void __swg_spawn(void *handle, void *entry, const char *name, void *stack,
                 uintptr_t size, const struct swg_site *site);
void __swg_destroy(void *handle, const struct swg_site *site);
/* handle: the running coroutine (the library's self()), or NULL if the
 * library cannot say. */
void __swg_coro_begin(void *handle, const struct swg_site *site);
void __swg_hub(const struct swg_site *site);

/* The switch fast path, inlined by the pass at each site. SWG_TLS_SYMBOL
 * is an initial-exec thread-local block of SWG_THREAD_SIZE bytes holding
 * the thread's switch state at these offsets. Inline code does the three
 * stores itself and calls __swg_switch_enter/_return only when `slow` is
 * not zero (the thread's first event, or a guard or a trace watching every
 * switch): a compare against %fs-relative memory, no pointer to load. */
#define SWG_TLS_SYMBOL "__swg_tls"
#define SWG_THREAD_SIZE 48
#define SWG_THREAD_SEQ 0      /* uint64_t, incremented with release order */
#define SWG_THREAD_CURRENT 8  /* void *: the running context, NULL: hub */
#define SWG_THREAD_SITE 16    /* const struct swg_site * */
#define SWG_THREAD_HUB 24     /* void *: the library's name for the hub */
#define SWG_THREAD_SLOW 32    /* uint32_t: take the call */
#define SWG_THREAD_ALLOW 36   /* uint32_t: blocking calls allowed, if not 0 */
#define SWG_THREAD_OWNER 40   /* uint64_t: the thread's serial, 0: none yet */

/* must_switch scope guards. The pass reserves SWG_GUARD_SIZE bytes
 * (aligned to 8) in the guarded function's frame for each call, and calls
 *
 *   __swg_guard_enter(guard, site, limit_ms, flags);   at entry
 *   __swg_guard_exit(guard, exit_site);                before each return
 *   __swg_guard_abandon(guard);                        where an exception
 *                                                      leaves the function
 *
 * site is the function's record (SWG_ROLE_GUARD), exit_site the return's
 * (SWG_ROLE_GUARD_EXIT). limit_ms 0: no limit.
 *
 * A plain scope (no limit, not hub-only) is inline instead: at entry it
 * loads the thread's seq and owner (SWG_THREAD_SEQ, SWG_THREAD_OWNER); at
 * a return, if seq is still the same, it calls
 *
 *   __swg_guard_plain_exit(seq, owner, site, exit_site);
 *
 * which judges it (a musttail exit calls it unconditionally). */
#define SWG_GUARD_SIZE 128
enum swg_guard_flags {
  SWG_GUARD_HUB_ONLY = 1u << 0, /* the switch must be into the hub */
};
#define SWG_HOOK_GUARD_ENTER "__swg_guard_enter"
#define SWG_HOOK_GUARD_EXIT "__swg_guard_exit"
#define SWG_HOOK_GUARD_ABANDON "__swg_guard_abandon"

void __swg_guard_enter(void *guard, const struct swg_site *site,
                       uint32_t limit_ms, uint32_t flags);
void __swg_guard_exit(void *guard, const struct swg_site *exit_site);
void __swg_guard_abandon(void *guard);
#define SWG_HOOK_GUARD_PLAIN_EXIT "__swg_guard_plain_exit"
void __swg_guard_plain_exit(uint64_t seq, uint64_t owner,
                            const struct swg_site *site,
                            const struct swg_site *exit_site);

#ifdef __cplusplus
}
#endif
#endif /* SWITCHGUARD_ABI_H */
