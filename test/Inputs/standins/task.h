/* task.h -- switchguard test stand-in for libtask (Russ Cox,
 *           https://swtch.com/libtask/, https://github.com/0intro/libtask)
 *
 * This is NOT libtask.  It is switchguard's own small stand-in, written from
 * libtask's documented public API (task.h), so tests can build and run
 * programs shaped like libtask programs.  No code comes from the real
 * project.  Header-only (everything `static`); use it from one translation
 * unit.  The real libtask carries its own context-switch code (on some
 * systems its own getcontext/swapcontext, which is why a tracer must match
 * libtask's `swapcontext` by header); this stand-in uses the system's
 * ucontext through volatile function pointers, so a tracer sees only the
 * task* calls.
 *
 * Covered (task.h): taskcreate, taskexit, taskexitall, taskmain (you
 *   define it), taskyield, taskdata, needstack (no-op), taskname(fmt, ...),
 *   taskstate(fmt, ...), taskgetname, taskgetstate, tasksystem, taskdelay,
 *   taskid, anyready, fdwait, fdread, fdread1, fdwrite, fdnoblock.  Also
 *   qlock, canqlock, qunlock, tasksleep, taskwakeup, taskwakeupall (QLock
 *   and Rendez).  Also taskswitch and taskready, which libtask declares in
 *   taskimpl.h.  Not covered: channels (chan*), RWLock, networking.
 * main(): as in libtask, the library owns main().  Define TASK_MAIN_IMPL
 *   before including this header in the file that defines taskmain(); the
 *   header then provides main(), which starts taskmain(argc, argv) as a
 *   task and runs the scheduler.  The program exits (with the last
 *   taskexit() value) when no non-system task is left.
 * Stacks: taskcreate's size is raised to at least 64 KiB (room for ASan).
 *
 * Shape for switchguard:
 *   create   taskcreate(fn, arg, stack): handle: return value (task id);
 *            entry: fn (arg0), its argument arg1.  Queued, not run at once.
 *   yield    taskyield() (re-queues itself), taskswitch() (does not)
 *   yielding calls: taskdelay, fdwait, fdread, fdwrite (switch to the
 *            scheduler until fdtask wakes them), tasksleep, qlock (when taken)
 *   exit     taskexit(v), or return from fn; taskexitall(v) ends the program
 *   hub      the scheduler loop in main(), on the thread's native stack:
 *            every switch is task <-> scheduler.
 *   NOTE     as in libtask, sleeping and fd waits are served by a system
 *            task named "fdtask" (a coroutine, not the hub): when nothing
 *            else is runnable it blocks in poll(2) *inside that coroutine*.
 */
#ifndef _TASK_H_
#define _TASK_H_ 1

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

typedef struct Task Task;
typedef struct Tasklist Tasklist;

struct Tasklist { /* used internally */
  Task *head;
  Task *tail;
};

struct Task {
  char name[256];
  char state[256];
  Task *next;            /* run queue or sleeping list */
  ucontext_t context;
  void *stk;
  unsigned int id;
  int ready, exiting, system;
  uint64_t alarmtime;    /* ns, while in taskdelay */
  void (*startfn)(void *);
  void *startarg;
  void *udata;
};

typedef struct QLock QLock;
struct QLock {
  Task *owner;
  Tasklist waiting;
};

typedef struct Rendez Rendez;
struct Rendez { /* sleep and wakeup; l, if set, is released while asleep */
  QLock *l;
  Tasklist waiting;
};

void taskmain(int argc, char *argv[]); /* defined by the program */

static _Thread_local Tasklist task__runq;
static _Thread_local Task *task__running, *task__sleeping;
static _Thread_local ucontext_t task__schedctx;
static _Thread_local int task__count, task__exitval, task__fdstarted;
static _Thread_local unsigned int task__idgen, task__nswitch;
static _Thread_local struct pollfd task__pollfd[64];
static _Thread_local Task *task__pollt[64];
static _Thread_local int task__npollfd;

static int (*volatile task__swapcontext)(ucontext_t *, const ucontext_t *) = swapcontext;
static void (*volatile task__makecontext)(ucontext_t *, void (*)(void), int, ...) = makecontext;
static int (*volatile task__getcontext)(ucontext_t *) = getcontext;

