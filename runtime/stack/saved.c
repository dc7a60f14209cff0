/*===- saved.c - A suspended coroutine's stack and switch site --*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A suspended coroutine runs nowhere: its registers are where its library
 * saved them (corolibs.c) and its stack holds still until it is resumed.
 * The top of that stack is copied into a buffer of our own, the caller
 * confirms the coroutine did not move meanwhile, and the unwinder walks
 * the copy, as capture.c does for a blocked thread. The frame that called
 * the switch is then matched with the instrumented modules' site tables
 * (the SWG_SITE_SECTION section of each), found through libdwfl.
 * Everything here runs under the libdwfl lock.
 *
 *===----------------------------------------------------------------------===*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "dwfl_cache.h"
#include "switchguard_abi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

/* How much of a suspended stack is copied from its stack pointer up. */
#define SWG_SAVED_BYTES (128 * 1024)
#define SWG_SAVED_PAGE 4096u

bool swg__read_memory(uintptr_t addr, void *buf, size_t n) {
  struct iovec local = {buf, n}, remote = {(void *)addr, n};
  ssize_t got = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
  if (got < 0 && (errno == ENOSYS || errno == EPERM)) {
    /* Some sandboxes forbid process_vm_readv; /proc/self/mem is as safe. */
    int fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    got = fd < 0 ? -1 : pread(fd, buf, n, (off_t)addr);
    if (fd >= 0)
      close(fd);
  }
  return got == (ssize_t)n;
}

/* ---- the copy ------------------------------------------------------------ */

static struct {
  unsigned char *p; /* SWG_SAVED_BYTES between two inaccessible pages */
  uintptr_t from;   /* the original address of p[0] */
  size_t n;
} copy;

static bool copy_area(struct swg_stack *out) {
  if (copy.p)
    return true;
  size_t len = SWG_SAVED_BYTES + 2 * SWG_SAVED_PAGE;
  unsigned char *p =
      mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED ||
      mprotect(p + SWG_SAVED_PAGE, SWG_SAVED_BYTES, PROT_READ | PROT_WRITE)) {
    SWG_NOTE(out, "no memory for a copy of the stack: %s", strerror(errno));
    if (p != MAP_FAILED)
      munmap(p, len);
    return false;
  }
  copy.p = p + SWG_SAVED_PAGE;
  return true;
}

bool swg__saved_copy(const struct swg_saved *s, struct swg_stack *out) {
  out->depth = 0;
  out->note[0] = '\0';
  copy.n = 0;
  if (!copy_area(out))
    return false;
  size_t n = SWG_SAVED_BYTES;
  if (s->bytes)
    n = s->nbytes < n ? s->nbytes : n;
  else if (s->stack_hi > s->sp && s->stack_hi - s->sp < n)
    n = s->stack_hi - s->sp;
  uintptr_t src = s->bytes ? s->bytes : s->sp;
  /* A page per remote iovec: the transfer stops at the first bad page
   * (a stack's last page may be followed by nothing). */
  struct iovec local = {copy.p, n},
               remote[SWG_SAVED_BYTES / SWG_SAVED_PAGE + 1];
  int k = 0;
  for (uintptr_t at = src, end = src + n; at < end; k++) {
    uintptr_t next = (at | (SWG_SAVED_PAGE - 1)) + 1;
    remote[k] = (struct iovec){(void *)at, (next < end ? next : end) - at};
    at = next;
  }
  ssize_t got = process_vm_readv(getpid(), &local, 1, remote, k, 0);
  if (got < 0) /* process_vm_readv forbidden: the slower way */
    got = swg__read_memory(src, copy.p, n) ? (ssize_t)n : 0;
  copy.n = (size_t)got;
  memset(copy.p + copy.n, 0, SWG_SAVED_BYTES - copy.n);
  copy.from = s->sp;
  if (copy.n == 0)
    SWG_NOTE(out, "its stack at 0x%lx cannot be read", (unsigned long)src);
  return copy.n > 0;
}

/* Words that point into the original stack (saved frame pointers) point
 * into the copy instead, so the walk reads nothing that may change. */
static uint64_t moved(uint64_t v) {
  return v >= copy.from && v - copy.from < copy.n
             ? v - copy.from + (uintptr_t)copy.p
             : v;
}

/* Whether a function starts at pc: where its CFI's description starts
 * (stripped libraries keep it for static functions too), or its symbol. */
static bool starts(uintptr_t pc) {
  Dwfl *d = swg__dwfl();
  Dwfl_Module *m = d ? dwfl_addrmodule(d, pc) : NULL;
  Dwarf_Addr bias, start;
  Dwarf_CFI *cfi = m ? dwfl_module_eh_cfi(m, &bias) : NULL;
  Dwarf_Frame *fr;
  if (cfi && dwarf_cfi_addrframe(cfi, pc - bias, &fr) == 0) {
    bool at =
        dwarf_frame_info(fr, &start, NULL, NULL) >= 0 && start + bias == pc;
    free(fr);
    if (at)
      return true;
  }
  GElf_Off off;
  GElf_Sym sym;
  return m && dwfl_module_addrinfo(m, pc, &off, &sym, NULL, NULL, NULL) &&
         off == 0;
}

