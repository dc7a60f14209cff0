/* task.c -- the implementation of switchguard's libtask stand-in (see
 * task.h).  Compile it with the program, as libtask's users compile
 * libtask's sources.  It owns main(): the scheduler loop runs there, on the
 * native stack; fdtask, a system task, waits in poll(2) for descriptors
 * and alarms when nothing else can run.
 */
#include "task.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

struct Task {
  char name[256];
  char state[256];
  Task *next;         /* run queue, sleeping list or a lock's waiters */
  ucontext_t context;
  void *stk;
  unsigned int id;
  int ready, exiting, system;
  uint64_t alarmtime; /* ns, while in taskdelay */
  Alt *alt;           /* the alt that fired, after chanalt blocked */
  void (*startfn)(void *);
  void *startarg;
  void *udata;
};

#define TASK_MAXFD 64

static Tasklist taskrunqueue;
static Task *taskrunning, *tasksleeping;
static ucontext_t taskschedcontext;
static int taskcount, taskexitval, fdtaskstarted;
static unsigned int taskidgen, tasknswitch;
static struct pollfd pollfds[TASK_MAXFD];
static Task *polltask[TASK_MAXFD];
static int npollfd;

static uint64_t nsec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fatal(const char *what) {
  fprintf(stderr, "libtask stand-in: %s\n", what);
  abort();
}

static void addtask(Tasklist *l, Task *t) {
  t->next = NULL;
  if (l->tail)
    l->tail->next = t;
  else
    l->head = t;
  l->tail = t;
}

static Task *poptask(Tasklist *l) {
  Task *t = l->head;
  if (t && !(l->head = t->next))
    l->tail = NULL;
  return t;
}

void taskready(Task *t) {
  t->ready = 1;
  addtask(&taskrunqueue, t);
}

/* Gives control to the scheduler without re-queueing the running task. */
void taskswitch(void) { swapcontext(&taskrunning->context, &taskschedcontext); }

void taskexit(int val) {
  taskexitval = val;
  taskrunning->exiting = 1;
  taskswitch();
}

void taskexitall(int val) { exit(val); }

static void taskstart(void) {
  taskrunning->startfn(taskrunning->startarg);
  taskexit(0);
}

int taskcreate(void (*fn)(void *arg), void *arg, unsigned int stack) {
  Task *t = (Task *)calloc(1, sizeof *t);
  if (stack < 65536)
    stack = 65536;
  if (!t || !(t->stk = malloc(stack)))
    fatal("taskcreate: out of memory");
  t->id = ++taskidgen;
  t->startfn = fn;
  t->startarg = arg;
  getcontext(&t->context);
  t->context.uc_stack.ss_sp = t->stk;
  t->context.uc_stack.ss_size = stack;
  t->context.uc_link = NULL;
  makecontext(&t->context, taskstart, 0);
  taskcount++;
  taskready(t);
  return (int)t->id;
}

int taskyield(void) {
  unsigned int n = tasknswitch;
  taskready(taskrunning);
  taskstate("yield");
  taskswitch();
  return (int)(tasknswitch - n - 1);
}

int anyready(void) { return taskrunqueue.head != NULL; }

void tasksystem(void) {
  if (!taskrunning->system) {
    taskrunning->system = 1;
    taskcount--;
  }
}

void taskname(char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(taskrunning->name, sizeof taskrunning->name, fmt, ap);
  va_end(ap);
}

void taskstate(char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(taskrunning->state, sizeof taskrunning->state, fmt, ap);
  va_end(ap);
}

char *taskgetname(void) { return taskrunning->name; }
char *taskgetstate(void) { return taskrunning->state; }
void **taskdata(void) { return &taskrunning->udata; }
unsigned int taskid(void) { return taskrunning->id; }
void needstack(int n) { (void)n; }

static void taskscheduler(void) {
  for (;;) {
    if (taskcount == 0)
      exit(taskexitval);
    Task *t = poptask(&taskrunqueue);
    if (!t) {
      fprintf(stderr, "no runnable tasks! %d tasks stalled\n", taskcount);
      exit(1);
    }
    t->ready = 0;
    taskrunning = t;
    tasknswitch++;
    swapcontext(&taskschedcontext, &t->context);
    taskrunning = NULL;
    if (t->exiting) {
      if (!t->system)
        taskcount--;
      free(t->stk);
      free(t);
    }
  }
}

