/*===- symbolize.c - Walking and naming frames with libdwfl -----*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Everything libdwfl does for the runtime, under the libdwfl lock on
 * whichever thread needs it (the reporter, the symbol warm-up, a thread
 * reporting a failed scope, program threads naming entry functions): the
 * process's cached Dwfl (dwfl_cache.h); the unwinder, which walks a thread
 * from the registers capture.c found; and the symbolizer, which turns a pc
 * into module, function, file, line and column, with one entry per inlined
 * call so that a function the optimizer folded into its caller still shows.
 * Names come from DWARF when there is some, else from the ELF symbol table.
 *
 *===----------------------------------------------------------------------===*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "dwfl_cache.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/version.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* libdwfl is not thread-safe: the reporter, the warm-up thread, a thread
 * reporting a failed scope and program threads naming entry functions take
 * turns. Recursive: a report holds it while its frames' strings are in
 * use, and names coroutines meanwhile. */
static pthread_mutex_t dwfl_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void swg__dwfl_lock(void) { pthread_mutex_lock(&dwfl_lock); }
void swg__dwfl_unlock(void) { pthread_mutex_unlock(&dwfl_lock); }
void swg__dwfl_lock_after_fork(void) {
  pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
  dwfl_lock = fresh;
}

/* Frame-pointer recovery decodes x86-64 calls and needs dwfl_frame_reg,
 * new in elfutils 0.188. */
#if defined(__x86_64__) && _ELFUTILS_PREREQ(0, 188)
#define SWG_FP_RECOVERY 1
#else
#define SWG_FP_RECOVERY 0
#endif

/* ---- the Dwfl --------------------------------------------------------- */

static Dwfl *swg__dwfl_handle;

/* Never let the monitor wait minutes for a debuginfod server: with
 * DEBUGINFOD_URLS set, look for separate debug info by build id only. */
static int swg__find_debuginfo(Dwfl_Module *mod, void **ud, const char *name,
                               Dwarf_Addr base, const char *file,
                               const char *link, GElf_Word crc, char **path) {
  const char *urls = getenv("DEBUGINFOD_URLS");
  /* Also starts libdw's debuginfod client, whose libcurl keeps a socket
   * pair: see swg__find_elf. */
  unsigned plug = swg__stdio_plug();
  int fd = urls != NULL && *urls != '\0'
               ? dwfl_build_id_find_debuginfo(mod, ud, name, base, file, link,
                                              crc, path)
               : dwfl_standard_find_debuginfo(mod, ud, name, base, file, link,
                                              crc, path);
  swg__stdio_unplug(plug);
  return swg__fd_above_stdio(fd);
}

/* libdwfl keeps the files it opens: none may take descriptor 0-2 of a
 * program started without them (base/stdio.c). An Elf already made holds its
 * descriptor's number, so that one stays. */
static int swg__find_elf(Dwfl_Module *mod, void **ud, const char *name,
                         Dwarf_Addr base, char **file_name, Elf **elfp) {
  unsigned plug = swg__stdio_plug();
  int fd = dwfl_linux_proc_find_elf(mod, ud, name, base, file_name, elfp);
  swg__stdio_unplug(plug);
  return *elfp ? fd : swg__fd_above_stdio(fd);
}

static const Dwfl_Callbacks swg__dwfl_callbacks = {
    .find_elf = swg__find_elf,
    .find_debuginfo = swg__find_debuginfo,
};

static bool swg__dwfl_report(Dwfl *d) {
  dwfl_report_begin(d);
  int rc = dwfl_linux_proc_report(d, getpid());
  return dwfl_report_end(d, NULL, NULL) == 0 && rc == 0;
}

Dwfl *swg__dwfl(void) {
  if (swg__dwfl_handle == NULL) {
    Dwfl *d = dwfl_begin(&swg__dwfl_callbacks);
    if (d != NULL && !swg__dwfl_report(d)) {
      dwfl_end(d);
      d = NULL;
    }
    swg__dwfl_handle = d;
  }
  return swg__dwfl_handle;
}

void swg__dwfl_rescan(void) {
  if (swg__dwfl_handle != NULL && !swg__dwfl_report(swg__dwfl_handle))
    swg__symbolize_refresh(); /* half-reported: start again next time */
}

