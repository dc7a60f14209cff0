/* failing_malloc.h - a program's own malloc that can be told to fail.
 *
 * Replaces malloc, calloc, realloc and free (glibc allows it: its own
 * calls, and libdw's, come here too) with glibc's, except that while
 * fail_from is not 0 every request of fail_from bytes or more returns NULL
 * with ENOMEM. fail_from = 1: everything fails. Counts the failures.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static _Atomic size_t fail_from;
static atomic_long failed_allocs;

static int refuse(size_t n) {
  size_t from = atomic_load_explicit(&fail_from, memory_order_relaxed);
  if (!from || n < from)
    return 0;
  atomic_fetch_add(&failed_allocs, 1);
  errno = ENOMEM;
  return 1;
}

void *malloc(size_t n) { return refuse(n) ? NULL : __libc_malloc(n); }
void *calloc(size_t k, size_t n) {
  return refuse(k * n) ? NULL : __libc_calloc(k, n);
}
void *realloc(void *p, size_t n) {
  return refuse(n) ? NULL : __libc_realloc(p, n);
}
void free(void *p) { __libc_free(p); }
