/*===- capture.c - A thread's stack, without disturbing it ------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The reporter asks for the stack of another thread of this process. This
 * file finds registers to unwind from, without changing what the thread
 * does, copies the top of the stack, and has symbolize.c's unwinder walk
 * the copy. A thread in a system call is never signalled or traced: a
 * handled signal cuts sleep, poll and friends short even with SA_RESTART.
 * Its SP and PC come from /proc/self/task/TID/syscall instead, and the file
 * is read again after the copy to confirm the thread did not move
 * meanwhile; the monitor takes such a copy (a snapshot) the moment it
 * decides a blockage, for a report that may come seconds later. Only a
 * thread running in user space, where a signal interrupts nothing, is
 * signalled: the handler publishes its registers and parks while the
 * reporter copies the top of its stack into a buffer made in advance;
 * released, it runs on while the reporter walks the copy. The walk
 * allocates (libdwfl), and the parked thread may hold the lock of the only
 * malloc arena.
 *
 *===----------------------------------------------------------------------===*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "dwfl_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define SWG_PARK_NS 100000000 /* how long either side waits for the other */
/* How much of a parked thread's stack is copied, from the page holding its
 * SP up: 64 frames of ordinary code fit many times over; a walk that
 * needs more ends at the copy's end. */
#define SWG_COPY_BYTES (128 * 1024)
#define SWG_PAGE 4096u

/* ---- the capture signal: its slot and handler ------------------------ */

/* The slot's word is generation << 3 | state: every compare-and-swap
 * includes the generation, so a late handler never touches a newer
 * capture. Capturer: IDLE -> ARMED, then PARKED -> RELEASED. Handler:
 * ARMED -> FILLING -> PARKED, then RELEASED -> DONE on its way out, or
 * PARKED -> ABANDONED when tired of waiting. The capturer gives up on
 * ARMED by swapping it back to IDLE. */
enum {
  SWG_IDLE,
  SWG_ARMED,
  SWG_FILLING,
  SWG_PARKED,
  SWG_RELEASED,
  SWG_DONE,
  SWG_ABANDONED
};
#define SWG_WORD(gen, st) ((uint32_t)(gen) << 3 | (st))

static struct {
  _Atomic uint32_t word; /* also the futex both sides wait on */
  _Atomic pid_t tid;     /* the thread asked to park */
  struct swg_regs regs;  /* written while FILLING */
} swg__slot;
static uint32_t swg__gen;
static pid_t swg__pid;          /* the process the slot state is from */
static _Atomic pid_t swg__busy; /* the process capturing: one at a time */
static int swg__signo;
static struct sigaction swg__old; /* the handler we displaced */
/* Threads sent our signal that have not taken it yet: tells ours (maybe
 * late) from the program's own tgkill, which the displaced handler gets. */
static _Atomic pid_t swg__sent[8];

static int64_t swg__mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Waits while the slot word is `v`, until `deadline`; false on timeout.
 * Async-signal-safe. */
static bool swg__wait_while(uint32_t v, int64_t deadline) {
  while (atomic_load(&swg__slot.word) == v) {
    int64_t left = deadline - swg__mono_ns();
    if (left <= 0)
      return false;
    struct timespec ts = {left / 1000000000, left % 1000000000};
    syscall(SYS_futex, &swg__slot.word, FUTEX_WAIT_PRIVATE, v, &ts, NULL, 0);
  }
  return true;
}

