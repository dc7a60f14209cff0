/*===- switchguard.h - switchguard's public interface -----------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Annotations for the plugin and calls into the runtime. Without the plugin
 * (GCC, or clang without -fplugin=switchguard.so) the annotation macros
 * compile to nothing. The runtime calls need libswitchguard; define
 * SWG_NO_RUNTIME to turn them into no-ops for builds without it.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_H
#define SWITCHGUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---- annotations (need the plugin) ---------------------------------- */

#if defined(__clang__) && defined(__has_attribute)
#if __has_attribute(must_switch)
#define SWG_HAVE_PLUGIN 1
#endif
#endif

#ifdef SWG_HAVE_PLUGIN
/* Every call must see a switch before it returns. */
#define SWG_MUST_SWITCH __attribute__((must_switch))
/* ... and no stretch inside it may run longer than ms milliseconds. */
#define SWG_MUST_SWITCH_WITHIN(ms) __attribute__((must_switch(ms)))
#else
#define SWG_MUST_SWITCH
#define SWG_MUST_SWITCH_WITHIN(ms)
#endif

/* ---- the runtime ----------------------------------------------------- */

#ifndef SWG_NO_RUNTIME
/* Names a coroutine (by its library handle) in reports; the runtime keeps
 * a copy. Returns 0, or -1 if switchguard does not know the handle. */
int swg_coro_set_name(void *handle, const char *name);

/* Makes the calling context this thread's hub: for programs whose
 * scheduler runs in a coroutine of its own. */
void swg_set_hub(void);

/* This thread may block (a worker pool, say): never report it. */
void swg_ignore_current_blocking(void);
/* Undoes swg_ignore_current_blocking for this thread. */
void swg_monitor_current_blocking(void);
#else
#define swg_coro_set_name(h, n) ((void)(h), (void)(n), 0)
#define swg_set_hub() ((void)0)
#define swg_ignore_current_blocking() ((void)0)
#define swg_monitor_current_blocking() ((void)0)
#endif

#ifdef __cplusplus
}
#endif
#endif /* SWITCHGUARD_H */
