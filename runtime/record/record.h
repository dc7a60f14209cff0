/*===- record.h - Recording every switch: trace and profile ----*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The per-thread recorder that the switch path fills (trace.c), and what
 * the trace writer (tracefile.c) and the blocking profile (profile.c) read
 * from it.
 *
 * Ground rules
 *   - Depends on base/, switch/ and report/ (sites and names); the monitor
 *     is its sibling and neither names the other.
 *   - swg__record_switch runs on a program thread inside its switch, only
 *     while trace_path or profile is set: it writes its own thread's
 *     recorder, takes no lock on the way (a new coroutine's name takes the
 *     table lock once per thread and handle), and allocates only chunks.
 *   - The trace writer thread (tracefile.c) reads chunks the switch path
 *     has filled and gives them back; the profile merges per-thread tables
 *     under its own lock at exit.
 *   - A fork child records nothing: its parent's recording is the
 *     parent's.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SWITCHGUARD_RECORD_H
#define SWITCHGUARD_RECORD_H

#include "report.h"

/* ---- what the rest of the runtime calls (trace.c) ---------------------- */

/* The switch path's listener entries (switch.h): whether a new thread
 * records, one switch of a recording thread, a destroyed handle. */
SWG_HIDDEN bool swg__record_wanted(void);
SWG_HIDDEN void swg__record_switch(struct swg_thread *t, void *to,
                                   const struct swg_site *site);
SWG_HIDDEN void swg__record_forget(void *handle);
/* A fork child: stops recording what the parent started. */
SWG_HIDDEN void swg__record_after_fork(void);

/* Coroutine indices: 0 is the hub, real coroutines count from 1. */
#define SWG_CORO_HUB 0u
#define SWG_CORO_NONE 0xfffffffeu /* nothing known yet (before the first) */
#define SWG_CORO_EXIT 0xffffffffu /* the thread exits: its last slice ends */

/* One switch event of one thread. */
struct swg_rec_event {
  uint64_t ns;                  /* CLOCK_MONOTONIC */
  const struct swg_site *site;  /* NULL for SWG_CORO_EXIT */
  uint32_t coro;                /* the context switched to */
  uint32_t lost;                /* events dropped just before this one */
};

/* 64 KiB: a write's worth, and few enough allocations to be rare. */
#define SWG_CHUNK_EVENTS                                                       \
  ((65536 - 2 * sizeof(void *)) / sizeof(struct swg_rec_event))

/* A thread's events in order. The owner fills ev[] and publishes n with a
 * release store; when full it links the next chunk, after which it never
 * touches this one again. The writer reads up to n (acquire) and follows
 * next once it is set. */
struct swg_chunk {
  struct swg_chunk *_Atomic next;
  _Atomic uint32_t n;
  struct swg_rec_event ev[SWG_CHUNK_EVENTS];
};

/* The blocking profile of one thread: stretches by (entry function,
 * resumed at, yielded at), in an open-addressed table the owner grows by
 * replacing it (the old one stays readable until the thread exits, so the
 * exit report may read a running thread's table without a lock). */
#define SWG_PROF_BUCKETS 496 /* 8 per power of two up to 2^63 ns */
struct swg_prof_cell {
  const struct swg_site *from, *to;
  _Atomic uint32_t entry;       /* 0: an empty cell; set last */
  _Atomic uint64_t count, sum, max;
  _Atomic uint64_t *hist;       /* SWG_PROF_BUCKETS counts */
};
struct swg_prof_table {
  size_t mask, used;
  struct swg_prof_table *retired; /* the tables it replaced */
  struct swg_prof_cell cells[];
};

struct swg_cache_slot; /* trace.c's handle -> index cache */

struct swg_recorder {
  /* ---- the owning thread only (the switch path) ---- */
  uint32_t cur;                 /* the running context's index */
  uint32_t cur_entry;           /* its entry function's id (profile) */
  uint64_t stretch_ns;          /* when its stretch began */
  const struct swg_site *resume_site; /* where its own code resumed */
  struct swg_chunk *chunk;      /* being filled; NULL: none to be had */
  struct swg_chunk *free;       /* chunks to fill next */
  uint32_t lost;                /* dropped since the last stored event */
  struct swg_cache_slot *cache;
  size_t cache_mask, cache_used;
  struct swg_prof_table *_Atomic prof;

  /* ---- shared ---- */
  struct swg_chunk *_Atomic spare; /* the writer gives written chunks back */
  _Atomic int exited;           /* the thread has exited */
  bool prof_merged;             /* under profile.c's lock */
  pid_t tid;
  char name[16];
  struct swg_recorder *next;    /* the global list, push-only */

  /* ---- the trace writer only ---- */
  struct swg_chunk *w_chunk;    /* the chunk it reads */
  uint32_t w_pos;
  uint32_t w_coro;              /* the open slice: context, or NONE */
  uint64_t w_start_ns;
  const struct swg_site *w_resumed;
  bool w_incomplete;            /* events were lost inside it */
  uint8_t w_done;               /* 1: exit seen; 2: written, freed */
  uint64_t w_events, w_slices, w_lost;
};

/* ---- trace.c --------------------------------------------------------- */

extern SWG_HIDDEN uint64_t swg__trace_base_ns; /* time 0 of the trace */
extern SWG_HIDDEN bool swg__trace_wanted, swg__profile_wanted;
/* Every recorder so far, newest first. */
SWG_HIDDEN struct swg_recorder *swg__recorders(void);
/* A context's name ("hub" for 0) and an entry function's name; valid
 * until exit. */
SWG_HIDDEN const char *swg__record_coro_name(uint32_t coro);
SWG_HIDDEN const char *swg__record_entry_name(uint32_t entry);
/* Writes the trace and prints the profile, once: at exit, or before a
 * failed must_switch aborts. Running threads record nothing after it. */
SWG_HIDDEN void swg__record_finish(void);
/* Gives a written chunk back to its recorder (writer), or frees a done
 * recorder's chunks. */
SWG_HIDDEN void swg__record_give_back(struct swg_recorder *r,
                                      struct swg_chunk *c);
SWG_HIDDEN void swg__record_free_chunks(struct swg_recorder *r);

/* ---- tracefile.c ------------------------------------------------------- */

/* Opens trace_path and starts the writer; false (with one line on stderr)
 * if the file cannot be written. */
SWG_HIDDEN bool swg__tracefile_open(void);
/* Wakes the writer before its next round: buffers are filling. Cheap,
 * and safe from any thread. */
SWG_HIDDEN void swg__tracefile_nudge(void);
/* Stops the writer, writes every recorded event up to now, closes the
 * file. Once. */
SWG_HIDDEN void swg__tracefile_finish(uint64_t now_ns);

/* ---- profile.c ------------------------------------------------------- */

/* Counts one stretch of r's running coroutine that ended at `yield`. */
SWG_HIDDEN void swg__profile_add(struct swg_recorder *r, uint64_t ns,
                      const struct swg_site *yield);
/* Moves r's stretches into the process-wide table (its thread exits). */
SWG_HIDDEN void swg__profile_merge(struct swg_recorder *r);
/* The table, to the report log (text or JSON by `format`). */
SWG_HIDDEN void swg__profile_print(void);

#endif /* SWITCHGUARD_RECORD_H */