static unsigned swg__epoch; /* refreshes so far */

unsigned swg__symbols_epoch(void) { return swg__epoch; }

void swg__symbolize_refresh(void) {
  /* A full restart rather than a rescan: in a fork child the attached pid
   * is the parent's, and dlopen may have replaced a module at an address. */
  if (swg__dwfl_handle != NULL)
    dwfl_end(swg__dwfl_handle);
  swg__dwfl_handle = NULL;
  swg__epoch++;
}

/* ---- what is code ------------------------------------------------------ */

/* The module whose mapping holds `addr`, if any: dwfl_addrmodule alone
 * names the last module below an address past every mapping. */
static Dwfl_Module *swg__module_at(Dwfl *d, Dwarf_Addr addr) {
  Dwfl_Module *m = d != NULL ? dwfl_addrmodule(d, addr) : NULL;
  Dwarf_Addr lo, hi;
  if (m == NULL ||
      dwfl_module_info(m, NULL, &lo, &hi, NULL, NULL, NULL, NULL) == NULL)
    return NULL;
  return addr >= lo && addr < hi ? m : NULL;
}

/* Whether `addr` lies in an executable segment of `m` (true if its ELF
 * cannot be read: its mapping is then all that is known). */
static bool swg__module_code(Dwfl_Module *m, Dwarf_Addr addr) {
  Dwarf_Addr bias;
  Elf *elf = dwfl_module_getelf(m, &bias);
  size_t n;
  if (elf == NULL || elf_getphdrnum(elf, &n) != 0)
    return true;
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr mem, *ph = gelf_getphdr(elf, i, &mem);
    if (ph != NULL && ph->p_type == PT_LOAD && (ph->p_flags & PF_X) &&
        addr - bias >= ph->p_vaddr && addr - bias - ph->p_vaddr < ph->p_memsz)
      return true;
  }
  return false;
}

/* Whether /proc/self/maps has `addr` in an executable mapping: code that
 * libdwfl does not know, made at run time or loaded since its last scan. */