static void swg__wake(void) {
  syscall(SYS_futex, &swg__slot.word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void swg__regs_from(const ucontext_t *uc, struct swg_regs *r) {
  const mcontext_t *m = &uc->uc_mcontext;
#if defined(__x86_64__)
  static const int map[SWG_NREGS] = {
      REG_RAX, REG_RDX, REG_RCX, REG_RBX, REG_RSI, REG_RDI, REG_RBP, REG_RSP,
      REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
  for (int i = 0; i < SWG_NREGS; i++)
    r->r[i] = (uint64_t)m->gregs[map[i]];
  r->pc = (uint64_t)m->gregs[REG_RIP];
#else
  for (int i = 0; i < 31; i++)
    r->r[i] = m->regs[i];
  r->r[31] = m->sp;
  r->pc = m->pc;
#endif
  r->known = (1ull << SWG_NREGS) - 1;
}

/* A signal that is not ours goes where it would have gone without us,
 * with the mask its handler asked for. */
static void swg__chain(int sig, siginfo_t *si, void *uc) {
  sigset_t set;
  if (swg__old.sa_handler == SIG_IGN)
    return;
  if (swg__old.sa_handler != SIG_DFL) {
    pthread_sigmask(SIG_BLOCK, &swg__old.sa_mask, &set);
    if (swg__old.sa_flags & SA_SIGINFO)
      swg__old.sa_sigaction(sig, si, uc);
    else
      swg__old.sa_handler(sig);
    pthread_sigmask(SIG_SETMASK, &set, NULL);
  } else if (sig != SIGCHLD && sig != SIGURG && sig != SIGWINCH &&
             sig != SIGCONT) { /* the default is to terminate: do so */
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigaction(sig, &dfl, NULL);
    tgkill(getpid(), gettid(), sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  }
}

static bool swg__claim(const siginfo_t *si) {
  if (si->si_code != SI_TKILL || si->si_pid != getpid())
    return false;
  pid_t self = gettid();
  for (int i = 0; i < 8; i++) {
    pid_t t = self;
    if (atomic_compare_exchange_strong(&swg__sent[i], &t, 0))
      return true;
  }
  return false;
}

/* Async-signal-safe only: publish the registers, park, restore errno. */
static void swg__on_signal(int sig, siginfo_t *si, void *uc) {
  int saved_errno = errno;
  uint32_t w = atomic_load(&swg__slot.word), gen = w & ~7u;
  uint32_t filling = gen | SWG_FILLING, parked = gen | SWG_PARKED;
  if (!swg__claim(si))
    swg__chain(sig, si, uc);
  else if ((w & 7) == SWG_ARMED && atomic_load(&swg__slot.tid) == gettid() &&
           atomic_compare_exchange_strong(&swg__slot.word, &w, filling)) {
    swg__regs_from(uc, &swg__slot.regs);
    if (atomic_compare_exchange_strong(&swg__slot.word, &filling, parked)) {
      swg__wake();
      swg__wait_while(parked, swg__mono_ns() + SWG_PARK_NS);
      /* Still parked: time is up, abandon. Released: say we are leaving. */
      uint32_t cur = parked;
      if (!atomic_compare_exchange_strong(&swg__slot.word, &cur,
                                          gen | SWG_ABANDONED) &&
          cur == (gen | SWG_RELEASED) &&
          atomic_compare_exchange_strong(&swg__slot.word, &cur, gen | SWG_DONE))
        swg__wake();
    }
  } /* else: late, from a capture that gave up; nothing to do */
  errno = saved_errno;
}

int swg__capture_init(int signo) {
  if (signo <= 0 || signo > 64) {
    errno = EINVAL;
    return -1;
  }
  if (swg__signo == signo)
    return 0;
  if (swg__signo != 0) { /* one signal per process */
    errno = EBUSY;
    return -1;
  }
  struct sigaction sa = {.sa_sigaction = swg__on_signal,
                         .sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK};
  sigemptyset(&sa.sa_mask);
  /* Keep the old handler before ours can run and need it. */
  if (sigaction(signo, NULL, &swg__old) != 0 ||
      sigaction(signo, &sa, NULL) != 0)
    return -1;
  swg__signo = signo;
  return 0;
}

/* ---- copies of a stack ------------------------------------------------ */

/* A thread's registers and the top of its stack as they were at one
 * moment: from a system call's SP and PC, or from a parked signal handler.
 * Copied, and confirmed the thread had not moved meanwhile, before
 * anything is walked: what is walked is then the stack of that moment
 * however late the walk, and however long libdwfl takes. */
struct swg_snapshot {
  _Atomic bool used;
  unsigned char *copy; /* SWG_COPY_BYTES; the pool's made on first use */
  uintptr_t from;      /* the original address of copy[0] */
  size_t n;            /* bytes copied */
  enum swg_capture_how how;
  long nr; /* the system call, -1 if none (SWG_CAPTURE_SYSCALL) */
  struct swg_regs regs;
};

/* SWG_COPY_BYTES with an inaccessible page on each side: a walk that runs
 * off a copy reads nothing, as off a stack. NULL, with a note, if there is
 * no memory for one. */
static unsigned char *swg__copy_area(struct swg_stack *out) {
  size_t len = SWG_COPY_BYTES + 2 * SWG_PAGE;
  unsigned char *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                          -1, 0);
  if (p == MAP_FAILED ||
      mprotect(p + SWG_PAGE, SWG_COPY_BYTES, PROT_READ | PROT_WRITE) != 0) {
    SWG_NOTE(out, "no memory for a copy of the stack: %s", strerror(errno));
    if (p != MAP_FAILED)
      munmap(p, len);
    return NULL;
  }
  return p + SWG_PAGE;
}

/* The copy of swg__capture_thread's capture in progress, made before the
 * first (its callers, in report.c, capture one at a time). */
static unsigned char *swg__copy;

static bool swg__copy_ready(struct swg_stack *out) {
  return swg__copy || (swg__copy = swg__copy_area(out)) != NULL;
}

/* Copies the readable head of [from, from + SWG_COPY_BYTES) into the copy;
 * returns how many bytes. Only system calls: the thread it reads is parked
 * and may hold any lock, malloc's included. */
static size_t swg__copy_stack(uintptr_t from, unsigned char *to) {
  /* A page per remote iovec: the transfer stops at the first bad page. */
  struct iovec local = {to, SWG_COPY_BYTES};
  struct iovec remote[SWG_COPY_BYTES / SWG_PAGE];
  for (size_t i = 0; i < SWG_COPY_BYTES / SWG_PAGE; i++)
    remote[i] = (struct iovec){(void *)(from + i * SWG_PAGE), SWG_PAGE};
  ssize_t got = process_vm_readv(getpid(), &local, 1, remote,
                                 SWG_COPY_BYTES / SWG_PAGE, 0);
  if (got < 0 && (errno == ENOSYS || errno == EPERM)) {
    /* Some sandboxes forbid process_vm_readv; /proc/self/mem is as safe. */
    int fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    got = fd < 0 ? -1 : pread(fd, to, SWG_COPY_BYTES, (off_t)from);
    if (fd >= 0)
      close(fd);
  }
  return got < 0 ? 0 : (size_t)got;
}

/* Makes the copy `to` of [from, from + n) a stack of its own: every word
 * that points into the original (saved frame pointers, the CFA registers)
 * points into the copy instead, so the walk reads nothing the thread may
 * have changed since. Return addresses point at code and stay. */
static void swg__relocate(unsigned char *to, uintptr_t from, size_t n,
                          struct swg_regs *r) {
  uintptr_t at = (uintptr_t)to;
  memset(to + n, 0, SWG_COPY_BYTES - n); /* no earlier copy's words */
  for (size_t i = 0; i < n / sizeof(uint64_t); i++) {
    uint64_t v;
    memcpy(&v, to + i * sizeof v, sizeof v);
    if (v >= from && v - from < n) {
      v = v - from + at;
      memcpy(to + i * sizeof v, &v, sizeof v);
    }
  }
  for (int i = 0; i < SWG_NREGS; i++)
    if ((r->known >> i & 1) && r->r[i] >= from && r->r[i] - from < n)
      r->r[i] = r->r[i] - from + at;
}

/* ---- a running thread: parked by the signal, copied ------------------- */

/* Sends the signal to `tid` and waits until its handler parks; false with
 * a note if it does not. */
static bool swg__park(pid_t tid, uint32_t gen, int64_t park_ns,
                      struct swg_stack *out) {
  int k = 0;
  for (pid_t zero = 0; k < 8; k++, zero = 0)
    if (atomic_compare_exchange_strong(&swg__sent[k], &zero, tid))
      break;
  if (k == 8) /* all taken by threads that died first: recycle one */
    atomic_store(&swg__sent[k = gen % 8], tid);
  atomic_store(&swg__slot.tid, tid);
  atomic_store(&swg__slot.word, SWG_WORD(gen, SWG_ARMED));
  if (tgkill(getpid(), tid, swg__signo) != 0) {
    int err = errno;
    atomic_store(&swg__sent[k], 0);
    atomic_store(&swg__slot.word, SWG_WORD(gen, SWG_IDLE));
    if (err == ESRCH)
      SWG_NOTE(out, "thread %d no longer exists", (int)tid);
    else
      SWG_NOTE(out, "cannot signal thread %d: %s", (int)tid, strerror(err));
    return false;
  }
  int64_t deadline = swg__mono_ns() + park_ns;
  uint32_t w;
  while ((w = atomic_load(&swg__slot.word)) != SWG_WORD(gen, SWG_PARKED)) {
    if (w == SWG_WORD(gen, SWG_ARMED)) {
      if (!swg__wait_while(w, deadline) &&
          atomic_compare_exchange_strong(&swg__slot.word, &w,
                                         SWG_WORD(gen, SWG_IDLE))) {
        SWG_NOTE(out, "thread %d did not answer signal %d within %d ms",
                 (int)tid, swg__signo, (int)(park_ns / 1000000));
        return false;
      }
    } else if (w != SWG_WORD(gen, SWG_FILLING) ||
               !swg__wait_while(w, deadline + SWG_PARK_NS)) {
      SWG_NOTE(out, "thread %d did not stay parked for the capture", (int)tid);
      return false;
    }
  }
  return true;
}

/* Whether thread `tid` can be sent the capture signal; `mask_waits` is
 * how many 1 ms waits a thread just out of our handler gets to unblock it
 * again. */
static bool swg__signal_ready(pid_t tid, int mask_waits,
                              struct swg_stack *out) {
  struct sigaction cur;
  int blocked;
  if (swg__signo == 0) {
    SWG_NOTE(out, "thread %d runs and no capture signal is set", (int)tid);
    return false;
  }
  /* Sending it to someone else's handler would change the program. */
  if (sigaction(swg__signo, NULL, &cur) != 0 || !(cur.sa_flags & SA_SIGINFO) ||
      cur.sa_sigaction != swg__on_signal) {
    SWG_NOTE(out, "the program replaced the handler of signal %d; no stack",
             swg__signo);
    return false;
  }
  /* Just out of our handler, it may not have restored its mask yet; on a
   * loaded machine it may wait a few time slices for the CPU to do so. */
  blocked = swg__blocks(tid, swg__signo, out);
  for (int i = 0;
       blocked > 0 && atomic_load(&swg__slot.tid) == tid && i < mask_waits;
       i++) {
    nanosleep(&(struct timespec){0, 1000000}, NULL);
    blocked = swg__blocks(tid, swg__signo, out);
  }
  if (blocked != 0) {
    if (blocked > 0)
      SWG_NOTE(out, "thread %d blocks signal %d; no stack", (int)tid,
               swg__signo);
    return false;
  }
  return true;
}

/* Parks thread `tid` with the capture signal, copies its registers and
 * the top of its stack into `snap`, and releases it; `park_ns` bounds the
 * wait for it to answer. */
static bool swg__signal_copy(pid_t tid, struct swg_snapshot *snap,
                             int64_t park_ns, struct swg_stack *out) {
  uint32_t w = atomic_load(&swg__slot.word);
  if ((w & 7) == SWG_FILLING || (w & 7) == SWG_PARKED) {
    SWG_NOTE(out, "an earlier capture signal is still being handled");
    return false;
  }
  uint32_t gen = swg__gen = (swg__gen + 1) & 0x1fffffff;
  uint32_t parked = SWG_WORD(gen, SWG_PARKED);
  if (!swg__park(tid, gen, park_ns, out))
    return false;
  /* Parked: copy, then release. Nothing here may allocate or take a lock
   * until the release. */
  snap->regs = swg__slot.regs;
  snap->from =
      (uintptr_t)snap->regs.r[SWG_DWARF_SP] & ~(uintptr_t)(SWG_PAGE - 1);
  snap->n = swg__copy_stack(snap->from, snap->copy);
  int copy_err = errno;
  if (!atomic_compare_exchange_strong(&swg__slot.word, &parked,
                                      SWG_WORD(gen, SWG_RELEASED))) {
    /* it gave up waiting and ran on: the copy may be torn */
    SWG_NOTE(out, "thread %d resumed while its stack was copied; discarded",
             (int)tid);
    return false;
  }
  swg__wake();
  /* Let it leave the handler, which blocks the signal, so that capturing
   * it again at once does not find it blocking the signal. */
  swg__wait_while(SWG_WORD(gen, SWG_RELEASED), swg__mono_ns() + SWG_PARK_NS);
  if (snap->n == 0) {
    SWG_NOTE(out, "cannot read the stack of thread %d at 0x%lx: %s", (int)tid,
             (unsigned long)snap->regs.r[SWG_DWARF_SP], strerror(copy_err));
    return false;
  }
  snap->how = SWG_CAPTURE_SIGNAL;
  return true;
}

/* ---- the system-call path --------------------------------------------- */

static bool swg__syscall_copy(pid_t tid, const struct swg_sysstate *s,
                              struct swg_snapshot *snap,
                              struct swg_stack *out) {
  snap->from = (uintptr_t)s->sp & ~(uintptr_t)(SWG_PAGE - 1);
  snap->n = swg__copy_stack(snap->from, snap->copy);
  if (snap->n == 0) {
    SWG_NOTE(out, "cannot read the stack of thread %d at 0x%lx: %s", (int)tid,
             (unsigned long)s->sp, strerror(errno));
    return false;
  }
  struct swg_sysstate again;
  if (!swg__read_syscall(tid, &again, out))
    return false;
  if (!again.in_kernel || strcmp(again.text, s->text) != 0) {
    /* it returned, and its stack may have changed */
    SWG_NOTE(out, "thread %d left system call %ld during the copy; discarded",
             (int)tid, s->nr);
    return false;
  }
  snap->how = SWG_CAPTURE_SYSCALL;
  snap->nr = s->nr;
  snap->regs = (struct swg_regs){.known = 1ull << SWG_DWARF_SP, .pc = s->pc};
  snap->regs.r[SWG_DWARF_SP] = s->sp;
  return true;
}

/* ---- one capture at a time -------------------------------------------- */

/* The signal slot serves one capture at a time, the reporter's or a
 * snapshot of the monitor's; only while the thread is parked and copied:
 * walks, which take long, need no slot. */
static bool swg__capture_begin(void) {
  /* A holder from another pid is the parent's capturer, caught by fork. */
  pid_t me = getpid(), busy = 0;
  if (!atomic_compare_exchange_strong(&swg__busy, &busy, me) &&
      (busy == me || !atomic_compare_exchange_strong(&swg__busy, &busy, me)))
    return false;
  if (swg__pid != me) { /* first capture, or a fork child: the state */
    swg__pid = me;      /* left by the parent's threads means nothing */
    atomic_store(&swg__slot.word, SWG_WORD(swg__gen, SWG_IDLE));
    for (int i = 0; i < 8; i++)
      atomic_store(&swg__sent[i], 0);
  }
  return true;
}

static void swg__capture_end(void) { atomic_store(&swg__busy, 0); }

/* ---- walking a copy --------------------------------------------------- */

static void swg__walk_copy(struct swg_snapshot *snap, pid_t tid,
                           struct swg_stack *out, int max) {
  swg__relocate(snap->copy, snap->from, snap->n, &snap->regs);
  swg__unwind(tid, &snap->regs, out, max);
  out->how = snap->how;
  if (snap->how == SWG_CAPTURE_SYSCALL && snap->nr < 0 && out->depth > 0)
    SWG_NOTE(out, "thread %d is in the kernel, not in a system call", (int)tid);
}

/* A capture that ended with no frame says so, with a reason if none was
 * given. */
static void swg__no_frames(pid_t tid, struct swg_stack *out) {
  if (out->depth > 0)
    return;
  out->how = SWG_CAPTURE_NONE;
  if (out->note[0] == '\0')
    SWG_NOTE(out, "no frames could be unwound for thread %d", (int)tid);
}

/* Either path into the capture's own copy, then the walk. */
static void swg__capture_now(pid_t tid, const struct swg_sysstate *s,
                             struct swg_stack *out, int max) {
  if (!s->in_kernel && !swg__signal_ready(tid, 100, out))
    return;
  if (!s->in_kernel && swg__dwfl() == NULL) { /* before parking anyone */
    SWG_NOTE(out, "libdwfl cannot read this process: %s", dwfl_errmsg(-1));
    return;
  }
  if (!swg__copy_ready(out))
    return;
  struct swg_snapshot snap = {.copy = swg__copy};
  bool copied = false;
  if (s->in_kernel) {
    copied = swg__syscall_copy(tid, s, &snap, out);
  } else if (!swg__capture_begin()) {
    SWG_NOTE(out, "another capture is in progress");
  } else {
    copied = swg__signal_copy(tid, &snap, SWG_PARK_NS, out);
    swg__capture_end();
  }
  if (copied)
    swg__walk_copy(&snap, tid, out, max);
}

/* ---- snapshots: taken when the monitor decides ------------------------ */

/* Walked by the reporter whenever it gets to them. Enough for the
 * reports of a busy program while its first report loads symbols (8
 * blockages a second took 18 while a starved reporter loaded libc's debug
 * information for 2.3 s), with room besides for the stall samples of open
 * incidents, which leave the last few to reports. Each is 136 KB of
 * address space, resident only from its copy to its walk. */
#define SWG_SNAPSHOTS 64
static struct swg_snapshot swg__snapshots[SWG_SNAPSHOTS];
static _Atomic int swg__snapshots_used;
/* How long the monitor waits for a running thread to answer the signal:
 * one on a CPU answers in microseconds; one that does not is left to the
 * reporter, so that no pass is held up. */
#define SWG_SNAPSHOT_PARK_NS 10000000

struct swg_snapshot *swg__snapshot_take(pid_t tid, int keep_free,
                                        bool may_signal) {
  struct swg_snapshot *snap = NULL;
  if (atomic_fetch_add(&swg__snapshots_used, 1) >= SWG_SNAPSHOTS - keep_free) {
    atomic_fetch_sub(&swg__snapshots_used, 1);
    return NULL;
  }
  for (int i = 0; i < SWG_SNAPSHOTS && !snap; i++) {
    bool no = false;
    if (atomic_compare_exchange_strong(&swg__snapshots[i].used, &no, true))
      snap = &swg__snapshots[i];
  }
  if (!snap) { /* the report captures later, as it can */
    atomic_fetch_sub(&swg__snapshots_used, 1);
    return NULL;
  }
  struct swg_stack note; /* the reasons go unsaid: the report retries */
  struct swg_sysstate s;
  bool ok = (snap->copy || (snap->copy = swg__copy_area(&note))) &&
            swg__read_syscall(tid, &s, &note);
  if (ok && s.in_kernel) {
    ok = swg__syscall_copy(tid, &s, snap, &note);
  } else if (ok && (ok = may_signal && swg__signal_ready(tid, 0, &note) &&
                        swg__capture_begin())) {
    ok = swg__signal_copy(tid, snap, SWG_SNAPSHOT_PARK_NS, &note);
    swg__capture_end();
  }
  if (ok)
    return snap;
  swg__snapshot_free(snap);
  return NULL;
}

void swg__snapshot_walk(struct swg_snapshot *snap, pid_t tid,
                        struct swg_stack *out, int max_depth) {
  out->depth = 0;
  out->note[0] = '\0';
  int max = max_depth < SWG_MAX_FRAMES ? max_depth : SWG_MAX_FRAMES;
  swg__walk_copy(snap, tid, out, max > 0 ? max : 0);
  swg__no_frames(tid, out);
  swg__snapshot_free(snap);
}

void swg__snapshot_free(struct swg_snapshot *snap) {
  /* Its pages go back: a burst of blockages leaves no resident trace. */
  if (snap->copy)
    madvise(snap->copy, SWG_COPY_BYTES, MADV_DONTNEED);
  atomic_store(&snap->used, false);
  atomic_fetch_sub(&swg__snapshots_used, 1);
}

void swg__snapshots_after_fork(void) {
  for (int i = 0; i < SWG_SNAPSHOTS; i++)
    atomic_store(&swg__snapshots[i].used, false);
  atomic_store(&swg__snapshots_used, 0);
}

/* ---- the entry -------------------------------------------------------- */

int swg__capture_thread(pid_t tid, struct swg_stack *out, int max_depth) {
  out->depth = 0;
  out->how = SWG_CAPTURE_NONE;
  out->note[0] = '\0';
  int max = max_depth < SWG_MAX_FRAMES ? max_depth : SWG_MAX_FRAMES;
  if (tid <= 0 || max <= 0) {
    SWG_NOTE(out, "bad request (tid %d, depth %d)", (int)tid, max_depth);
    return 0;
  }
  if (tid == gettid()) {
    SWG_NOTE(out, "thread %d is the capturing thread", (int)tid);
    return 0;
  }
  struct swg_sysstate s;
  if (swg__read_syscall(tid, &s, out))
    swg__capture_now(tid, &s, out, max);
  swg__no_frames(tid, out);
  return out->depth;
}