/* The system task behind taskdelay and fdwait: lets everyone else run,
 * then waits in poll(2) for descriptors and the next alarm. */
void fdtask(void *v) {
  (void)v;
  tasksystem();
  taskname("fdtask");
  for (;;) {
    while (taskyield() > 0)
      ;
    taskstate("poll");
    int ms = -1;
    if (tasksleeping) {
      uint64_t now = nsec(), at = tasksleeping->alarmtime;
      ms = at <= now ? 0 : (int)((at - now + 999999) / 1000000);
    }
    if (npollfd == 0 && ms < 0) {
      fprintf(stderr, "no runnable tasks! %d tasks stalled\n", taskcount);
      exit(1);
    }
    if (poll(pollfds, (nfds_t)npollfd, ms) < 0 && errno != EINTR)
      fatal("poll failed");
    for (int i = 0; i < npollfd; i++) {
      if (pollfds[i].revents) {
        Task *t = polltask[i];
        npollfd--;
        pollfds[i] = pollfds[npollfd];
        polltask[i] = polltask[npollfd];
        i--;
        taskready(t);
      }
    }
    uint64_t now = nsec();
    while (tasksleeping && tasksleeping->alarmtime <= now) {
      Task *t = tasksleeping;
      tasksleeping = t->next;
      taskready(t);
    }
  }
}

static void startfdtask(void) {
  if (!fdtaskstarted) {
    fdtaskstarted = 1;
    taskcreate(fdtask, NULL, 32768);
  }
}

unsigned int taskdelay(unsigned int ms) {
  Task *t = taskrunning, **p = &tasksleeping;
  uint64_t start = nsec();
  startfdtask();
  t->alarmtime = start + (uint64_t)ms * 1000000u;
  while (*p && (*p)->alarmtime <= t->alarmtime)
    p = &(*p)->next;
  t->next = *p;
  *p = t;
  taskstate("sleep");
  taskswitch();
  return (unsigned int)((nsec() - start) / 1000000u);
}

void fdwait(int fd, int rw) {
  startfdtask();
  if (npollfd >= TASK_MAXFD)
    fatal("fdwait: too many fds");
  pollfds[npollfd].fd = fd;
  pollfds[npollfd].events = rw == 'w' ? POLLOUT : POLLIN;
  pollfds[npollfd].revents = 0;
  polltask[npollfd++] = taskrunning;
  taskstate(rw == 'w' ? "write fd=%d" : "read fd=%d", fd);
  taskswitch();
}