static bool swg__mapped_code(uintptr_t addr) {
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return true; /* cannot tell: keep the frame */
  char buf[4096], head[64];
  size_t used = 0; /* of head: the start of the current line */
  bool found = false, eol = false;
  ssize_t got;
  while (!found && (got = read(fd, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < got && !found; i++) {
      eol = buf[i] == '\n';
      if (!eol && used < sizeof head - 1)
        head[used++] = buf[i];
      if (!eol)
        continue;
      head[used] = '\0';
      used = 0;
      /* "lo-hi perms ...", addresses in hex */
      char *p = head, *end;
      uintptr_t lo = strtoull(p, &end, 16), hi;
      if (*end != '-')
        continue;
      hi = strtoull(end + 1, &end, 16);
      found = *end == ' ' && strlen(end) >= 4 && end[3] == 'x' && addr >= lo &&
              addr < hi;
    }
  }
  close(fd);
  return found;
}

/* Whether `addr` can be code the thread runs: a walk that reaches a return
 * address that is not (a library's sentinel, a coroutine stack's garbage)
 * has reached the end of the stack. */
static bool swg__in_code(Dwfl *d, Dwarf_Addr addr) {
  Dwfl_Module *m = swg__module_at(d, addr);
  return m != NULL ? swg__module_code(m, addr) : swg__mapped_code(addr);
}

/* ---- unwinding --------------------------------------------------------- */

static int swg__mem_fd = -1; /* /proc/self/mem, if process_vm_readv fails */
static pid_t swg__mem_pid;   /* the process swg__mem_fd names */
static struct swg_walk {     /* the walk in progress */
  struct swg_regs regs;
  struct swg_stack *out;
  Dwfl *d;
  int max;
  bool skip;     /* the first frame repeats the last one */
  bool ended;    /* at a return address in no code: the stack's end */
  bool fp_known; /* of the last frame */
  Dwarf_Word sp; /* of the last frame, 0 if unknown */
} swg__uw;

/* Reads up to n bytes at addr of this process; a bad address is a short
 * read, never a fault, even though the thread may have moved on. */
static size_t swg__peek(uintptr_t addr, void *buf, size_t n) {
  /* A page per remote iovec: a transfer stops short at an iovec that
   * fails, so the readable head of a range is still read. */
  struct iovec local = {buf, n}, remote[16];
  int k = 0;
  for (uintptr_t at = addr, end = addr + n; at < end && k < 16; k++) {
    uintptr_t next = (at | 4095) + 1;
    remote[k] = (struct iovec){(void *)at, (next < end ? next : end) - at};
    at = next;
  }
  ssize_t got = process_vm_readv(getpid(), &local, 1, remote, k, 0);
  if (got < 0 && (errno == ENOSYS || errno == EPERM)) {
    /* Some sandboxes forbid process_vm_readv; /proc/self/mem is as safe. */
    if (swg__mem_pid != getpid()) { /* first use, or a fork child */
      if (swg__mem_fd >= 0)
        close(swg__mem_fd);
      swg__mem_fd =
          swg__fd_above_stdio(open("/proc/self/mem", O_RDONLY | O_CLOEXEC));
      swg__mem_pid = getpid();
    }
    got = swg__mem_fd < 0 ? -1 : pread(swg__mem_fd, buf, n, (off_t)addr);
  }
  return got < 0 ? 0 : (size_t)got;
}

static pid_t swg__cb_next_thread(Dwfl *d, void *arg, void **targ) {
  (void)d, (void)arg, (void)targ;
  return 0; /* threads are only ever named by tid */
}

static bool swg__cb_get_thread(Dwfl *d, pid_t tid, void *arg, void **targ) {
  (void)d, (void)tid, (void)arg;
  *targ = NULL;
  return true;
}

static bool swg__cb_memory_read(Dwfl *d, Dwarf_Addr addr, Dwarf_Word *out,
                                void *arg) {
  (void)d, (void)arg;
  return swg__peek((uintptr_t)addr, out, sizeof *out) == sizeof *out;
}

static bool swg__cb_set_initial_registers(Dwfl_Thread *t, void *targ) {
  (void)targ;
  const struct swg_regs *r = &swg__uw.regs;
  for (unsigned i = 0; i < SWG_NREGS; i++)
    if ((r->known >> i & 1) && !dwfl_thread_state_registers(t, i, 1, &r->r[i]))
      return false;
  dwfl_thread_state_register_pc(t, r->pc);
  return true;
}

static const Dwfl_Thread_Callbacks swg__thread_callbacks = {
    .next_thread = swg__cb_next_thread,
    .get_thread = swg__cb_get_thread,
    .memory_read = swg__cb_memory_read,
    .set_initial_registers = swg__cb_set_initial_registers,
};

static int swg__cb_frame(Dwfl_Frame *frame, void *arg) {
  (void)arg;
  Dwarf_Addr pc;
  bool act;
  if (!dwfl_frame_pc(frame, &pc, &act))
    return DWARF_CB_ABORT;
  if (swg__uw.skip) {
    swg__uw.skip = false;
    return DWARF_CB_OK;
  }
  struct swg_stack *out = swg__uw.out;
  /* The first pc is where the thread is, whatever it is; a return address
   * outside code ends the stack and is not shown. */
  if (out->depth > 0 && !swg__in_code(swg__uw.d, act ? pc : pc - 1)) {
    swg__uw.ended = true;
    return DWARF_CB_ABORT;
  }
  out->frames[out->depth++] = (struct swg_frame){(uintptr_t)pc, act};
#if SWG_FP_RECOVERY
  Dwarf_Word v;
  swg__uw.fp_known = dwfl_frame_reg(frame, SWG_DWARF_FP, &v) == 0;
  swg__uw.sp = dwfl_frame_reg(frame, SWG_DWARF_SP, &v) == 0 ? v : 0;
#endif
  return out->depth < swg__uw.max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* ---- frame-pointer recovery -------------------------------------------- */
#if SWG_FP_RECOVERY
/* /proc gives SP and PC only. -O0 code finds its CFA from rbp, and a libc
 * wrapper that never touches rbp (poll, read) leaves the walk stuck at its
 * caller. The frame record (saved rbp, return address) rbp points at is
 * on the stack: find it, checking that the return address follows a call
 * to the stuck function, and walk on from there. */

/* The offset of the CFA from rbp at `pc`, if the CFA is rbp-based. */
static bool swg__fp_cfa(Dwfl *d, Dwarf_Addr pc, Dwarf_Sword *off) {
  Dwfl_Module *m = swg__module_at(d, pc);
  Dwarf_Addr bias;
  Dwarf_CFI *cfi = m ? dwfl_module_eh_cfi(m, &bias) : NULL;
  Dwarf_Frame *fr;
  Dwarf_Op *ops;
  size_t nops;
  if (cfi == NULL || dwarf_cfi_addrframe(cfi, pc - bias, &fr) != 0)
    return false;
  /* libdw states a plain "register + offset" rule as DW_OP_bregx. */
  bool fp = dwarf_frame_cfa(fr, &ops, &nops) == 0 && nops == 1 &&
            ops[0].atom == DW_OP_bregx && ops[0].number == SWG_DWARF_FP;
  *off = fp ? (Dwarf_Sword)ops[0].number2 : 0;
  free(fr);
  return fp;
}

/* Whether `ret` follows a call to `callee` (0: unknown). A direct call must
 * target it or a PLT stub (no symbol); an indirect one cannot be checked. */
static bool swg__after_call(Dwfl *d, uintptr_t ret, uintptr_t callee) {
  uint8_t b[7];
  GElf_Off off;
  GElf_Sym sym;
  if (swg__module_at(d, ret - 1) == NULL || swg__peek(ret - 7, b, 7) != 7)
    return false;
  if (b[2] == 0xe8) { /* call rel32 */
    int32_t rel;
    memcpy(&rel, b + 3, 4);
    uintptr_t t = ret + (intptr_t)rel;
    Dwfl_Module *m = swg__module_at(d, t);
    const char *name =
        m ? dwfl_module_addrinfo(m, t, &off, &sym, NULL, NULL, NULL) : NULL;
    return callee == 0 || t == callee || (m && (!name || off >= sym.st_size));
  }
  for (int at = 0; at < 6; at++) { /* ff /2: call r/m64, prefixes before */
    unsigned mod = b[at + 1] >> 6, rm = b[at + 1] & 7;
    if (b[at] != 0xff || (b[at + 1] >> 3 & 7) != 2)
      continue;
    int len = 2 + (mod == 1) + 4 * (mod == 2) + 4 * (mod == 0 && rm == 5);
    if (mod != 3 && rm == 4) /* SIB; with mod 0 and base 5, a disp32 */
      len += 1 + (at < 5 && mod == 0 && (b[at + 2] & 7) == 5 ? 4 : 0);
    if (at + len == 7)
      return true;
  }
  return false;
}

/* The walk stopped at the last frame for want of rbp: guess it, into r. */
static bool swg__recover_fp(Dwfl *d, struct swg_regs *r) {
  const struct swg_stack *out = swg__uw.out;
  const struct swg_frame *f = &out->frames[out->depth - 1];
  Dwarf_Addr pc = f->activation ? f->pc : f->pc - 1, callee = 0;
  Dwarf_Sword cfa;
  static uintptr_t w[4096]; /* frames larger than 32 KiB are not found */
  GElf_Off off;
  GElf_Sym sym;
  if (swg__uw.fp_known || swg__uw.sp == 0 || !swg__fp_cfa(d, pc, &cfa) ||
      cfa < 16 || cfa % 8 != 0)
    return false;
  Dwfl_Module *m = swg__module_at(d, pc);
  if (m && dwfl_module_addrinfo(m, pc, &off, &sym, NULL, NULL, NULL))
    callee = pc - off;
  size_t n = swg__peek(swg__uw.sp, w, sizeof w) / sizeof w[0];
  for (size_t i = 0; i + cfa / 8 <= n; i++) {
    uintptr_t fp = swg__uw.sp + 8 * i; /* the CFA is 16-aligned by the ABI */
    if ((fp + cfa) % 16 == 0 &&
        swg__after_call(d, w[i + cfa / 8 - 1], callee)) {
      *r = (struct swg_regs){
          .known = 1ull << SWG_DWARF_SP | 1ull << SWG_DWARF_FP, .pc = f->pc};
      r->r[SWG_DWARF_SP] = swg__uw.sp;
      r->r[SWG_DWARF_FP] = fp;
      return true;
    }
  }
  return false;
}
#endif /* SWG_FP_RECOVERY */

/* ---- walking ---------------------------------------------------------- */

static bool swg__known_pc(Dwfl *d, const struct swg_frame *f) {
  return swg__module_at(d, f->activation ? f->pc : f->pc - 1) != NULL;
}

/* The shared Dwfl with our thread callbacks attached (it is new after a
 * refresh), or NULL with the reason in out->note. A session that cannot
 * attach is made again once: made while memory was short, its modules may
 * lack their ELF files for good. */
static Dwfl *swg__attached(struct swg_stack *out) {
  for (int attempt = 0; attempt < 2; attempt++) {
    Dwfl *d = swg__dwfl();
    if (d != NULL &&
        (dwfl_pid(d) >= 0 ||
         dwfl_attach_state(d, NULL, getpid(), &swg__thread_callbacks, NULL)))
      return d;
    snprintf(out->note, sizeof out->note,
             "libdwfl cannot read this process: %s", dwfl_errmsg(-1));
    if (d == NULL)
      break;
    swg__symbolize_refresh();
  }
  return NULL;
}

/* Walks from regs; where the walk stops for want of rbp, guesses it and
 * walks on, for as long as a guess leads somewhere. */
static void swg__walk(Dwfl *d, pid_t tid, const struct swg_regs *regs,
                      struct swg_stack *out, int max) {
  swg__uw = (struct swg_walk){.regs = *regs, .out = out, .d = d, .max = max};
  out->depth = 0;
  for (int gaps = 0; gaps < 8; gaps++) {
    int before = out->depth;
    dwfl_getthread_frames(d, tid, swg__cb_frame, NULL);
    if (swg__uw.ended || (gaps > 0 && out->depth == before))
      return;
#if SWG_FP_RECOVERY
    if (out->depth == 0 || out->depth >= max ||
        !swg__recover_fp(d, &swg__uw.regs))
      return;
    swg__uw.skip = true;
#else
    return;
#endif
  }
}

/* Unwinds thread `tid` from `regs`. A walk that ends in an unknown module
 * may have met a library loaded since the last scan: rescan, retry once. */
void swg__unwind(pid_t tid, const struct swg_regs *regs, struct swg_stack *out,
                 int max) {
  Dwfl *d;
  for (int attempt = 0; (d = swg__attached(out)) != NULL; attempt++) {
    swg__walk(d, tid, regs, out, max);
    if (attempt > 0 || out->depth == 0 || out->depth == max ||
        swg__known_pc(d, &out->frames[out->depth - 1]))
      return;
    swg__dwfl_rescan();
  }
  out->depth = 0;
}

/* ---- DWARF ------------------------------------------------------------ */

static const char *swg__die_name(Dwarf_Die *die) {
  Dwarf_Attribute attr; /* integrate: the name is on the abstract origin */
  return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

static int swg__die_udata(Dwarf_Die *die, int name) {
  Dwarf_Attribute attr;
  Dwarf_Word v;
  return dwarf_formudata(dwarf_attr(die, name, &attr), &v) == 0 ? (int)v : 0;
}

/* Where `inl`, an inlined subroutine, was called from. */
static void swg__call_site(Dwarf_Die *inl, struct swg_symbol *s) {
  Dwarf_Die cu;
  Dwarf_Files *files;
  size_t nfiles;
  Dwarf_Attribute attr;
  Dwarf_Word idx;
  s->file = NULL;
  if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_file, &attr), &idx) == 0 &&
      dwarf_diecu(inl, &cu, NULL, NULL) != NULL &&
      dwarf_getsrcfiles(&cu, &files, &nfiles) == 0 && idx < nfiles)
    s->file = dwarf_filesrc(files, idx, NULL, NULL);
  s->line = swg__die_udata(inl, DW_AT_call_line);
  s->column = swg__die_udata(inl, DW_AT_call_column);
}

