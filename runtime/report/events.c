/*===- events.c - Subscribers to the monitor's events ------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * swg_event_subscribe (switchguard.h): a program's callbacks get every
 * event the log gets, as a struct swg_event. The monitor never calls them
 * itself: it queues a deep copy of each event and goes on, and one event
 * thread ("swg-events", started with the first event anyone wants) calls
 * the callbacks in order. So a slow callback delays later callbacks, never
 * the next detection pass, and a program without subscribers pays one
 * atomic load per event. The queue is bounded: when callbacks fall 64
 * events behind, new events are dropped and the next one delivered says
 * how many (ev->dropped). Reset in a fork child; drained at exit.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SWG_MAX_SUBSCRIBERS 16
#define SWG_QUEUE_LEN 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER; /* queued, or stop */
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER; /* a call ended */
static struct {
  int id; /* 0: a free slot */
  unsigned kinds;
  swg_event_fn fn;
  void *arg;
} subs[SWG_MAX_SUBSCRIBERS];
static int next_id = 1;
static _Atomic unsigned wanted; /* the union of subs[].kinds */
static struct swg_event *queue[SWG_QUEUE_LEN];
static unsigned q_head, q_len;
static unsigned long dropped;
static int calling;      /* the subscriber being called; 0: none */
static bool delivering;  /* an event is out of the queue, not yet done */
static bool running, stopping;
static pthread_t dispatcher;

bool swg__events_wanted(enum swg_event_kind kind) {
  return atomic_load_explicit(&wanted, memory_order_relaxed) &
         SWG_EVENT_MASK(kind);
}

static bool on_dispatcher(void) {
  return running && pthread_equal(pthread_self(), dispatcher);
}

/* ---- deep copies: one block per event --------------------------------- */

static void frame_strings(const struct swg_event_frame *v, int n,
                          void (*fn)(const char **, void *), void *arg) {
  /* Only a copy's own frames are written (measure() only reads). */
  struct swg_event_frame *f = (struct swg_event_frame *)v;
  for (int i = 0; v && i < n; i++) {
    fn(&f[i].function, arg);
    fn(&f[i].file, arg);
    fn(&f[i].module, arg);
  }
}

/* Calls fn on the address of every string pointer of ev. */
static void each_string(struct swg_event *ev,
                        void (*fn)(const char **, void *), void *arg) {
  const char **plain[] = {&ev->event,        &ev->report,  &ev->thread_name,
                          &ev->coroutine_name, &ev->capture, &ev->capture_note,
                          &ev->end,          &ev->reason,  &ev->action,
                          &ev->call,         &ev->call_detail};
  struct swg_event_site *sites[] = {&ev->last_switch, &ev->spawn_site,
                                    &ev->where,       &ev->ended_by,
                                    &ev->last_switch_seen, &ev->guard,
                                    &ev->exit,        &ev->stretch_from,
                                    &ev->stretch_to};
  for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
    fn(plain[i], arg);
  for (size_t i = 0; i < sizeof sites / sizeof sites[0]; i++) {
    fn(&sites[i]->function, arg);
    fn(&sites[i]->file, arg);
    fn(&sites[i]->primitive, arg);
    fn(&sites[i]->library, arg);
  }
  frame_strings(ev->stack, ev->stack_depth, fn, arg);
  for (int i = 0; ev->stall_stacks && i < ev->stall_stack_count; i++)
    frame_strings(ev->stall_stacks[i].frames, ev->stall_stacks[i].depth, fn,
                  arg);
}

/* Copies n frames from `from` to *at, and moves *at past them. */
static const struct swg_event_frame *
copy_frames(const struct swg_event_frame *from, int n,
            struct swg_event_frame **at) {
  if (!from || n <= 0)
    return NULL;
  memcpy(*at, from, (size_t)n * sizeof *from);
  *at += n;
  return *at - n;
}

static void measure(const char **s, void *arg) {
  if (*s)
    *(size_t *)arg += strlen(*s) + 1;
}

static void move_string(const char **s, void *arg) {
  char **at = arg;
  if (!*s)
    return;
  size_t n = strlen(*s) + 1;
  memcpy(*at, *s, n);
  *s = *at;
  *at += n;
}

/* One block: the event, its stall stacks, every frame, every string. */
static struct swg_event *copy_event(const struct swg_event *ev) {
  struct swg_event tmp = *ev;
  size_t nstalls = ev->stall_stacks ? (size_t)ev->stall_stack_count : 0;
  size_t nframes = ev->stack ? (size_t)ev->stack_depth : 0;
  for (size_t i = 0; i < nstalls; i++)
    nframes += (size_t)ev->stall_stacks[i].depth;
  size_t strings = 0;
  each_string(&tmp, measure, &strings);
  size_t size = sizeof tmp + nstalls * sizeof *ev->stall_stacks +
                nframes * sizeof *ev->stack + strings;
  struct swg_event *c = malloc(size);
  if (!c)
    return NULL;
  *c = tmp;
  struct swg_event_stall *stalls = (struct swg_event_stall *)(c + 1);
  struct swg_event_frame *at = (struct swg_event_frame *)(stalls + nstalls);
  c->stack = copy_frames(ev->stack, ev->stack_depth, &at);
  for (size_t i = 0; i < nstalls; i++) {
    stalls[i] = ev->stall_stacks[i];
    stalls[i].frames = copy_frames(stalls[i].frames, stalls[i].depth, &at);
  }
  c->stall_stacks = nstalls ? stalls : NULL;
  char *strs = (char *)at;
  each_string(c, move_string, &strs);
  return c;
}

