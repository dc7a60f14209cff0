/*===- intercept.h - Blocking calls made from coroutines -------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The monitor finds a coroutine once it has blocked for max_blocking_ms;
 * this layer finds one as it makes a call that can block its thread,
 * however short the call turns out to be (Java's BlockHound does the same
 * for reactive threads). interceptors.c defines the calls that block a
 * thread (read on a blocking descriptor, poll with a timeout, sleep,
 * getaddrinfo, pthread_join, ...) in the program itself, so that they
 * take the place of libc's for the program and every shared library it
 * loads, and calls libc's own after a look; blocking.c decides whether
 * the call is a finding and has it reported once per call stack.
 *
 * Ground rules
 *   - Depends on base/, switch/, stack/ and report/; nothing depends on it.
 *     Linked into dynamically linked programs only (switchguard-cc adds
 *     -Wl,-u,__swg_interceptors): a static libc cannot be interposed.
 *   - Runs on program threads, inside the call. Outside a coroutine a call
 *     costs one thread-local load and a branch, no lock, no allocation,
 *     no frame: the interceptor jumps to libc's definition.
 *     In one, descriptor calls add fcntl (and fstat) for the descriptor.
 *   - A finding takes its own stack (own_stack.c) and checks it
 *     against the stacks reported so far, without a lock. The first of a
 *     stack is reported by a thread of switchguard's own, which the caller
 *     waits for only with blocking_calls=abort (then it aborts).
 *   - Never changes what the call does: same arguments, same result, same
 *     errno, even when the look fails.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_INTERCEPT_H
#define SWITCHGUARD_INTERCEPT_H

#include "report.h"

/* True if the calling thread runs a coroutine now: the one test every
 * intercepted call makes, before it looks further. */
static inline bool swg__in_coroutine(void) {
  return SWG_UNLIKELY(atomic_load_explicit(&__swg_tls.current,
                                           memory_order_relaxed) != NULL);
}
/* True if a finding is possible: in a coroutine, and findings wanted. */
static inline bool swg__maybe_in_coroutine(void) {
  return swg__in_coroutine() && swg__opts.blocking_calls != SWG_BLOCKING_OFF;
}

/* ---- own_stack.c ------------------------------------------------------- */

/* The calling coroutine's return addresses, innermost first (the caller
 * of this function first), at most max, ending at its body (the function
 * at `body`); 0 without a body. Not async-signal-safe. */
SWG_HIDDEN int swg__own_stack(uintptr_t *pcs, int max, const void *body);

/* ---- blocking.c ---------------------------------------------------------- */

/* Call `call` (its caller's return address: caller_pc) blocks; detail
 * says why ("descriptor 5 (a pipe) without O_NONBLOCK"). Reported if it is
 * made from a coroutine, allowed nowhere, and its stack is new. */
SWG_HIDDEN void swg__blocking_call(const char *call, const void *caller_pc,
                                   const char *detail_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for a call on descriptor fd, if fd can block: a socket, pipe,
 * FIFO or device without O_NONBLOCK (a regular file's reads and writes
 * never wait for another party). */
SWG_HIDDEN void swg__blocking_fd_call(const char *call, const void *caller_pc,
                                      int fd);

#endif /* SWITCHGUARD_INTERCEPT_H */