/* The compilation unit holding `addr`. libdw 0.188 looks it up through
 * .debug_aranges only, which clang no longer emits by default: failing
 * that, try each unit's own ranges. */
static Dwarf_Die *swg__cu(Dwfl_Module *mod, Dwarf_Addr addr, Dwarf_Die *mem,
                          Dwarf_Addr *bias) {
  Dwarf_Die *cu = dwfl_module_addrdie(mod, addr, bias);
  Dwarf *dw = cu == NULL ? dwfl_module_getdwarf(mod, bias) : NULL;
  Dwarf_CU *unit = NULL;
  while (dw != NULL &&
         dwarf_get_units(dw, unit, &unit, NULL, NULL, mem, NULL) == 0) {
    Dwarf_Addr base, lo, hi;
    for (ptrdiff_t it = 0; (it = dwarf_ranges(mem, it, &base, &lo, &hi)) > 0;)
      if (addr - *bias >= lo && addr - *bias < hi)
        return mem;
  }
  return cu;
}

/* The scopes around `addr`, innermost first, in the concrete tree: from
 * an inlined instance dwarf_getscopes continues in the abstract origin's
 * parents, so restart from the innermost DIE and follow its real parents. */
static int swg__scopes(Dwarf_Die *cu, Dwarf_Addr addr, Dwarf_Die **out) {
  Dwarf_Die *scopes = NULL;
  *out = NULL;
  if (cu == NULL || dwarf_getscopes(cu, addr, &scopes) <= 0) {
    free(scopes);
    return 0;
  }
  Dwarf_Die inner = scopes[0];
  free(scopes);
  int n = dwarf_getscopes_die(&inner, out);
  if (n <= 0) {
    free(*out);
    *out = NULL;
    return 0;
  }
  return n;
}

