/*===- interceptors.c - The calls that block a thread ------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Each function here has the name and type of a libc call that can block
 * its thread. Defined in the program, it takes libc's place for the
 * program and for every shared library that calls it (the dynamic linker
 * looks in the program first), as the sanitizers' interceptors do; it
 * looks (intercept.h), then calls the next definition, libc's, found with
 * dlsym(RTLD_NEXT) on first use. libc's own internal calls (getaddrinfo's
 * poll, system's waitpid) never come here. docs/beyond-gevent.md lists
 * each call with the reason it blocks; a call with a non-blocking form is
 * a finding only in its blocking form.
 *
 *===----------------------------------------------------------------------===*/
#include "intercept.h"

#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* switchguard-cc links this file in by naming this symbol. */
__attribute__((visibility("default"))) const char __swg_interceptors = 1;

/* libc's definition of `name` (at `version` first where glibc keeps an
 * older one beside it, as for pthread_cond_wait). Without one the process
 * cannot go on: say which and abort, as a failed dlsym in the sanitizers'
 * interceptors does. */
static void *next_definition(const char *name, const char *version) {
  void *p = version ? dlvsym(RTLD_NEXT, name, version) : NULL;
  if (!p)
    p = dlsym(RTLD_NEXT, name);
  if (!p) {
    char line[160];
    int n = snprintf(line, sizeof line,
                     "switchguard: no definition of %s() after the program's; "
                     "is libc linked statically?\n",
                     name);
    swg__report_write(line, (size_t)n);
    abort();
  }
  return p;
}

/* The next definition of `name`, kept in name##_next once found (a race
 * stores the same pointer twice). */
