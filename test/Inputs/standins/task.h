/* task.h -- switchguard test stand-in for libtask (Russ Cox,
 *           https://swtch.com/libtask/, https://github.com/0intro/libtask)
 *
 * This is NOT libtask.  It is switchguard's own small stand-in, written from
 * libtask's documented public API (task.h), so tests can build and run
 * programs shaped like libtask programs.  No code comes from the real
 * project.  As with libtask, this header only declares the API; the
 * implementation is task.c beside it, which a program compiles and links
 * with its own files (`cc prog.c task.c`).  task.c switches with the
 * system's ucontext (libtask carries its own context code on some systems).
 *
 * Covered (task.h): taskcreate, taskexit, taskexitall, taskmain (you
 *   define it), taskyield, taskdata, needstack (no-op), taskname(fmt, ...),
 *   taskstate(fmt, ...), taskgetname, taskgetstate, tasksystem, taskdelay,
 *   taskid, anyready; qlock, canqlock, qunlock; rlock, canrlock, runlock,
 *   wlock, canwlock, wunlock; tasksleep, taskwakeup, taskwakeupall;
 *   channels: chancreate, chaninit, chanfree, chanalt, chansend, chanrecv,
 *   chansendp, chanrecvp, chansendul, chanrecvul and their non-blocking
 *   chanbn* forms; fdread, fdread1, fdwrite, fdwait, fdnoblock, fdtask.
 *   Also taskswitch and taskready, which libtask declares in taskimpl.h.
 *   Not covered: networking (netannounce, netaccept, netdial, netlookup).
 * main(): as in libtask, the library owns main() (in task.c): it starts
 *   taskmain(argc, argv) as a task and runs the scheduler.  The program
 *   exits (with the last taskexit() value) when no non-system task is left.
 * Stacks: taskcreate's size is raised to at least 64 KiB (room for ASan).
 *
 * Shape for switchguard:
 *   create   taskcreate(fn, arg, stack): handle: return value (task id);
 *            entry: fn (arg0), its argument arg1.  Queued, not run at once.
 *   yield    taskyield() (re-queues itself), taskswitch() (does not)
 *   yielding calls: taskdelay, fdwait, fdread, fdwrite, tasksleep, qlock,
 *            rlock, wlock (when taken), chanalt, chansend*, chanrecv*
 *   exit     taskexit(v), or return from fn; taskexitall(v) ends the program
 *   hub      the scheduler loop in main(), on the thread's native stack:
 *            every switch is task <-> scheduler.
 *   NOTE     as in libtask, sleeping and fd waits are served by a system
 *            task, fdtask (a coroutine, not the hub): when nothing else is
 *            runnable it blocks in poll(2) *inside that coroutine*, in
 *            task.c.
 */
#ifndef _TASK_H_
#define _TASK_H_ 1

#ifdef __cplusplus
extern "C" {
#endif

#include <stdarg.h>
#include <inttypes.h>

typedef struct Task Task;
typedef struct Tasklist Tasklist;

int anyready(void);
int taskcreate(void (*f)(void *arg), void *arg, unsigned int stacksize);
void taskexit(int);
void taskexitall(int);
void taskmain(int argc, char *argv[]);
int taskyield(void);
void **taskdata(void);
void needstack(int);
void taskname(char *, ...);
void taskstate(char *, ...);
char *taskgetname(void);
char *taskgetstate(void);
void tasksystem(void);
unsigned int taskdelay(unsigned int);
unsigned int taskid(void);

/* taskimpl.h's, used by programs that schedule by hand */
void taskready(Task *);
void taskswitch(void);

struct Tasklist { /* used internally */
  Task *head;
  Task *tail;
};

/* queuing locks */
typedef struct QLock QLock;
struct QLock {
  Task *owner;
  Tasklist waiting;
};

void qlock(QLock *);
int canqlock(QLock *);
void qunlock(QLock *);

/* reader-writer locks */
typedef struct RWLock RWLock;
struct RWLock {
  int readers;
  Task *writer;
  Tasklist rwaiting;
  Tasklist wwaiting;
};

void rlock(RWLock *);
int canrlock(RWLock *);
void runlock(RWLock *);
void wlock(RWLock *);
int canwlock(RWLock *);
void wunlock(RWLock *);

/* sleep and wakeup (condition variables); l, if set, is released while
 * asleep */
typedef struct Rendez Rendez;
struct Rendez {
  QLock *l;
  Tasklist waiting;
};

void tasksleep(Rendez *);
int taskwakeup(Rendez *);
int taskwakeupall(Rendez *);

/* channel communication */
typedef struct Alt Alt;
typedef struct Altarray Altarray;
typedef struct Channel Channel;

enum { CHANEND, CHANSND, CHANRCV, CHANNOP, CHANNOBLK };

struct Alt {
  Channel *c;
  void *v;
  unsigned int op;
  Task *task;
  Alt *xalt;
};

struct Altarray {
  Alt **a;
  unsigned int n;
  unsigned int m;
};

struct Channel {
  unsigned int bufsize;
  unsigned int elemsize;
  unsigned char *buf;
  unsigned int nbuf;
  unsigned int off;
  Altarray asend;
  Altarray arecv;
  char *name;
};

int chanalt(Alt *alts);
Channel *chancreate(int elemsize, int elemcnt);
void chanfree(Channel *c);
int chaninit(Channel *c, int elemsize, int elemcnt);
int channbrecv(Channel *c, void *v);
void *channbrecvp(Channel *c);
unsigned long channbrecvul(Channel *c);
int channbsend(Channel *c, void *v);
int channbsendp(Channel *c, void *v);
int channbsendul(Channel *c, unsigned long v);
int chanrecv(Channel *c, void *v);
void *chanrecvp(Channel *c);
unsigned long chanrecvul(Channel *c);
int chansend(Channel *c, void *v);
int chansendp(Channel *c, void *v);
int chansendul(Channel *c, unsigned long v);

/* threaded I/O; fdwait's rw is 'r' (readable) or 'w' (writable) */
int fdread(int, void *, int);
int fdread1(int, void *, int); /* always uses fdwait */
int fdwrite(int, void *, int);
void fdwait(int, int);
int fdnoblock(int);

void fdtask(void *);

#ifdef __cplusplus
}
#endif

#endif /* _TASK_H_ */