/* ---- entry ------------------------------------------------------------ */

void swg__symbolize(const struct swg_frame *f, swg_symbol_fn fn, void *arg) {
  struct swg_symbol s = {.pc = f->pc};
  /* A return address may be the first byte after the call's function
   * (noreturn callee): look up the call instruction itself. */
  Dwarf_Addr addr = f->activation || f->pc == 0 ? f->pc : f->pc - 1;
  Dwfl *d = swg__dwfl();
  Dwfl_Module *mod = swg__module_at(d, addr);
  if (mod == NULL) {
    fn(&s, arg);
    return;
  }
  s.module = dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  GElf_Off off;
  GElf_Sym sym;
  const char *elf_name =
      dwfl_module_addrinfo(mod, addr, &off, &sym, NULL, NULL, NULL);
  Dwarf_Addr bias = 0;
  Dwarf_Die cu_mem, *cu = swg__cu(mod, addr, &cu_mem, &bias);
  Dwfl_Line *line = dwfl_module_getsrc(mod, addr);
  Dwarf_Line *dline;
  if (line != NULL) {
    s.file = dwfl_lineinfo(line, NULL, &s.line, &s.column, NULL, NULL);
  } else if (cu != NULL && (dline = dwarf_getsrc_die(cu, addr - bias))) {
    s.file = dwarf_linesrc(dline, NULL, NULL);
    dwarf_lineno(dline, &s.line);
    dwarf_linecol(dline, &s.column);
  }

  Dwarf_Die *scopes;
  int n = swg__scopes(cu, addr - bias, &scopes);
  const char *outer = NULL;
  for (int i = 0; i < n && outer == NULL; i++) {
    switch (dwarf_tag(&scopes[i])) {
    case DW_TAG_inlined_subroutine:
      s.function = swg__die_name(&scopes[i]);
      s.inlined = true;
      fn(&s, arg);
      swg__call_site(&scopes[i], &s); /* the caller's line, next */
      break;
    case DW_TAG_subprogram:
      outer = swg__die_name(&scopes[i]);
      break;
    default: /* lexical blocks and the like */
      break;
    }
  }
  free(scopes);
  /* Clones (f.constprop.0) keep their DWARF name; code without DWARF, or
   * an anonymous subprogram, falls back on the ELF symbol. */
  s.function = outer != NULL ? outer : swg__demangle(elf_name);
  s.inlined = false;
  fn(&s, arg);
}
