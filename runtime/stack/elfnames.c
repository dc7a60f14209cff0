/*===- elfnames.c - Function names from the ELF symbol tables ---*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The fallback for naming a coroutine by its entry function when libdwfl
 * cannot describe the process: an unprivileged non-dumpable process cannot
 * read its own /proc/self/maps or mem (they become root's), but the ELF
 * files it runs stay readable. dl_iterate_phdr says which loaded object
 * holds the address and where it was loaded; its .symtab (else .dynsym)
 * says which function. Not for stacks: only names of entry points.
 *
 *===----------------------------------------------------------------------===*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "stack.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <link.h>
#include <sys/auxv.h>
#include <unistd.h>

struct where {
  uintptr_t addr;
  const char *path; /* "" for the main program */
  uintptr_t bias;
  bool found;
};

static int find_object(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  struct where *w = arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *p = &info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + p->p_vaddr;
    if (p->p_type == PT_LOAD && w->addr >= lo && w->addr < lo + p->p_memsz) {
      *w = (struct where){w->addr, info->dlpi_name, info->dlpi_addr, true};
      return 1;
    }
  }
  return 0;
}

/* The function symbol of section type `type` that holds addr - bias. */
static bool lookup(Elf *e, unsigned type, uintptr_t off, char *name,
                   size_t n) {
  for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != type || !sh.sh_entsize)
      continue;
    Elf_Data *d = elf_getdata(scn, NULL);
    for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
      GElf_Sym s;
      if (!gelf_getsym(d, (int)i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC ||
          off < s.st_value || off >= s.st_value + (s.st_size ? s.st_size : 1))
        continue;
      const char *sym = elf_strptr(e, sh.sh_link, s.st_name);
      if (sym && *sym) {
        snprintf(name, n, "%s", sym);
        return true;
      }
    }
  }
  return false;
}

bool swg__elf_symbol(uintptr_t addr, char *name, size_t n) {
  struct where w = {.addr = addr};
  dl_iterate_phdr(find_object, &w);
  const char *path = w.path && *w.path ? w.path
                                       : (const char *)getauxval(AT_EXECFN);
  if (!w.found || !path || elf_version(EV_CURRENT) == EV_NONE)
    return false;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  Elf *e = elf_begin(fd, ELF_C_READ, NULL);
  bool ok = e && (lookup(e, SHT_SYMTAB, addr - w.bias, name, n) ||
                  lookup(e, SHT_DYNSYM, addr - w.bias, name, n));
  if (e)
    elf_end(e);
  close(fd);
  return ok;
}