int fdnoblock(int fd) { return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int fdread1(int fd, void *buf, int n) {
  int m;
  do
    fdwait(fd, 'r');
  while ((m = (int)read(fd, buf, (size_t)n)) < 0 && errno == EAGAIN);
  return m;
}

int fdread(int fd, void *buf, int n) {
  int m;
  while ((m = (int)read(fd, buf, (size_t)n)) < 0 && errno == EAGAIN)
    fdwait(fd, 'r');
  return m;
}

int fdwrite(int fd, void *buf, int n) {
  int m, tot;
  for (tot = 0; tot < n; tot += m) {
    while ((m = (int)write(fd, (char *)buf + tot, (size_t)(n - tot))) < 0 && errno == EAGAIN)
      fdwait(fd, 'w');
    if (m < 0)
      return m;
    if (m == 0)
      break;
  }
  return tot;
}

/* Locks: a waiter sleeps in the lock's list until the holder hands over. */
int canqlock(QLock *l) {
  if (l->owner)
    return 0;
  l->owner = taskrunning;
  return 1;
}

void qlock(QLock *l) {
  if (canqlock(l))
    return;
  addtask(&l->waiting, taskrunning);
  taskstate("qlock");
  taskswitch(); /* qunlock handed us the lock */
}

void qunlock(QLock *l) {
  if (!l->owner)
    fatal("qunlock: not locked");
  if ((l->owner = poptask(&l->waiting)))
    taskready(l->owner);
}

int canrlock(RWLock *l) {
  if (l->writer || l->wwaiting.head)
    return 0;
  l->readers++;
  return 1;
}

void rlock(RWLock *l) {
  if (canrlock(l))
    return;
  addtask(&l->rwaiting, taskrunning);
  taskstate("rlock");
  taskswitch(); /* counted as a reader by whoever woke us */
}

int canwlock(RWLock *l) {
  if (l->writer || l->readers)
    return 0;
  l->writer = taskrunning;
  return 1;
}

void wlock(RWLock *l) {
  if (canwlock(l))
    return;
  addtask(&l->wwaiting, taskrunning);
  taskstate("wlock");
  taskswitch(); /* made the writer by whoever woke us */
}

static void rwwake(RWLock *l) {
  Task *t;
  if (l->writer || l->readers)
    return;
  if ((t = poptask(&l->wwaiting))) {
    l->writer = t;
    taskready(t);
    return;
  }
  while ((t = poptask(&l->rwaiting))) {
    l->readers++;
    taskready(t);
  }
}

void runlock(RWLock *l) {
  if (l->readers <= 0)
    fatal("runlock: not read-locked");
  l->readers--;
  rwwake(l);
}

void wunlock(RWLock *l) {
  if (!l->writer)
    fatal("wunlock: not write-locked");
  l->writer = NULL;
  rwwake(l);
}

void tasksleep(Rendez *r) {
  addtask(&r->waiting, taskrunning);
  if (r->l)
    qunlock(r->l);
  taskstate("sleep");
  taskswitch();
  if (r->l)
    qlock(r->l);
}

int taskwakeup(Rendez *r) {
  Task *t = poptask(&r->waiting);
  if (t)
    taskready(t);
  return t != NULL;
}

int taskwakeupall(Rendez *r) {
  int n = 0;
  while (taskwakeup(r))
    n++;
  return n;
}

/* Channels.  A blocked chanalt leaves each of its alts in its channel's
 * asend or arecv array; whoever completes one of them removes them all. */
int chaninit(Channel *c, int elemsize, int elemcnt) {
  memset(c, 0, sizeof *c);
  c->elemsize = (unsigned int)elemsize;
  c->bufsize = (unsigned int)elemcnt;
  if (elemcnt > 0 && !(c->buf = (unsigned char *)malloc((size_t)elemsize * (size_t)elemcnt)))
    return -1;
  return 0;
}

Channel *chancreate(int elemsize, int elemcnt) {
  Channel *c = (Channel *)malloc(sizeof *c);
  if (!c || chaninit(c, elemsize, elemcnt) != 0)
    fatal("chancreate: out of memory");
  return c;
}

void chanfree(Channel *c) {
  if (!c)
    return;
  if (c->asend.n || c->arecv.n)
    fatal("chanfree: channel in use");
  free(c->asend.a);
  free(c->arecv.a);
  free(c->buf);
  free(c);
}

static void altadd(Altarray *aa, Alt *a) {
  if (aa->n == aa->m) {
    aa->m = aa->m ? 2 * aa->m : 8;
    if (!(aa->a = (Alt **)realloc(aa->a, aa->m * sizeof *aa->a)))
      fatal("chanalt: out of memory");
  }
  aa->a[aa->n++] = a;
}

static void altdel(Altarray *aa, Alt *a) {
  for (unsigned int i = 0; i < aa->n; i++)
    if (aa->a[i] == a) {
      memmove(&aa->a[i], &aa->a[i + 1], (aa->n - i - 1) * sizeof *aa->a);
      aa->n--;
      return;
    }
}

static Altarray *altqueue(Alt *a) { return a->op == CHANSND ? &a->c->asend : &a->c->arecv; }

static int altactive(Alt *a) { return a->op == CHANSND || a->op == CHANRCV; }

/* Completes a blocked alt: takes every alt of its chanalt off the queues
 * and makes its task ready. */
static void altfire(Alt *a) {
  for (Alt *x = a->xalt; x->op != CHANEND && x->op != CHANNOBLK; x++)
    if (altactive(x))
      altdel(altqueue(x), x);
  a->task->alt = a;
  taskready(a->task);
}

static unsigned char *bufslot(Channel *c, unsigned int i) {
  return c->buf + (size_t)((c->off + i) % c->bufsize) * c->elemsize;
}

static int altcanexec(Alt *a) {
  Channel *c = a->c;
  if (a->op == CHANSND)
    return c->arecv.n > 0 || c->nbuf < c->bufsize;
  return c->asend.n > 0 || c->nbuf > 0;
}

static void altexec(Alt *a) {
  Channel *c = a->c;
  size_t sz = c->elemsize;
  if (a->op == CHANSND) {
    if (c->arecv.n > 0) {
      Alt *r = c->arecv.a[0];
      if (r->v && a->v)
        memcpy(r->v, a->v, sz);
      altfire(r);
    } else {
      if (a->v)
        memcpy(bufslot(c, c->nbuf), a->v, sz);
      c->nbuf++;
    }
    return;
  }
  if (c->nbuf > 0) {
    if (a->v)
      memcpy(a->v, bufslot(c, 0), sz);
    c->off = (c->off + 1) % c->bufsize;
    c->nbuf--;
    if (c->asend.n > 0) { /* room now: move a waiting sender's value in */
      Alt *s = c->asend.a[0];
      if (s->v)
        memcpy(bufslot(c, c->nbuf), s->v, sz);
      c->nbuf++;
      altfire(s);
    }
  } else {
    Alt *s = c->asend.a[0];
    if (a->v && s->v)
      memcpy(a->v, s->v, sz);
    altfire(s);
  }
}

int chanalt(Alt *alts) {
  int n;
  for (n = 0; alts[n].op != CHANEND && alts[n].op != CHANNOBLK; n++)
    alts[n].xalt = alts;
  for (int i = 0; i < n; i++)
    if (altactive(&alts[i]) && altcanexec(&alts[i])) {
      altexec(&alts[i]);
      return i;
    }
  if (alts[n].op == CHANNOBLK)
    return -1;
  int active = 0;
  for (int i = 0; i < n; i++)
    if (altactive(&alts[i])) {
      alts[i].task = taskrunning;
      altadd(altqueue(&alts[i]), &alts[i]);
      active++;
    }
  if (active == 0)
    fatal("chanalt: nothing to wait for");
  taskstate("chanalt");
  taskswitch();
  return (int)(taskrunning->alt - alts);
}

static int chanop(Channel *c, unsigned int op, void *v, int canblock) {
  Alt a[2] = {{c, v, op, NULL, NULL}, {NULL, NULL, canblock ? CHANEND : CHANNOBLK, NULL, NULL}};
  return chanalt(a) < 0 ? -1 : 1;
}

int chansend(Channel *c, void *v) { return chanop(c, CHANSND, v, 1); }
int chanrecv(Channel *c, void *v) { return chanop(c, CHANRCV, v, 1); }
int channbsend(Channel *c, void *v) { return chanop(c, CHANSND, v, 0); }
int channbrecv(Channel *c, void *v) { return chanop(c, CHANRCV, v, 0); }

int chansendp(Channel *c, void *v) { return chanop(c, CHANSND, &v, 1); }
int channbsendp(Channel *c, void *v) { return chanop(c, CHANSND, &v, 0); }

void *chanrecvp(Channel *c) {
  void *v = NULL;
  chanop(c, CHANRCV, &v, 1);
  return v;
}

void *channbrecvp(Channel *c) {
  void *v = NULL;
  chanop(c, CHANRCV, &v, 0);
  return v;
}

int chansendul(Channel *c, unsigned long v) { return chanop(c, CHANSND, &v, 1); }
int channbsendul(Channel *c, unsigned long v) { return chanop(c, CHANSND, &v, 0); }

unsigned long chanrecvul(Channel *c) {
  unsigned long v = 0;
  chanop(c, CHANRCV, &v, 1);
  return v;
}

unsigned long channbrecvul(Channel *c) {
  unsigned long v = 0;
  chanop(c, CHANRCV, &v, 0);
  return v;
}

static int taskargc;
static char **taskargv;

static void taskmainstart(void *v) {
  (void)v;
  taskname("taskmain");
  taskmain(taskargc, taskargv);
}

int main(int argc, char **argv) {
  taskargc = argc;
  taskargv = argv;
  taskcreate(taskmainstart, NULL, 256 * 1024);
  taskscheduler();
  return 0;
}
