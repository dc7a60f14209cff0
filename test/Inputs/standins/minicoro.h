/* minicoro.h -- switchguard test stand-in for minicoro
 *                (https://github.com/edubart/minicoro, single-header library)
 *
 * This is NOT minicoro.  It is switchguard's own small stand-in, written from
 * minicoro's documented public API (names, signatures, enums), so that tests
 * can build and run programs shaped like minicoro programs.  No code comes
 * from the real project.  It switches with POSIX ucontext, not assembly.
 *
 * Covered: mco_state, mco_result, mco_coro (public fields), mco_desc,
 *   mco_desc_init, mco_init, mco_uninit, mco_create, mco_destroy,
 *   mco_resume, mco_yield, mco_status, mco_get_user_data, mco_push, mco_pop,
 *   mco_peek, mco_get_bytes_stored, mco_get_storage_size, mco_running,
 *   mco_result_description.  Not covered: custom allocators beyond
 *   malloc_cb/free_cb, valgrind/ASan/TSan hooks, fibers/asm back ends.
 *
 * Use as the real one: declarations everywhere; the implementation is
 * compiled into the one file that does `#define MINICORO_IMPL` before the
 * include.  MCO_API (default `extern`) may be defined to `static`.
 *
 * Shape for switchguard (asymmetric, Lua-like):
 *   create   mco_create(&co, &desc)   handle: *arg0; entry: desc.func
 *            mco_init(co, &desc)      handle: arg0 (caller-owned memory)
 *   resume   mco_resume(co)           handle: arg0; returns when co yields/ends
 *   yield    mco_yield(co)            back to whoever resumed co
 *   exit     returning from desc.func (state becomes MCO_DEAD)
 *   destroy  mco_destroy(co), mco_uninit(co)
 *   hub      the resumer: by default the thread's native stack.  Nesting is
 *            allowed (a coroutine may resume another; it is MCO_NORMAL then).
 *   No call yields internally; there is no scheduler.
 * The ucontext calls inside go through volatile function pointers, so a
 * tracer that knows POSIX ucontext sees only the mco_* calls (the real
 * library switches in assembly, invisible to it as well).
 */
#ifndef MINICORO_H
#define MINICORO_H

#include <stddef.h>

#ifndef MCO_API
#define MCO_API extern
#endif
#ifndef MCO_DEFAULT_STORAGE_SIZE
#define MCO_DEFAULT_STORAGE_SIZE 1024
#endif
#ifndef MCO_DEFAULT_STACK_SIZE
#define MCO_DEFAULT_STACK_SIZE 65536
#endif

typedef enum mco_state {
  MCO_DEAD = 0,  /* finished, or never initialised */
  MCO_NORMAL,    /* alive, but it resumed another coroutine */
  MCO_RUNNING,   /* the one running now */
  MCO_SUSPENDED  /* yielded, or created and not started yet */
} mco_state;

typedef enum mco_result {
  MCO_SUCCESS = 0,
  MCO_GENERIC_ERROR,
  MCO_INVALID_POINTER,
  MCO_INVALID_COROUTINE,
  MCO_NOT_SUSPENDED,
  MCO_NOT_RUNNING,
  MCO_MAKE_CONTEXT_ERROR,
  MCO_SWITCH_CONTEXT_ERROR,
  MCO_NOT_ENOUGH_SPACE,
  MCO_OUT_OF_MEMORY,
  MCO_INVALID_ARGUMENTS,
  MCO_INVALID_OPERATION
} mco_result;

typedef struct mco_coro mco_coro;
struct mco_coro {
  void *context;                 /* private: the saved contexts */
  mco_state state;
  void (*func)(mco_coro *co);
  mco_coro *prev_co;             /* who resumed us */
  void *user_data;
  void *allocator_data;
  void (*free_cb)(void *ptr, void *allocator_data);
  void *stack_base;
  size_t stack_size;
  unsigned char *storage;
  size_t bytes_stored;
  size_t storage_size;
};

typedef struct mco_desc {
  void (*func)(mco_coro *co);
  void *user_data;
  void *(*malloc_cb)(size_t size, void *allocator_data);
  void (*free_cb)(void *ptr, void *allocator_data);
  void *allocator_data;
  size_t storage_size;
  size_t coro_size;   /* set by mco_desc_init: bytes mco_init needs */
  size_t stack_size;
} mco_desc;