static inline uint64_t task__nsec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void task__add(Tasklist *l, Task *t) {
  t->next = NULL;
  if (l->tail) l->tail->next = t; else l->head = t;
  l->tail = t;
}

static inline Task *task__pop(Tasklist *l) {
  Task *t = l->head;
  if (t && !(l->head = t->next)) l->tail = NULL;
  return t;
}

static inline void taskready(Task *t) {
  t->ready = 1;
  task__add(&task__runq, t);
}

/* Gives control to the scheduler without re-queueing the running task. */
static inline void taskswitch(void) {
  task__swapcontext(&task__running->context, &task__schedctx);
}

static inline void taskexit(int val) {
  task__exitval = val;
  task__running->exiting = 1;
  taskswitch();
}

static inline void taskexitall(int val) { exit(val); }

static void task__start(void) {
  task__running->startfn(task__running->startarg);
  taskexit(0);
}

static inline int taskcreate(void (*fn)(void *arg), void *arg, unsigned int stack) {
  Task *t = (Task *)calloc(1, sizeof *t);
  if (stack < 65536) stack = 65536;
  if (!t || !(t->stk = malloc(stack))) {
    fprintf(stderr, "taskcreate: out of memory\n");
    abort();
  }
  t->id = ++task__idgen;
  t->startfn = fn;
  t->startarg = arg;
  task__getcontext(&t->context);
  t->context.uc_stack.ss_sp = t->stk;
  t->context.uc_stack.ss_size = stack;
  t->context.uc_link = NULL;
  task__makecontext(&t->context, task__start, 0);
  task__count++;
  taskready(t);
  return (int)t->id;
}

static inline int taskyield(void) {
  unsigned int n = task__nswitch;
  taskready(task__running);
  snprintf(task__running->state, sizeof task__running->state, "yield");
  taskswitch();
  return (int)(task__nswitch - n - 1);
}

static inline int anyready(void) { return task__runq.head != NULL; }

static inline void tasksystem(void) {
  if (!task__running->system) {
    task__running->system = 1;
    task__count--;
  }
}

static inline void taskname(char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(task__running->name, sizeof task__running->name, fmt, ap);
  va_end(ap);
}

static inline void taskstate(char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(task__running->state, sizeof task__running->state, fmt, ap);
  va_end(ap);
}

static inline char *taskgetname(void) { return task__running->name; }
static inline char *taskgetstate(void) { return task__running->state; }
static inline void **taskdata(void) { return &task__running->udata; }
static inline unsigned int taskid(void) { return task__running->id; }
static inline void needstack(int n) { (void)n; }

/* The scheduler: runs in main() on the native stack. */
static inline void task__scheduler(void) {
  for (;;) {
    if (task__count == 0) exit(task__exitval);
    Task *t = task__pop(&task__runq);
    if (!t) {
      fprintf(stderr, "no runnable tasks! %d tasks stalled\n", task__count);
      exit(1);
    }
    t->ready = 0;
    task__running = t;
    task__nswitch++;
    task__swapcontext(&task__schedctx, &t->context);
    task__running = NULL;
    if (t->exiting) {
      if (!t->system) task__count--;
      free(t->stk);
      free(t);
    }
  }
}

/* The system task behind taskdelay and fdwait: lets everyone else run,
 * then waits in poll(2) for fds and the next alarm. */
static void task__fdtask(void *v) {
  (void)v;
  tasksystem();
  taskname("fdtask");
  for (;;) {
    while (taskyield() > 0)
      ;
    taskstate("poll");
    int ms = -1;
    if (task__sleeping) {
      uint64_t now = task__nsec(), at = task__sleeping->alarmtime;
      ms = at <= now ? 0 : (int)((at - now + 999999) / 1000000);
    }
    if (task__npollfd == 0 && ms < 0) {
      fprintf(stderr, "no runnable tasks! %d tasks stalled\n", task__count);
      exit(1);
    }
    if (poll(task__pollfd, task__npollfd, ms) < 0 && errno != EINTR) abort();
    for (int i = 0; i < task__npollfd; i++) {
      if (task__pollfd[i].revents) {
        Task *t = task__pollt[i];
        task__npollfd--;
        task__pollfd[i] = task__pollfd[task__npollfd];
        task__pollt[i] = task__pollt[task__npollfd];
        i--;
        taskready(t);
      }
    }
    uint64_t now = task__nsec();
    while (task__sleeping && task__sleeping->alarmtime <= now) {
      Task *t = task__sleeping;
      task__sleeping = t->next;
      taskready(t);
    }
  }
}

