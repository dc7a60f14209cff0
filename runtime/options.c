/*===- options.c - SWITCHGUARD_OPTIONS ---------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Options are read once at start-up, sanitizer style: first the program's
 * own defaults from the weak hook __switchguard_default_options(), then the
 * environment variable SWITCHGUARD_OPTIONS, as key=value pairs separated by
 * ':' or ','. A bad item prints one line naming it and the valid choices;
 * the rest still apply and the program goes on.
 *
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct swg_options swg__opts = {
#define SWG_OPTION(type, name, def, values, help) .name = def,
#include "options.inc"
#undef SWG_OPTION
};

__attribute__((weak)) const char *__switchguard_default_options(void);

/* An integer option's range, from its "lo..hi" description. */
static bool in_range(const char *values, long v) {
  long lo = 0, hi = LONG_MAX;
  sscanf(values, "%ld..%ld", &lo, &hi);
  return v >= lo && v <= hi;
}

static bool parse_int(const char *val, const char *values, int *out) {
  char *end;
  errno = 0;
  long v = strtol(val, &end, 10);
  if (errno || end == val || *end || !in_range(values, v))
    return false;
  *out = (int)v;
  return true;
}

static bool parse_flag(const char *val, const char *values, bool *out) {
  (void)values;
  if (!strcmp(val, "1") || !strcmp(val, "true")) return *out = true, true;
  if (!strcmp(val, "0") || !strcmp(val, "false")) return *out = false, true;
  return false;
}

static bool parse_str(const char *val, const char *values, const char **out) {
  (void)values;
  char *copy = strdup(val); /* options live for the whole run */
  if (!copy)
    return false;
  *out = copy;
  return true;
}

static bool parse_format(const char *val, const char *values,
                         enum swg_format *out) {
  (void)values;
  if (!strcmp(val, "text")) return *out = SWG_FORMAT_TEXT, true;
  if (!strcmp(val, "json")) return *out = SWG_FORMAT_JSON, true;
  return false;
}

static bool parse_action(const char *val, const char *values,
                         enum swg_action *out) {
  (void)values;
  if (!strcmp(val, "abort")) return *out = SWG_ACTION_ABORT, true;
  if (!strcmp(val, "report")) return *out = SWG_ACTION_REPORT, true;
  return false;
}

#define parse_value(type, val, values, out) parse_##type(val, values, out)

/* A key or value from the input, made fit to echo in a one-line message
 * whatever bytes it holds: control characters and bytes outside ASCII
 * become escapes. The input is under 1024 bytes (swg__options_parse), each
 * byte at most 4 here. */
struct echo {
  char text[4 * 1024];
};

static const char *escaped(struct echo *e, const char *s) {
  char *out = e->text;
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '\\' || *c == '\n' || *c == '\t') {
      *out++ = '\\';
      *out++ = *c == '\n' ? 'n' : *c == '\t' ? 't' : '\\';
    } else if (*c < 0x20 || *c >= 0x7f) {
      out += sprintf(out, "\\x%02x", *c);
    } else {
      *out++ = (char)*c;
    }
  }
  *out = '\0';
  return e->text;
}

static void parse_item(struct swg_options *o, const char *key,
                       const char *val, const char *origin, FILE *err) {
  struct echo echo;
#define SWG_OPTION(type, name, def, values, help)                              \
  if (!strcmp(key, #name)) {                                                   \
    if (!val || !parse_value(type, val, values, &o->name))                     \
      fprintf(err,                                                             \
              "switchguard: bad value '%s' for option '%s' in %s; valid "      \
              "values: %s (keeping the default)\n",                            \
              escaped(&echo, val ? val : ""), key, origin, values);            \
    return;                                                                    \
  }
#include "options.inc"
#undef SWG_OPTION
  fprintf(err, "switchguard: unknown option '%s' in %s; valid options:",
          escaped(&echo, key), origin);
#define SWG_OPTION(type, name, def, values, help) fputs(" " #name, err);
#include "options.inc"
#undef SWG_OPTION
  fputc('\n', err);
}

void swg__options_parse(struct swg_options *o, const char *s,
                        const char *origin, FILE *err) {
  char buf[1024];
  if (!s)
    return;
  if (strlen(s) >= sizeof buf) {
    fprintf(err, "switchguard: %s is longer than %zu characters; ignored\n",
            origin, sizeof buf - 1);
    return;
  }
  strcpy(buf, s);
  char *save = NULL;
  for (char *item = strtok_r(buf, ":,", &save); item;
       item = strtok_r(NULL, ":,", &save)) {
    char *eq = strchr(item, '=');
    if (eq)
      *eq = '\0';
    parse_item(o, item, eq ? eq + 1 : NULL, origin, err);
  }
}

void swg__options_init(void) {
  if (__switchguard_default_options)
    swg__options_parse(&swg__opts, __switchguard_default_options(),
                       "__switchguard_default_options()", stderr);
  swg__options_parse(&swg__opts, getenv("SWITCHGUARD_OPTIONS"),
                     "SWITCHGUARD_OPTIONS", stderr);
}