MCO_API mco_desc mco_desc_init(void (*func)(mco_coro *co), size_t stack_size);
MCO_API mco_result mco_init(mco_coro *co, mco_desc *desc);
MCO_API mco_result mco_uninit(mco_coro *co);
MCO_API mco_result mco_create(mco_coro **out_co, mco_desc *desc);
MCO_API mco_result mco_destroy(mco_coro *co);
MCO_API mco_result mco_resume(mco_coro *co);
MCO_API mco_result mco_yield(mco_coro *co);
MCO_API mco_state mco_status(mco_coro *co);
MCO_API void *mco_get_user_data(mco_coro *co);
MCO_API mco_result mco_push(mco_coro *co, const void *src, size_t len);
MCO_API mco_result mco_pop(mco_coro *co, void *dest, size_t len);
MCO_API mco_result mco_peek(mco_coro *co, void *dest, size_t len);
MCO_API size_t mco_get_bytes_stored(mco_coro *co);
MCO_API size_t mco_get_storage_size(mco_coro *co);
MCO_API mco_coro *mco_running(void);
MCO_API const char *mco_result_description(mco_result res);

#endif /* MINICORO_H */

#ifdef MINICORO_IMPL
#ifndef MINICORO_IMPL_DONE
#define MINICORO_IMPL_DONE
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

/* Memory layout of one coroutine: [mco_coro][mco__ctx][storage][stack]. */
typedef struct mco__ctx {
  ucontext_t self;   /* where the coroutine is parked */
  ucontext_t back;   /* where its resumer is parked */
} mco__ctx;

static int (*volatile mco__swapcontext)(ucontext_t *, const ucontext_t *) = swapcontext;
static void (*volatile mco__makecontext)(ucontext_t *, void (*)(void), int, ...) = makecontext;
static int (*volatile mco__getcontext)(ucontext_t *) = getcontext;

static _Thread_local mco_coro *mco__current;  /* running coroutine, or NULL */
static _Thread_local mco_coro *mco__starting; /* handed to the trampoline */

static size_t mco__round(size_t n) { return (n + 15) & ~(size_t)15; }

static void *mco__malloc(size_t size, void *ad) { (void)ad; return malloc(size); }
static void mco__free(void *ptr, void *ad) { (void)ad; free(ptr); }

/* Give control back to whoever resumed `co`. */
static void mco__jump_out(mco_coro *co) {
  mco__ctx *cx = (mco__ctx *)co->context;
  mco_coro *prev = co->prev_co;
  co->prev_co = NULL;
  if (prev)
    prev->state = MCO_RUNNING;
  mco__current = prev;
  mco__swapcontext(&cx->self, &cx->back);
}

static void mco__trampoline(void) {
  mco_coro *co = mco__starting;
  co->func(co);
  co->state = MCO_DEAD;
  mco__jump_out(co);
  abort(); /* a dead coroutine is never resumed */
}

MCO_API mco_desc mco_desc_init(void (*func)(mco_coro *co), size_t stack_size) {
  mco_desc d;
  memset(&d, 0, sizeof d);
  if (stack_size == 0)
    stack_size = MCO_DEFAULT_STACK_SIZE;
  if (stack_size < 32768)
    stack_size = 32768;
  d.func = func;
  d.malloc_cb = mco__malloc;
  d.free_cb = mco__free;
  d.storage_size = MCO_DEFAULT_STORAGE_SIZE;
  d.stack_size = mco__round(stack_size);
  d.coro_size = mco__round(sizeof(mco_coro)) + mco__round(sizeof(mco__ctx)) +
                mco__round(d.storage_size) + d.stack_size;
  return d;
}

MCO_API mco_result mco_init(mco_coro *co, mco_desc *desc) {
  if (!co || !desc)
    return MCO_INVALID_POINTER;
  if (!desc->func || desc->stack_size == 0 || desc->coro_size == 0)
    return MCO_INVALID_ARGUMENTS;
  unsigned char *p = (unsigned char *)co;
  memset(co, 0, sizeof *co);
  p += mco__round(sizeof(mco_coro));
  mco__ctx *cx = (mco__ctx *)p;
  memset(cx, 0, sizeof *cx);
  p += mco__round(sizeof(mco__ctx));
  co->storage = p;
  co->storage_size = desc->storage_size;
  p += mco__round(desc->storage_size);
  co->stack_base = p;
  co->stack_size = desc->stack_size;
  co->context = cx;
  co->func = desc->func;
  co->user_data = desc->user_data;
  co->allocator_data = desc->allocator_data;
  co->free_cb = desc->free_cb;
  if (mco__getcontext(&cx->self) != 0)
    return MCO_MAKE_CONTEXT_ERROR;
  cx->self.uc_stack.ss_sp = co->stack_base;
  cx->self.uc_stack.ss_size = co->stack_size;
  cx->self.uc_link = NULL;
  mco__makecontext(&cx->self, mco__trampoline, 0);
  co->state = MCO_SUSPENDED;
  return MCO_SUCCESS;
}