static inline void task__startfd(void) {
  if (!task__fdstarted) {
    task__fdstarted = 1;
    taskcreate(task__fdtask, NULL, 32768);
  }
}

static inline unsigned int taskdelay(unsigned int ms) {
  Task *t = task__running, **p = &task__sleeping;
  uint64_t start = task__nsec();
  task__startfd();
  t->alarmtime = start + (uint64_t)ms * 1000000u;
  while (*p && (*p)->alarmtime <= t->alarmtime) p = &(*p)->next;
  t->next = *p;
  *p = t;
  taskstate("sleep");
  taskswitch();
  return (unsigned int)((task__nsec() - start) / 1000000u);
}

/* rw: 'r' to wait until readable, 'w' until writable. */
static inline void fdwait(int fd, int rw) {
  task__startfd();
  if (task__npollfd >= (int)(sizeof task__pollfd / sizeof task__pollfd[0])) {
    fprintf(stderr, "fdwait: too many fds\n");
    abort();
  }
  task__pollfd[task__npollfd].fd = fd;
  task__pollfd[task__npollfd].events = rw == 'w' ? POLLOUT : POLLIN;
  task__pollfd[task__npollfd].revents = 0;
  task__pollt[task__npollfd++] = task__running;
  taskstate(rw == 'w' ? "write fd=%d" : "read fd=%d", fd);
  taskswitch();
}

static inline int fdnoblock(int fd) { return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static inline int fdread1(int fd, void *buf, int n) {
  int m;
  do
    fdwait(fd, 'r');
  while ((m = (int)read(fd, buf, (size_t)n)) < 0 && errno == EAGAIN);
  return m;
}

static inline int fdread(int fd, void *buf, int n) {
  int m;
  while ((m = (int)read(fd, buf, (size_t)n)) < 0 && errno == EAGAIN)
    fdwait(fd, 'r');
  return m;
}

static inline int fdwrite(int fd, void *buf, int n) {
  int m, tot;
  for (tot = 0; tot < n; tot += m) {
    while ((m = (int)write(fd, (char *)buf + tot, (size_t)(n - tot))) < 0 && errno == EAGAIN)
      fdwait(fd, 'w');
    if (m < 0) return m;
    if (m == 0) break;
  }
  return tot;
}

static inline int canqlock(QLock *l) {
  if (l->owner) return 0;
  l->owner = task__running;
  return 1;
}

static inline void qlock(QLock *l) {
  if (canqlock(l)) return;
  task__add(&l->waiting, task__running);
  taskstate("qlock");
  taskswitch(); /* qunlock handed us the lock */
}

static inline void qunlock(QLock *l) {
  if (!l->owner) {
    fprintf(stderr, "qunlock: not locked\n");
    abort();
  }
  if ((l->owner = task__pop(&l->waiting))) taskready(l->owner);
}

static inline void tasksleep(Rendez *r) {
  task__add(&r->waiting, task__running);
  if (r->l) qunlock(r->l);
  taskstate("sleep");
  taskswitch();
  if (r->l) qlock(r->l);
}

static inline int taskwakeup(Rendez *r) {
  Task *t = task__pop(&r->waiting);
  if (t) taskready(t);
  return t != NULL;
}

static inline int taskwakeupall(Rendez *r) {
  int n = 0;
  while (taskwakeup(r)) n++;
  return n;
}

#ifdef TASK_MAIN_IMPL
static int task__argc;
static char **task__argv;

static void task__mainstart(void *v) {
  (void)v;
  taskname("taskmain");
  taskmain(task__argc, task__argv);
}

int main(int argc, char **argv) {
  task__argc = argc;
  task__argv = argv;
  taskcreate(task__mainstart, NULL, 256 * 1024);
  task__scheduler();
  return 0;
}
#endif /* TASK_MAIN_IMPL */

#endif /* _TASK_H_ */
