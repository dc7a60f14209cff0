/*===- demangle.c - C++ names for report frames -----------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * A frame named only by its ELF symbol (code without DWARF, or a template
 * instance whose DWARF has no name) shows the symbol as linked: mangled, in
 * a C++ program. The C++ ABI's __cxa_demangle reads it back, when the
 * program links the C++ runtime that defines it: the reference is weak, so
 * the runtime stays C and a C program needs no libstdc++. Frames keep the
 * names they are given, so each demangled name is kept for the process's
 * life, once per symbol: a program has a bounded number of functions.
 * Runs on the threads that symbolize, which may lock and allocate.
 *
 *===----------------------------------------------------------------------===*/
#include "stack.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status)
    __attribute__((weak));

struct name {
  struct name *next;
  char *demangled; /* NULL: the symbol does not demangle */
  char mangled[];
};

#define NAME_BUCKETS 1024
static struct name *names[NAME_BUCKETS];
static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;

const char *swg__demangle(const char *symbol) {
  if (symbol == NULL || strncmp(symbol, "_Z", 2) != 0 ||
      __cxa_demangle == NULL)
    return symbol;
  size_t len = strlen(symbol);
  uint64_t h = 14695981039346656037u; /* FNV-1a */
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)symbol[i]) * 1099511628211u;
  struct name **bucket = &names[swg__hash_u64(h) % NAME_BUCKETS];
  pthread_mutex_lock(&names_lock);
  struct name *n = *bucket;
  while (n != NULL && strcmp(n->mangled, symbol) != 0)
    n = n->next;
  if (n == NULL && (n = malloc(sizeof *n + len + 1)) != NULL) {
    memcpy(n->mangled, symbol, len + 1);
    int status = 0;
    n->demangled = __cxa_demangle(symbol, NULL, NULL, &status);
    if (status != 0) {
      free(n->demangled);
      n->demangled = NULL;
    }
    n->next = *bucket;
    *bucket = n;
  }
  const char *out = n != NULL && n->demangled != NULL ? n->demangled : symbol;
  pthread_mutex_unlock(&names_lock);
  return out;
}
