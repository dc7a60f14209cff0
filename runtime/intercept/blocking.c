/*===- blocking.c - Is this call a finding? ------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * An intercepted call that can block is a finding when the calling thread
 * runs one of its coroutines (not the hub: a library's scheduler waits in
 * the hub), the thread is not ignored (swg_ignore_current_blocking), and
 * no SWG_MAY_BLOCK allowance covers it. Each finding is reported once per
 * call stack: a coroutine that reads a blocking socket in a loop is one
 * report, not one per read. The stack is taken on the calling thread
 * (own_stack.c); stacks seen so far are kept
 * as hashes in a table that only grows, claimed with compare-and-swap.
 *
 *===----------------------------------------------------------------------===*/
#include "intercept.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Stacks reported, as hashes (0: free). Past this many distinct stacks a
 * program has made its point; later ones are counted, not reported. */
#define SWG_SEEN_STACKS 4096
static _Atomic uint64_t seen[SWG_SEEN_STACKS];
static _Atomic unsigned long unreported;

/* Set while this thread looks at a call: what the look itself calls (the
 * unwinder loading libgcc_s, the report's writes) is never a finding. */
static __thread bool looking __attribute__((tls_model("initial-exec")));

/* True the first time the stack hashed to h is seen. */
static bool first_time(uint64_t h) {
  h |= 1; /* never 0, the free mark */
  for (unsigned i = 0; i < SWG_SEEN_STACKS; i++) {
    _Atomic uint64_t *slot = &seen[(h + i) % SWG_SEEN_STACKS];
    uint64_t v = atomic_load_explicit(slot, memory_order_relaxed);
    if (v == h)
      return false;
    if (v == 0 && (atomic_compare_exchange_strong(slot, &v, h) || v == h))
      return v == 0;
  }
  atomic_fetch_add(&unreported, 1);
  return false;
}

/* The runtime's own code (base.h): its waits are never findings. */
extern const char __start_swg_text[] __attribute__((weak));
extern const char __stop_swg_text[] __attribute__((weak));

static bool from_runtime(const void *caller_pc) {
  const char *pc = caller_pc;
  return pc >= __start_swg_text && pc < __stop_swg_text;
}

/* Whether this thread's current context is a coroutine whose blocking
 * calls are findings. */
static bool findable(void) {
  struct swg_thread *t = swg__tls_self;
  void *cur = atomic_load_explicit(&__swg_tls.current, memory_order_relaxed);
  return t && cur &&
         !atomic_load_explicit(&t->ignored, memory_order_relaxed) &&
         !atomic_load_explicit(&__swg_tls.allow, memory_order_relaxed) &&
         !swg__is_hub(cur, atomic_load_explicit(&__swg_tls.site,
                                                memory_order_relaxed));
}

static void finding(const char *call, const void *caller_pc,
                    const char *detail) {
  struct swg_blocking_call bc = {.call = call};
  snprintf(bc.detail, sizeof bc.detail, "%s", detail);
  bc.coro = atomic_load_explicit(&__swg_tls.current, memory_order_relaxed);
  /* Now: by the time the report is built the coroutine may be gone. Its
   * body is where its stack begins. */
  bc.coro_known = swg__registry_lookup(bc.coro, &bc.coro_info, bc.coro_name,
                                       sizeof bc.coro_name);
  if (!bc.coro_known || !bc.coro_info.name)
    bc.coro_name[0] = '\0';
  bc.coro_info.name = NULL;
  uintptr_t pcs[SWG_MAX_FRAMES + 8];
  int n = swg__own_stack(pcs, (int)(sizeof pcs / sizeof pcs[0]),
                         bc.coro_known ? bc.coro_info.entry : NULL);
  /* From the interceptor's caller on: our own frames are no news. */
  int from = 0;
  while (from < n && pcs[from] != (uintptr_t)caller_pc)
    from++;
  if (from == n) { /* no walk: the caller alone */
    pcs[0] = (uintptr_t)caller_pc;
    from = 0, n = 1;
  }
  uint64_t h = swg__hash_ptr(call);
  for (int i = from; i < n && bc.depth < SWG_MAX_FRAMES; i++) {
    bc.pcs[bc.depth++] = pcs[i];
    h = (h ^ pcs[i]) * 0x100000001b3ull;
  }
  if (!first_time(h))
    return;
  bc.thread = swg__tls_self;
  bc.tid = gettid();
  bc.last_switch = atomic_load_explicit(&__swg_tls.site, memory_order_relaxed);
  bc.time_ns = swg__now_ns();
  swg__report_blocking_call(&bc);
}

void swg__blocking_call(const char *call, const void *caller_pc,
                        const char *detail_fmt, ...) {
  if (looking || from_runtime(caller_pc) || !findable())
    return;
  int saved = errno; /* the call's errno is the program's */
  looking = true;
  char detail[96];
  va_list ap;
  va_start(ap, detail_fmt);
  vsnprintf(detail, sizeof detail, detail_fmt, ap);
  va_end(ap);
  finding(call, caller_pc, detail);
  looking = false;
  errno = saved;
}

/* What can make a call on fd wait for another party; NULL if nothing. */
static const char *waits_on(int fd) {
  int flags = fcntl(fd, F_GETFL);
  struct stat st;
  if (flags < 0 || (flags & O_NONBLOCK) || fstat(fd, &st) != 0)
    return NULL; /* a bad descriptor fails at once */
  switch (st.st_mode & S_IFMT) {
  case S_IFSOCK: return "a socket";
  case S_IFIFO: return "a pipe or FIFO";
  case S_IFCHR: return isatty(fd) ? "a terminal" : "a character device";
  default: return NULL; /* files, directories, block devices: the disk */
  }
}

void swg__blocking_fd_call(const char *call, const void *caller_pc, int fd) {
  if (looking || from_runtime(caller_pc) || !findable())
    return;
  int saved = errno;
  looking = true;
  const char *what = waits_on(fd);
  if (what) {
    char detail[96];
    snprintf(detail, sizeof detail, "descriptor %d, %s, without O_NONBLOCK",
             fd, what);
    finding(call, caller_pc, detail);
  }
  looking = false;
  errno = saved;
}