/* ---- the event thread ------------------------------------------------------ */

static void *dispatch_main(void *arg) {
  (void)arg;
  swg__own_thread_begin("swg-events", "events");
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!q_len && !stopping)
      pthread_cond_wait(&more, &lock);
    if (!q_len)
      break;
    struct swg_event *ev = queue[q_head];
    q_head = (q_head + 1) % SWG_QUEUE_LEN;
    q_len--;
    delivering = true;
    for (int i = 0; i < SWG_MAX_SUBSCRIBERS; i++) {
      if (!subs[i].id || !(subs[i].kinds & SWG_EVENT_MASK(ev->kind)))
        continue;
      swg_event_fn fn = subs[i].fn;
      void *fn_arg = subs[i].arg;
      calling = subs[i].id;
      pthread_mutex_unlock(&lock); /* callbacks run without our lock */
      fn(ev, fn_arg);
      pthread_mutex_lock(&lock);
      calling = 0;
      pthread_cond_broadcast(&idle);
    }
    delivering = false;
    free(ev);
    pthread_cond_broadcast(&idle);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

/* Under the lock. */
static void start_dispatcher(void) {
  if (running)
    return;
  running =
      swg__own_thread_create(&dispatcher, false, dispatch_main, NULL) == 0;
  if (running) /* named now, not when it first runs: reports list it */
    pthread_setname_np(dispatcher, "swg-events");
}

void swg__events_publish(const struct swg_event *ev) {
  swg__probe_event(ev); /* every event, subscribers or not */
  if (!swg__events_wanted(ev->kind))
    return;
  struct swg_event *c = copy_event(ev);
  pthread_mutex_lock(&lock);
  if (!c || q_len == SWG_QUEUE_LEN || (stopping && !running)) {
    dropped++;
    pthread_mutex_unlock(&lock);
    free(c);
    return;
  }
  c->dropped = dropped;
  dropped = 0;
  queue[(q_head + q_len++) % SWG_QUEUE_LEN] = c;
  start_dispatcher();
  pthread_cond_signal(&more);
  pthread_mutex_unlock(&lock);
}

/* Waits on `idle` while `busy` says so, until deadline (CLOCK_REALTIME,
 * the condition's clock). */
static void wait_idle(bool (*busy)(int), int id, int timeout_ms) {
  struct timespec ts = swg__deadline_in(timeout_ms);
  while (busy(id) && running && !on_dispatcher())
    if (pthread_cond_timedwait(&idle, &lock, &ts) == ETIMEDOUT)
      break;
}

static bool queue_busy(int id) {
  (void)id;
  return q_len || delivering;
}

static bool calling_id(int id) { return calling == id; }

void swg__events_flush(int timeout_ms) {
  pthread_mutex_lock(&lock);
  wait_idle(queue_busy, 0, timeout_ms);
  pthread_mutex_unlock(&lock);
}

void swg__events_shutdown(int timeout_ms) {
  pthread_mutex_lock(&lock);
  stopping = true;
  if (!running || on_dispatcher()) { /* nobody to wait for */
    pthread_mutex_unlock(&lock);
    return;
  }
  pthread_cond_signal(&more);
  pthread_mutex_unlock(&lock);
  /* Callbacks get what is queued, but a stuck one cannot hold up exit. */
  struct timespec ts = swg__deadline_in(timeout_ms);
  if (pthread_timedjoin_np(dispatcher, NULL, &ts) == 0) {
    pthread_mutex_lock(&lock);
    running = false;
    pthread_mutex_unlock(&lock);
  }
}

/* The child has no event thread, and what the parent queued is the
 * parent's to deliver; subscribers stay. */
void swg__events_after_fork(void) {
  pthread_mutex_t fresh_lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t fresh_cond = PTHREAD_COND_INITIALIZER;
  lock = fresh_lock;
  more = fresh_cond;
  idle = fresh_cond;
  for (; q_len; q_len--, q_head = (q_head + 1) % SWG_QUEUE_LEN)
    free(queue[q_head]);
  running = delivering = false;
  calling = 0;
  dropped = 0;
}

/* ---- the public calls -------------------------------------------------------- */

int swg_event_subscribe(unsigned kinds, swg_event_fn fn, void *arg) {
  if (!fn || !(kinds & SWG_EVENTS_ALL) || (kinds & ~SWG_EVENTS_ALL))
    return -1;
  int id = -1;
  pthread_mutex_lock(&lock);
  for (int i = 0; i < SWG_MAX_SUBSCRIBERS && id < 0; i++) {
    if (subs[i].id)
      continue;
    id = next_id++;
    subs[i].id = id, subs[i].kinds = kinds, subs[i].fn = fn, subs[i].arg = arg;
    atomic_fetch_or(&wanted, kinds);
  }
  pthread_mutex_unlock(&lock);
  return id;
}

int swg_event_unsubscribe(int id) {
  int found = -1;
  unsigned kinds = 0;
  pthread_mutex_lock(&lock);
  for (int i = 0; i < SWG_MAX_SUBSCRIBERS; i++) {
    if (id > 0 && subs[i].id == id)
      subs[i].id = 0, found = 0;
    else if (subs[i].id)
      kinds |= subs[i].kinds;
  }
  atomic_store(&wanted, kinds);
  /* A call in progress finishes before we return, unless it is ours. */
  if (found == 0)
    wait_idle(calling_id, id, 24 * 3600 * 1000);
  pthread_mutex_unlock(&lock);
  return found;
}