/* Whether pc is a function's first byte: a context made but never run.
 * A symbol search is slow and thousands of new coroutines share one pc:
 * remembered by pc until the symbols are reloaded. */
bool swg__saved_fresh(const struct swg_saved *s) {
  static struct {
    uintptr_t pc;
    unsigned epoch;
    bool start;
  } seen[64];
  uintptr_t pc = s->pc;
  unsigned epoch = swg__symbols_epoch();
  size_t k = (pc >> 4) % (sizeof seen / sizeof *seen);
  if (seen[k].pc == pc && seen[k].epoch == epoch)
    return seen[k].start;
  seen[k].pc = pc, seen[k].epoch = epoch, seen[k].start = starts(pc);
  return seen[k].start;
}

void swg__saved_walk(const struct swg_saved *s, struct swg_stack *out,
                     int max) {
  out->depth = 0;
  out->how = SWG_CAPTURE_NONE;
  if (copy.n == 0 || max <= 0)
    return;
  for (size_t i = 0; i < copy.n / sizeof(uint64_t); i++) {
    uint64_t v;
    memcpy(&v, copy.p + i * sizeof v, sizeof v);
    v = moved(v);
    memcpy(copy.p + i * sizeof v, &v, sizeof v);
  }
  struct swg_regs r = {0};
  for (int i = 0; i < SWG_NREGS && i < SWG_SAVED_NREGS; i++)
    if (s->known >> i & 1) {
      r.r[i] = moved(s->r[i]);
      r.known |= 1ull << i;
    }
  /* The pc is a return address: start inside the call before it, where
   * the frame's rules are the same and its line is the call's. */
  r.pc = s->pc - 1;
  swg__unwind(gettid(), &r, out, max);
  if (out->depth > 0)
    out->frames[0] = (struct swg_frame){(uintptr_t)s->pc, false};
}

/* ---- the site tables ----------------------------------------------------- */

/* A module's records (the SWG_SITE_SECTION section, as loaded: its pointers
 * relocated), found on first use: only modules a walk passes through are
 * opened. */
static struct table {
  Dwfl_Module *mod;
  const struct swg_site *v;
  size_t n;
} tables[64];
static int ntables;
static unsigned tables_epoch;

static const struct table *table_of(uintptr_t pc) {
  Dwfl *d = swg__dwfl();
  Dwfl_Module *m = d ? dwfl_addrmodule(d, pc) : NULL;
  if (!m)
    return NULL;
  if (tables_epoch != swg__symbols_epoch())
    ntables = 0, tables_epoch = swg__symbols_epoch();
  for (int i = 0; i < ntables; i++)
    if (tables[i].mod == m)
      return &tables[i];
  struct table t = {m, NULL, 0};
  Dwarf_Addr bias;
  Elf *elf = dwfl_module_getelf(m, &bias);
  size_t strndx;
  for (Elf_Scn *scn = NULL; elf && elf_getshdrstrndx(elf, &strndx) == 0 &&
                            (scn = elf_nextscn(elf, scn)) != NULL;) {
    GElf_Shdr mem, *sh = gelf_getshdr(scn, &mem);
    const char *name = sh ? elf_strptr(elf, strndx, sh->sh_name) : NULL;
    if (name && !strcmp(name, SWG_SITE_SECTION) && sh->sh_addr) {
      t.v = (const struct swg_site *)(uintptr_t)(sh->sh_addr + bias);
      t.n = sh->sh_size / sizeof(struct swg_site);
      break;
    }
  }
  if (ntables == (int)(sizeof tables / sizeof *tables))
    ntables = 0; /* a process of many modules: start over */
  tables[ntables] = t;
  return &tables[ntables++];
}

static bool switches(uint32_t role) {
  return role == SWG_ROLE_RESUME || role == SWG_ROLE_YIELD ||
         role == SWG_ROLE_SWITCH || role == SWG_ROLE_YIELDING;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static bool same_file(const char *a, const char *b) {
  return !a || !b || !strcmp(base_name(a), base_name(b));
}

const struct swg_site *swg__switch_site(uintptr_t pc, const char *function,
                                        const char *file, int line) {
  const struct swg_site *only = NULL;
  int sites = 0;
  const struct table *t = function ? table_of(pc) : NULL;
  for (size_t i = 0; t && i < t->n; i++) {
    const struct swg_site *s = &t->v[i];
    if (!switches(s->role) || !s->function || strcmp(s->function, function) ||
        !same_file(file, s->file))
      continue;
    if (line > 0 && s->line == (uint32_t)line)
      return s;
    /* One call may have a record in each unit that inlines it. */
    if (!only || only->line != s->line || !same_file(only->file, s->file))
      sites++;
    only = only ? only : s;
  }
  return sites == 1 ? only : NULL;
}
