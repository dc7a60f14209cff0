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

/* The next definition of `name`, looked up once per process (a race
 * stores the same pointer twice). */
#define REAL_AT(name, version)                                                 \
  ({                                                                           \
    static __typeof__(&name) _Atomic real_;                                    \
    __typeof__(&name) f_ = atomic_load_explicit(&real_, memory_order_relaxed); \
    if (SWG_UNLIKELY(!f_)) {                                                   \
      f_ = (__typeof__(&name))next_definition(#name, version);                 \
      atomic_store_explicit(&real_, f_, memory_order_relaxed);                 \
    }                                                                          \
    f_;                                                                        \
  })
#define REAL(name) REAL_AT(name, NULL)

/* The caller of the interceptor, for the report's stack. */
#define CALLER __builtin_return_address(0)

/* A call that always blocks (or never returns at once). */
#define ALWAYS(name, detail, ...)                                              \
  do {                                                                         \
    if (swg__maybe_in_coroutine())                                             \
      swg__blocking_call(#name, CALLER, detail, ##__VA_ARGS__);                \
  } while (0)

/* A call on a descriptor, blocking unless the descriptor is not. */
#define ON_FD(name, fd)                                                        \
  do {                                                                         \
    if (swg__maybe_in_coroutine())                                             \
      swg__blocking_fd_call(#name, CALLER, fd);                                \
  } while (0)

static long ms_of(const struct timespec *ts) {
  return (long)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

/* ---- sleeping ------------------------------------------------------------ */

unsigned int sleep(unsigned int s) {
  if (s)
    ALWAYS(sleep, "sleeps %u s", s);
  return REAL(sleep)(s);
}

int usleep(useconds_t us) {
  if (us)
    ALWAYS(usleep, "sleeps %u us", (unsigned)us);
  return REAL(usleep)(us);
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  if (req && (req->tv_sec || req->tv_nsec))
    ALWAYS(nanosleep, "sleeps %ld ms", ms_of(req));
  return REAL(nanosleep)(req, rem);
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
                    struct timespec *rem) {
  if (req && (flags || req->tv_sec || req->tv_nsec))
    ALWAYS(clock_nanosleep, "%s", flags ? "sleeps until a time" : "sleeps");
  return REAL(clock_nanosleep)(clock, flags, req, rem);
}

int pause(void) {
  ALWAYS(pause, "waits for a signal");
  return REAL(pause)();
}

int sigsuspend(const sigset_t *mask) {
  ALWAYS(sigsuspend, "waits for a signal");
  return REAL(sigsuspend)(mask);
}

int sigwait(const sigset_t *set, int *sig) {
  ALWAYS(sigwait, "waits for a signal");
  return REAL(sigwait)(set, sig);
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info) {
  ALWAYS(sigwaitinfo, "waits for a signal");
  return REAL(sigwaitinfo)(set, info);
}

int sigtimedwait(const sigset_t *set, siginfo_t *info,
                 const struct timespec *timeout) {
  if (!timeout || timeout->tv_sec || timeout->tv_nsec)
    ALWAYS(sigtimedwait, "waits for a signal");
  return REAL(sigtimedwait)(set, info, timeout);
}

/* ---- descriptors --------------------------------------------------------- */

ssize_t read(int fd, void *buf, size_t n) {
  ON_FD(read, fd);
  return REAL(read)(fd, buf, n);
}

ssize_t readv(int fd, const struct iovec *iov, int n) {
  ON_FD(readv, fd);
  return REAL(readv)(fd, iov, n);
}

ssize_t write(int fd, const void *buf, size_t n) {
  ON_FD(write, fd);
  return REAL(write)(fd, buf, n);
}

ssize_t writev(int fd, const struct iovec *iov, int n) {
  ON_FD(writev, fd);
  return REAL(writev)(fd, iov, n);
}

ssize_t recv(int fd, void *buf, size_t n, int flags) {
  if (!(flags & MSG_DONTWAIT))
    ON_FD(recv, fd);
  return REAL(recv)(fd, buf, n, flags);
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from,
                 socklen_t *len) {
  if (!(flags & MSG_DONTWAIT))
    ON_FD(recvfrom, fd);
  return REAL(recvfrom)(fd, buf, n, flags, from, len);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  if (!(flags & MSG_DONTWAIT))
    ON_FD(recvmsg, fd);
  return REAL(recvmsg)(fd, msg, flags);
}

ssize_t send(int fd, const void *buf, size_t n, int flags) {
  if (!(flags & MSG_DONTWAIT))
    ON_FD(send, fd);
  return REAL(send)(fd, buf, n, flags);
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *to, socklen_t len) {
  if (!(flags & MSG_DONTWAIT))
    ON_FD(sendto, fd);
  return REAL(sendto)(fd, buf, n, flags, to, len);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  if (!(flags & MSG_DONTWAIT))
    ON_FD(sendmsg, fd);
  return REAL(sendmsg)(fd, msg, flags);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  ON_FD(accept, fd);
  return REAL(accept)(fd, addr, len);
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  ON_FD(accept4, fd);
  return REAL(accept4)(fd, addr, len, flags);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  ON_FD(connect, fd);
  return REAL(connect)(fd, addr, len);
}

/* ---- waiting on descriptors ---------------------------------------------- */

int poll(struct pollfd *fds, nfds_t n, int timeout) {
  if (timeout)
    ALWAYS(poll, timeout < 0 ? "waits without a timeout" : "waits up to %d ms",
           timeout);
  return REAL(poll)(fds, n, timeout);
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout,
          const sigset_t *mask) {
  if (!timeout || timeout->tv_sec || timeout->tv_nsec)
    ALWAYS(ppoll, "%s",
           timeout ? "waits with a timeout" : "waits without a timeout");
  return REAL(ppoll)(fds, n, timeout, mask);
}

int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout) {
  if (!timeout || timeout->tv_sec || timeout->tv_usec)
    ALWAYS(select, "%s",
           timeout ? "waits with a timeout" : "waits without a timeout");
  return REAL(select)(n, r, w, e, timeout);
}

int pselect(int n, fd_set *r, fd_set *w, fd_set *e,
            const struct timespec *timeout, const sigset_t *mask) {
  if (!timeout || timeout->tv_sec || timeout->tv_nsec)
    ALWAYS(pselect, "%s",
           timeout ? "waits with a timeout" : "waits without a timeout");
  return REAL(pselect)(n, r, w, e, timeout, mask);
}

int epoll_wait(int epfd, struct epoll_event *ev, int max, int timeout) {
  if (timeout)
    ALWAYS(epoll_wait,
           timeout < 0 ? "waits without a timeout" : "waits up to %d ms",
           timeout);
  return REAL(epoll_wait)(epfd, ev, max, timeout);
}

int epoll_pwait(int epfd, struct epoll_event *ev, int max, int timeout,
                const sigset_t *mask) {
  if (timeout)
    ALWAYS(epoll_pwait,
           timeout < 0 ? "waits without a timeout" : "waits up to %d ms",
           timeout);
  return REAL(epoll_pwait)(epfd, ev, max, timeout, mask);
}

/* ---- names: a resolver may wait seconds --------------------------------- */

int getaddrinfo(const char *node, const char *service,
                const struct addrinfo *hints, struct addrinfo **res) {
  ALWAYS(getaddrinfo, "resolves '%s'", node ? node : "(null)");
  return REAL(getaddrinfo)(node, service, hints, res);
}

int getnameinfo(const struct sockaddr *addr, socklen_t len, char *host,
                socklen_t hostlen, char *serv, socklen_t servlen, int flags) {
  if (host && !(flags & NI_NUMERICHOST))
    ALWAYS(getnameinfo, "resolves an address");
  return REAL(getnameinfo)(addr, len, host, hostlen, serv, servlen, flags);
}

struct hostent *gethostbyname(const char *name) {
  ALWAYS(gethostbyname, "resolves '%s'", name ? name : "(null)");
  return REAL(gethostbyname)(name);
}

struct hostent *gethostbyname2(const char *name, int af) {
  ALWAYS(gethostbyname2, "resolves '%s'", name ? name : "(null)");
  return REAL(gethostbyname2)(name, af);
}

int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t n,
                    struct hostent **result, int *err) {
  ALWAYS(gethostbyname_r, "resolves '%s'", name ? name : "(null)");
  return REAL(gethostbyname_r)(name, ret, buf, n, result, err);
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type) {
  ALWAYS(gethostbyaddr, "resolves an address");
  return REAL(gethostbyaddr)(addr, len, type);
}

/* ---- threads ------------------------------------------------------------- */

int pthread_join(pthread_t t, void **ret) {
  ALWAYS(pthread_join, "waits for a thread to end");
  return REAL(pthread_join)(t, ret);
}

/* glibc keeps the LinuxThreads-era versions beside these on x86-64. */
#if defined(__x86_64__)
#define SWG_COND_VERSION "GLIBC_2.3.2"
#else
#define SWG_COND_VERSION NULL
#endif

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  ALWAYS(pthread_cond_wait, "waits for a condition variable");
  return REAL_AT(pthread_cond_wait, SWG_COND_VERSION)(c, m);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                           const struct timespec *at) {
  ALWAYS(pthread_cond_timedwait, "waits for a condition variable");
  return REAL_AT(pthread_cond_timedwait, SWG_COND_VERSION)(c, m, at);
}

int sem_wait(sem_t *s) {
  ALWAYS(sem_wait, "waits for a semaphore");
  return REAL(sem_wait)(s);
}

int sem_timedwait(sem_t *s, const struct timespec *at) {
  ALWAYS(sem_timedwait, "waits for a semaphore");
  return REAL(sem_timedwait)(s, at);
}

/* ---- processes ----------------------------------------------------------- */

pid_t wait(int *status) {
  ALWAYS(wait, "waits for a child process");
  return REAL(wait)(status);
}

pid_t waitpid(pid_t pid, int *status, int options) {
  if (!(options & WNOHANG))
    ALWAYS(waitpid, "waits for a child process");
  return REAL(waitpid)(pid, status, options);
}

int waitid(idtype_t type, id_t id, siginfo_t *info, int options) {
  if (!(options & WNOHANG))
    ALWAYS(waitid, "waits for a child process");
  return REAL(waitid)(type, id, info, options);
}

int system(const char *command) {
  if (command)
    ALWAYS(system, "runs a command to its end");
  return REAL(system)(command);
}

int pclose(FILE *f) {
  ALWAYS(pclose, "waits for a command to end");
  return REAL(pclose)(f);
}

/* ---- files: waits for the disk, or for another process's lock --------- */

int fsync(int fd) {
  ALWAYS(fsync, "waits for the disk");
  return REAL(fsync)(fd);
}

int fdatasync(int fd) {
  ALWAYS(fdatasync, "waits for the disk");
  return REAL(fdatasync)(fd);
}

int flock(int fd, int op) {
  if (!(op & LOCK_NB) && !(op & LOCK_UN))
    ALWAYS(flock, "waits for a file lock");
  return REAL(flock)(fd, op);
}
