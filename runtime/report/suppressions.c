/*===- suppressions.c - Blocking calls the user has accepted ------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * The option suppressions=PATH names a file in the plugin's format
 * (-fplugin-arg-switchguard-suppressions), so that one file serves the
 * compiler and the run. At run time its [blocking] entries, and those
 * before any section, accept a blocking call whose stack they match:
 *
 *   fun:GLOB   a function on the stack, between the call and the body of
 *              the coroutine (it and what it calls, as at compile time)
 *   src:GLOB   the source file of such a frame, as the debug info names it
 *   lib:GLOB   the ELF file of such a frame (a library built without the
 *              plugin, or without debug info); the plugin ignores it
 *   call:GLOB  the blocking function itself ("getaddrinfo")
 *
 * Globs are fnmatch(3)'s, where '*' also matches '/'. [must-switch]
 * entries are the plugin's business and are skipped. A mistake makes
 * switchguard say where it is and use nothing of the file, as the plugin
 * does. Read once by the runtime's constructor; matched on the report
 * thread, on the symbolised stack, the first time a stack is seen.
 *
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum prefix { SRC, FUN, LIB, CALL };

struct entry {
  enum prefix prefix;
  const char *glob;
};

/* Fixed after the constructor: read without a lock. */
static struct entry *entries;
static int nentries;

/* The file's text, or NULL with errno set. Kept: the globs point into it. */
static char *read_whole(const char *path) {
  int fd = swg__brief_open(path, O_RDONLY);
  if (fd < 0)
    return NULL;
  size_t len = 0, cap = 4096;
  char *text = malloc(cap);
  for (ssize_t got = 1; text && got > 0;) {
    if (len + 1 == cap) {
      char *more = realloc(text, cap *= 2);
      if (!more)
        free(text);
      text = more;
      if (!text)
        break;
    }
    got = read(fd, text + len, cap - len - 1);
    if (got < 0) {
      free(text);
      text = NULL;
    } else {
      len += (size_t)got;
    }
  }
  swg__brief_close(fd);
  if (text)
    text[len] = '\0';
  return text;
}

/* Whether fnmatch can take glob as meant: every '[' closed, no '\\' at
 * the end. (LLVM's globs, which the plugin uses, reject those too.) */
static bool well_formed(const char *glob) {
  for (const char *c = glob; *c; c++) {
    if (*c == '\\' && !*++c)
      return false;
    if (*c == '[') {
      const char *close = c + 1;
      if (*close == '!' || *close == '^')
        close++;
      if (*close == ']')
        close++; /* "[]a]": a ']' first is one of the set */
      close = strchr(close, ']');
      if (!close)
        return false;
      c = close;
    }
  }
  return true;
}

static char *trim(char *s) {
  while (isspace((unsigned char)*s))
    s++;
  char *end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1]))
    *--end = '\0';
  return s;
}

static bool mistake(char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool mistake(char *why, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, n, fmt, ap);
  va_end(ap);
  return false;
}

/* One line of the file, split in place; false with why[] filled if it is
 * a mistake. Sections and prefixes are the plugin's (Suppressions.cpp)
 * and lib:, so a file one accepts the other accepts. */
static bool parse_line(char *line, bool *in_blocking, struct entry *out,
                       bool *is_entry, char *why, size_t n) {
  *is_entry = false;
  if (!*line || *line == '#')
    return true;
  if (*line == '[') {
    bool blocking = !strcmp(line, "[blocking]");
    if (!blocking && strcmp(line, "[must-switch]"))
      return mistake(why, n,
                     "unknown section '%.64s'; expected [blocking] "
                     "or [must-switch]",
                     line);
    *in_blocking = blocking;
    return true;
  }
  char *colon = strchr(line, ':');
  if (!colon)
    return mistake(why, n,
                   "'%.64s' is no entry; expected 'src:GLOB', "
                   "'fun:GLOB', 'lib:GLOB' or 'call:GLOB' or a "
                   "section",
                   line);
  *colon = '\0';
  static const char *const names[] = {"src", "fun", "lib", "call"};
  int p = 0;
  while (p < 4 && strcmp(line, names[p]))
    p++;
  if (p == 4)
    return mistake(why, n,
                   "unknown prefix '%.32s:'; expected src:, fun:, "
                   "lib: or call:",
                   line);
  if (p == CALL && !*in_blocking)
    return mistake(why, n, "'call:' belongs in [blocking]");
  char *glob = trim(colon + 1);
  if (!*glob)
    return mistake(why, n, "'%s:' needs a name or a glob after it", line);
  if (!well_formed(glob))
    return mistake(why, n, "malformed glob '%.64s'", glob);
  if (strchr(glob, '='))
    return mistake(why, n, "'=CATEGORY' means nothing to switchguard");
  if (!*in_blocking)
    return true; /* [must-switch]: the plugin's */
  *out = (struct entry){(enum prefix)p, glob};
  *is_entry = true;
  return true;
}

void swg__suppressions_init(void) {
  const char *path = swg__opts.suppressions;
  if (!*path)
    return;
  char *text = read_whole(path);
  if (!text) {
    swg__config_error("switchguard: cannot read suppressions file '%s': %s; "
                      "no blocking call is suppressed\n",
                      path, strerror(errno));
    return;
  }
  int lines = 1;
  for (const char *c = text; *c; c++)
    lines += *c == '\n';
  struct entry *v = calloc((size_t)lines, sizeof *v);
  int n = 0;
  bool in_blocking = true; /* entries before any section apply to both */
  char *line = text;
  for (int at = 1; v && line; at++) {
    char *next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char why[160];
    bool is_entry;
    if (!parse_line(trim(line), &in_blocking, &v[n], &is_entry, why,
                    sizeof why)) {
      swg__config_error("switchguard: suppressions file '%s' line %d: %s; "
                        "no blocking call is suppressed\n",
                        path, at, why);
      free(v);
      free(text);
      return;
    }
    n += is_entry;
    line = next;
  }
  entries = v;
  nentries = n;
}

static bool glob_matches(const char *glob, const char *s) {
  return s && fnmatch(glob, s, 0) == 0;
}

bool swg__suppressed(const struct swg_event *ev) {
  for (int e = 0; e < nentries; e++) {
    const struct entry *en = &entries[e];
    if (en->prefix == CALL && glob_matches(en->glob, ev->call))
      return true;
    for (int i = 0; en->prefix != CALL && i < ev->stack_depth; i++) {
      const struct swg_event_frame *f = &ev->stack[i];
      if (glob_matches(en->glob, en->prefix == FUN   ? f->function
                                 : en->prefix == SRC ? f->file
                                                     : f->module))
        return true;
    }
  }
  return false;
}