#define NEXT(name, version)                                                    \
  ({                                                                           \
    __typeof__(&name) f_ =                                                     \
        atomic_load_explicit(&name##_next, memory_order_relaxed);              \
    if (!f_) {                                                                 \
      f_ = (__typeof__(&name))next_definition(#name, version);                 \
      atomic_store_explicit(&name##_next, f_, memory_order_relaxed);           \
    }                                                                          \
    f_;                                                                        \
  })

#define UNPAREN(...) __VA_ARGS__

/* Defines the interceptor `ret name params`; `args` are its parameters as
 * passed on, `blocks` whether this call can block (an expression of
 * them), `look` the statement that reports it (it may use `caller_`, the
 * interceptor's caller). The common call, from the hub or in a form that
 * cannot block, is a load or two, a test or two and a jump to libc's
 * definition: no frame, no register saved. The rest (the first call,
 * which finds libc's, and a call that may block in a coroutine) is the
 * cold name##_slow, which looks, then calls libc's. */
#define INTERCEPT(ret, name, params, args, version, blocks, look)              \
  static __typeof__(&name) _Atomic name##_next;                                \
  static __attribute__((noinline, cold)) ret name##_slow(UNPAREN params,       \
                                                         const void *caller_) { \
    if ((blocks) && swg__maybe_in_coroutine())                                 \
      look;                                                                    \
    return NEXT(name, version) args;                                           \
  }                                                                            \
  ret name params {                                                            \
    __typeof__(&name) next_ =                                                  \
        atomic_load_explicit(&name##_next, memory_order_relaxed);              \
    if (SWG_UNLIKELY(!next_ || ((blocks) && swg__in_coroutine())))             \
      return name##_slow(UNPAREN args, __builtin_return_address(0));           \
    return next_ args;                                                         \
  }

/* A call that always blocks (or never returns at once), with why. */
#define WAITS(name, ...) swg__blocking_call(#name, caller_, __VA_ARGS__)
/* A call on a descriptor: blocking unless the descriptor is not. */
#define ON_FD(name, fd) swg__blocking_fd_call(#name, caller_, fd)

static long ms_of(const struct timespec *ts) {
  return (long)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

/* ---- sleeping ------------------------------------------------------------ */

INTERCEPT(unsigned int, sleep, (unsigned int s), (s), NULL, s != 0,
          WAITS(sleep, "sleeps %u s", s))

INTERCEPT(int, usleep, (useconds_t us), (us), NULL, us != 0,
          WAITS(usleep, "sleeps %u us", (unsigned)us))

INTERCEPT(int, nanosleep, (const struct timespec *req, struct timespec *rem),
          (req, rem), NULL, req && (req->tv_sec || req->tv_nsec),
          WAITS(nanosleep, "sleeps %ld ms", ms_of(req)))

INTERCEPT(int, clock_nanosleep,
          (clockid_t clock, int flags, const struct timespec *req,
           struct timespec *rem),
          (clock, flags, req, rem), NULL,
          req && (flags || req->tv_sec || req->tv_nsec),
          WAITS(clock_nanosleep, "%s",
                flags ? "sleeps until a time" : "sleeps"))

static __typeof__(&pause) _Atomic pause_next;
int pause(void) { /* no parameters to pass on: no slow side of its own */
  if (swg__maybe_in_coroutine())
    swg__blocking_call("pause", __builtin_return_address(0),
                       "waits for a signal");
  return NEXT(pause, NULL)();
}

INTERCEPT(int, sigsuspend, (const sigset_t *mask), (mask), NULL, 1,
          WAITS(sigsuspend, "waits for a signal"))

INTERCEPT(int, sigwait, (const sigset_t *set, int *sig), (set, sig), NULL, 1,
          WAITS(sigwait, "waits for a signal"))

INTERCEPT(int, sigwaitinfo, (const sigset_t *set, siginfo_t *info),
          (set, info), NULL, 1, WAITS(sigwaitinfo, "waits for a signal"))

INTERCEPT(int, sigtimedwait,
          (const sigset_t *set, siginfo_t *info,
           const struct timespec *timeout),
          (set, info, timeout), NULL,
          !timeout || timeout->tv_sec || timeout->tv_nsec,
          WAITS(sigtimedwait, "waits for a signal"))

/* ---- descriptors --------------------------------------------------------- */

INTERCEPT(ssize_t, read, (int fd, void *buf, size_t n), (fd, buf, n), NULL, 1,
          ON_FD(read, fd))

INTERCEPT(ssize_t, readv, (int fd, const struct iovec *iov, int n),
          (fd, iov, n), NULL, 1, ON_FD(readv, fd))

INTERCEPT(ssize_t, write, (int fd, const void *buf, size_t n), (fd, buf, n),
          NULL, 1, ON_FD(write, fd))

INTERCEPT(ssize_t, writev, (int fd, const struct iovec *iov, int n),
          (fd, iov, n), NULL, 1, ON_FD(writev, fd))

INTERCEPT(ssize_t, recv, (int fd, void *buf, size_t n, int flags),
          (fd, buf, n, flags), NULL, !(flags & MSG_DONTWAIT), ON_FD(recv, fd))

INTERCEPT(ssize_t, recvfrom,
          (int fd, void *buf, size_t n, int flags, struct sockaddr *from,
           socklen_t *len),
          (fd, buf, n, flags, from, len), NULL, !(flags & MSG_DONTWAIT),
          ON_FD(recvfrom, fd))

INTERCEPT(ssize_t, recvmsg, (int fd, struct msghdr *msg, int flags),
          (fd, msg, flags), NULL, !(flags & MSG_DONTWAIT), ON_FD(recvmsg, fd))

INTERCEPT(ssize_t, send, (int fd, const void *buf, size_t n, int flags),
          (fd, buf, n, flags), NULL, !(flags & MSG_DONTWAIT), ON_FD(send, fd))

INTERCEPT(ssize_t, sendto,
          (int fd, const void *buf, size_t n, int flags,
           const struct sockaddr *to, socklen_t len),
          (fd, buf, n, flags, to, len), NULL, !(flags & MSG_DONTWAIT),
          ON_FD(sendto, fd))

INTERCEPT(ssize_t, sendmsg, (int fd, const struct msghdr *msg, int flags),
          (fd, msg, flags), NULL, !(flags & MSG_DONTWAIT), ON_FD(sendmsg, fd))

INTERCEPT(int, accept, (int fd, struct sockaddr *addr, socklen_t *len),
          (fd, addr, len), NULL, 1, ON_FD(accept, fd))

INTERCEPT(int, accept4,
          (int fd, struct sockaddr *addr, socklen_t *len, int flags),
          (fd, addr, len, flags), NULL, 1, ON_FD(accept4, fd))

INTERCEPT(int, connect, (int fd, const struct sockaddr *addr, socklen_t len),
          (fd, addr, len), NULL, 1, ON_FD(connect, fd))

INTERCEPT(int, poll, (struct pollfd *fds, nfds_t n, int timeout),
          (fds, n, timeout), NULL, timeout != 0,
          WAITS(poll,
                timeout < 0 ? "waits without a timeout" : "waits up to %d ms",
                timeout))

INTERCEPT(int, ppoll,
          (struct pollfd *fds, nfds_t n, const struct timespec *timeout,
           const sigset_t *mask),
          (fds, n, timeout, mask), NULL,
          !timeout || timeout->tv_sec || timeout->tv_nsec,
          WAITS(ppoll, "%s",
                timeout ? "waits with a timeout" : "waits without a timeout"))

INTERCEPT(int, select,
          (int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout),
          (n, r, w, e, timeout), NULL,
          !timeout || timeout->tv_sec || timeout->tv_usec,
          WAITS(select, "%s",
                timeout ? "waits with a timeout" : "waits without a timeout"))

INTERCEPT(int, pselect,
          (int n, fd_set *r, fd_set *w, fd_set *e,
           const struct timespec *timeout, const sigset_t *mask),
          (n, r, w, e, timeout, mask), NULL,
          !timeout || timeout->tv_sec || timeout->tv_nsec,
          WAITS(pselect, "%s",
                timeout ? "waits with a timeout" : "waits without a timeout"))

INTERCEPT(int, epoll_wait,
          (int epfd, struct epoll_event *ev, int max, int timeout),
          (epfd, ev, max, timeout), NULL, timeout != 0,
          WAITS(epoll_wait,
                timeout < 0 ? "waits without a timeout" : "waits up to %d ms",
                timeout))

INTERCEPT(int, epoll_pwait,
          (int epfd, struct epoll_event *ev, int max, int timeout,
           const sigset_t *mask),
          (epfd, ev, max, timeout, mask), NULL, timeout != 0,
          WAITS(epoll_pwait,
                timeout < 0 ? "waits without a timeout" : "waits up to %d ms",
                timeout))

/* ---- names: a resolver may wait seconds --------------------------------- */

INTERCEPT(int, getaddrinfo,
          (const char *node, const char *service,
           const struct addrinfo *hints, struct addrinfo **res),
          (node, service, hints, res), NULL, 1,
          WAITS(getaddrinfo, "resolves '%s'", node ? node : "(null)"))

INTERCEPT(int, getnameinfo,
          (const struct sockaddr *addr, socklen_t len, char *host,
           socklen_t hostlen, char *serv, socklen_t servlen, int flags),
          (addr, len, host, hostlen, serv, servlen, flags), NULL,
          host && !(flags & NI_NUMERICHOST),
          WAITS(getnameinfo, "resolves an address"))

INTERCEPT(struct hostent *, gethostbyname, (const char *name), (name), NULL, 1,
          WAITS(gethostbyname, "resolves '%s'", name ? name : "(null)"))

INTERCEPT(struct hostent *, gethostbyname2, (const char *name, int af),
          (name, af), NULL, 1,
          WAITS(gethostbyname2, "resolves '%s'", name ? name : "(null)"))

INTERCEPT(int, gethostbyname_r,
          (const char *name, struct hostent *ret, char *buf, size_t n,
           struct hostent **result, int *err),
          (name, ret, buf, n, result, err), NULL, 1,
          WAITS(gethostbyname_r, "resolves '%s'", name ? name : "(null)"))

INTERCEPT(struct hostent *, gethostbyaddr,
          (const void *addr, socklen_t len, int type), (addr, len, type), NULL,
          1, WAITS(gethostbyaddr, "resolves an address"))

/* ---- threads ------------------------------------------------------------- */

INTERCEPT(int, pthread_join, (pthread_t t, void **ret), (t, ret), NULL, 1,
          WAITS(pthread_join, "waits for a thread to end"))

/* glibc keeps the LinuxThreads-era versions beside these on x86-64. */
#if defined(__x86_64__)
#define SWG_COND_VERSION "GLIBC_2.3.2"
#else
#define SWG_COND_VERSION NULL
#endif

INTERCEPT(int, pthread_cond_wait, (pthread_cond_t *c, pthread_mutex_t *m),
          (c, m), SWG_COND_VERSION, 1,
          WAITS(pthread_cond_wait, "waits for a condition variable"))

INTERCEPT(int, pthread_cond_timedwait,
          (pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *at),
          (c, m, at), SWG_COND_VERSION, 1,
          WAITS(pthread_cond_timedwait, "waits for a condition variable"))

INTERCEPT(int, sem_wait, (sem_t *s), (s), NULL, 1,
          WAITS(sem_wait, "waits for a semaphore"))

INTERCEPT(int, sem_timedwait, (sem_t *s, const struct timespec *at), (s, at),
          NULL, 1, WAITS(sem_timedwait, "waits for a semaphore"))

/* ---- processes ----------------------------------------------------------- */

INTERCEPT(pid_t, wait, (int *status), (status), NULL, 1,
          WAITS(wait, "waits for a child process"))

INTERCEPT(pid_t, waitpid, (pid_t pid, int *status, int options),
          (pid, status, options), NULL, !(options & WNOHANG),
          WAITS(waitpid, "waits for a child process"))

INTERCEPT(int, waitid, (idtype_t type, id_t id, siginfo_t *info, int options),
          (type, id, info, options), NULL, !(options & WNOHANG),
          WAITS(waitid, "waits for a child process"))

INTERCEPT(int, system, (const char *command), (command), NULL, command != NULL,
          WAITS(system, "runs a command to its end"))

INTERCEPT(int, pclose, (FILE *f), (f), NULL, 1,
          WAITS(pclose, "waits for a command to end"))

/* ---- files: waits for the disk, or for another process's lock --------- */

INTERCEPT(int, fsync, (int fd), (fd), NULL, 1,
          WAITS(fsync, "waits for the disk"))

INTERCEPT(int, fdatasync, (int fd), (fd), NULL, 1,
          WAITS(fdatasync, "waits for the disk"))

INTERCEPT(int, flock, (int fd, int op), (fd, op), NULL,
          !(op & LOCK_NB) && !(op & LOCK_UN),
          WAITS(flock, "waits for a file lock"))
