/* libco.h -- switchguard test stand-in for byuu's libco (cooperative threads,
 *            https://github.com/higan-emu/libco, also in bsnes/higan/ares)
 *
 * This is NOT libco.  It is switchguard's own small stand-in, written from
 * libco's documented public API (libco.h: six functions), so tests can
 * build and run programs shaped like libco programs.  No code comes from
 * the real project.  As with libco, this header only declares the API; the
 * implementation is libco.c beside it, which a program compiles and links
 * with its own files (`cc prog.c libco.c`).
 *
 * Covered: cothread_t, co_active, co_derive, co_create, co_delete,
 *   co_switch, co_serializable (returns 0).
 * Not the same names as PCL's or Tencent libco's co_create: this is byuu's
 * signature, co_create(unsigned int heapsize, void (*entry)(void)).
 *
 * Shape for switchguard (symmetric):
 *   create   co_create(size, entry) / co_derive(mem, size, entry)
 *            handle: return value; entry: the last argument (no argument
 *            is passed to it; it must never return -- the stand-in aborts
 *            with a message if it does, libco would crash)
 *   switch   co_switch(to): from is co_active() (implicit), to is arg0;
 *            the switch itself happens inside libco.c (swapcontext there)
 *   destroy  co_delete(handle)
 *   hub      none by API: every transfer is a symmetric co_switch.  By
 *            convention the thread's native context (what co_active()
 *            returns before the first switch) acts as the hub.
 *   No call yields internally and the library never waits.
 */
#ifndef LIBCO_H
#define LIBCO_H

#ifdef __cplusplus
extern "C" {
#endif

typedef void *cothread_t;

cothread_t co_active(void);
cothread_t co_derive(void *memory, unsigned int heapsize, void (*coentry)(void));
cothread_t co_create(unsigned int heapsize, void (*coentry)(void));
void co_delete(cothread_t cothread);
void co_switch(cothread_t cothread);
int co_serializable(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBCO_H */