MCO_API mco_result mco_uninit(mco_coro *co) {
  if (!co)
    return MCO_INVALID_COROUTINE;
  if (co->state != MCO_SUSPENDED && co->state != MCO_DEAD)
    return MCO_INVALID_OPERATION;
  co->state = MCO_DEAD;
  return MCO_SUCCESS;
}

MCO_API mco_result mco_create(mco_coro **out_co, mco_desc *desc) {
  if (!out_co || !desc || !desc->malloc_cb || !desc->free_cb)
    return MCO_INVALID_POINTER;
  mco_coro *co = (mco_coro *)desc->malloc_cb(desc->coro_size, desc->allocator_data);
  if (!co)
    return MCO_OUT_OF_MEMORY;
  mco_result res = mco_init(co, desc);
  if (res != MCO_SUCCESS) {
    desc->free_cb(co, desc->allocator_data);
    return res;
  }
  *out_co = co;
  return MCO_SUCCESS;
}

MCO_API mco_result mco_destroy(mco_coro *co) {
  mco_result res = mco_uninit(co);
  if (res != MCO_SUCCESS)
    return res;
  if (!co->free_cb)
    return MCO_INVALID_POINTER;
  co->free_cb(co, co->allocator_data);
  return MCO_SUCCESS;
}

MCO_API mco_result mco_resume(mco_coro *co) {
  if (!co)
    return MCO_INVALID_COROUTINE;
  if (co->state != MCO_SUSPENDED)
    return MCO_NOT_SUSPENDED;
  mco__ctx *cx = (mco__ctx *)co->context;
  mco_coro *prev = mco__current;
  if (prev)
    prev->state = MCO_NORMAL;
  co->prev_co = prev;
  co->state = MCO_RUNNING;
  mco__current = co;
  mco__starting = co;
  if (mco__swapcontext(&cx->back, &cx->self) != 0)
    return MCO_SWITCH_CONTEXT_ERROR;
  return MCO_SUCCESS;
}

MCO_API mco_result mco_yield(mco_coro *co) {
  if (!co)
    return MCO_INVALID_COROUTINE;
  if (co->state != MCO_RUNNING || co != mco__current)
    return MCO_NOT_RUNNING;
  co->state = MCO_SUSPENDED;
  mco__jump_out(co);
  return MCO_SUCCESS;
}

MCO_API mco_state mco_status(mco_coro *co) { return co ? co->state : MCO_DEAD; }

MCO_API void *mco_get_user_data(mco_coro *co) { return co ? co->user_data : NULL; }

MCO_API mco_result mco_push(mco_coro *co, const void *src, size_t len) {
  if (!co)
    return MCO_INVALID_COROUTINE;
  if (len > co->storage_size - co->bytes_stored)
    return MCO_NOT_ENOUGH_SPACE;
  if (len)
    memcpy(co->storage + co->bytes_stored, src, len);
  co->bytes_stored += len;
  return MCO_SUCCESS;
}

MCO_API mco_result mco_peek(mco_coro *co, void *dest, size_t len) {
  if (!co)
    return MCO_INVALID_COROUTINE;
  if (len > co->bytes_stored)
    return MCO_NOT_ENOUGH_SPACE;
  if (len && dest)
    memcpy(dest, co->storage + co->bytes_stored - len, len);
  return MCO_SUCCESS;
}

MCO_API mco_result mco_pop(mco_coro *co, void *dest, size_t len) {
  mco_result res = mco_peek(co, dest, len);
  if (res == MCO_SUCCESS)
    co->bytes_stored -= len;
  return res;
}

MCO_API size_t mco_get_bytes_stored(mco_coro *co) { return co ? co->bytes_stored : 0; }

MCO_API size_t mco_get_storage_size(mco_coro *co) { return co ? co->storage_size : 0; }

MCO_API mco_coro *mco_running(void) { return mco__current; }

MCO_API const char *mco_result_description(mco_result res) {
  static const char *const text[] = {
      "no error", "generic error", "invalid pointer", "invalid coroutine",
      "coroutine not suspended", "coroutine not running", "make context error",
      "switch context error", "not enough space", "out of memory",
      "invalid arguments", "invalid operation"};
  if ((unsigned)res < sizeof text / sizeof text[0])
    return text[res];
  return "unknown error";
}

#endif /* MINICORO_IMPL_DONE */
#endif /* MINICORO_IMPL */
