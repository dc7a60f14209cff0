/*===- options.c - SWITCHGUARD_OPTIONS ---------------------------*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Options are read once at start-up, sanitizer style: first the program's
 * own defaults from the weak hook __switchguard_default_options(), then the
 * environment variable SWITCHGUARD_OPTIONS, as key=value pairs separated by
 * ':' or ','. A bad item prints one line naming it and the valid choices;
 * the rest still apply and the program goes on. A value that parses but
 * cannot work (a signal that cannot be caught, say) is a bad value too,
 * and a key that is gone names its replacement.
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Why signal `v` cannot serve switchguard, or NULL if it can. The capture
 * signal is sent with tgkill() to a thread running in user space and
 * handled there; each group below breaks that, or the program. */
static const char *unusable_signal(long v) {
  switch (v) {
  case SIGKILL: return "SIGKILL cannot be caught";
  case SIGSTOP: return "SIGSTOP cannot be caught";
  /* Sending SIGCONT discards a pending stop (a user's Ctrl-Z); sending a
   * stop signal discards a pending SIGCONT. */
  case SIGCONT: case SIGTSTP: case SIGTTIN: case SIGTTOU:
    return "a job-control signal: sending it cancels a pending stop or continue";
  /* Crash handlers (sanitizers, breakpad) and debuggers take these: one
   * installed after switchguard would take a capture for a crash. */
  case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
  case SIGSEGV:
    return "a crash signal: crash handlers and debuggers own it";
  default: break;
  }
  if (v > SIGSYS && v < SIGRTMIN)
    return "glibc keeps it for its threads";
  return NULL;
}

/* A whole decimal number in 0..SIGRTMAX, or -1. */
static long signal_number(const char *val) {
  char *end;
  errno = 0;
  long v = strtol(val, &end, 10);
  return errno || end == val || *end || v < 0 || v > SIGRTMAX ? -1 : v;
}

/* Why a bad value of a signal option is bad, if it is a signal number. */
static const char *signal_why(const char *val) {
  long v = val ? signal_number(val) : -1;
  return v > 0 ? unusable_signal(v) : NULL;
}

/* 0 (the option's default choice) or a signal switchguard can use. */
static bool parse_signal(const char *val, const char *values, int *out) {
  (void)values;
  long v = signal_number(val);
  if (v < 0 || (v && unusable_signal(v)))
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

static bool parse_blocking(const char *val, const char *values,
                           enum swg_blocking *out) {
  (void)values;
  if (!strcmp(val, "report")) return *out = SWG_BLOCKING_REPORT, true;
  if (!strcmp(val, "abort")) return *out = SWG_BLOCKING_ABORT, true;
  if (!strcmp(val, "0")) return *out = SWG_BLOCKING_OFF, true;
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

/* Keys that are gone, and what replaces them. */
static const struct {
  const char *key, *instead;
} retired[] = {
    {"run_info_signal",
     "a signal to the process cuts a program thread's sleep or poll short; "
     "use run_info_path=PATH (a FIFO to write to) or swg_print_run_info()"},
};

/* One message, written whole; err NULL: swg__config_error's way. */
static void say(FILE *err, const char *fmt, ...) {
  char line[4096];
  va_list ap;
  va_start(ap, fmt);
  if (err)
    vfprintf(err, fmt, ap);
  else if (vsnprintf(line, sizeof line, fmt, ap) >= 0)
    swg__config_error("%s", line);
  va_end(ap);
}

static void parse_item(struct swg_options *o, const char *key,
                       const char *val, const char *origin, FILE *err) {
  struct echo echo;
#define SWG_OPTION(type, name, def, values, help)                              \
  if (!strcmp(key, #name)) {                                                   \
    if (!val || !parse_value(type, val, values, &o->name)) {                   \
      const char *why = strcmp(#type, "signal") ? NULL : signal_why(val);      \
      say(err,                                                                 \
          "switchguard: bad value '%s' for option '%s' in %s%s%s%s; valid "    \
          "values: %s (keeping the default)\n",                                \
          escaped(&echo, val ? val : ""), key, origin, why ? " (" : "",        \
          why ? why : "", why ? ")" : "", values);                             \
    }                                                                          \
    return;                                                                    \
  }
#include "options.inc"
#undef SWG_OPTION
  for (size_t i = 0; i < sizeof retired / sizeof *retired; i++)
    if (!strcmp(key, retired[i].key)) {
      say(err, "switchguard: option '%s' in %s is no longer supported: %s "
               "(ignored)\n", key, origin, retired[i].instead);
      return;
    }
  char names[1024] = "";
  size_t n = 0;
#define SWG_OPTION(type, name, def, values, help)                              \
  n += (size_t)snprintf(names + n, n < sizeof names ? sizeof names - n : 0,    \
                        " %s", #name);
#include "options.inc"
#undef SWG_OPTION
  say(err, "switchguard: unknown option '%s' in %s; valid options:%s\n",
      escaped(&echo, key), origin, names);
}

void swg__options_parse(struct swg_options *o, const char *s,
                        const char *origin, FILE *err) {
  char buf[1024];
  if (!s)
    return;
  if (strlen(s) >= sizeof buf) {
    say(err, "switchguard: %s is longer than %zu characters; ignored\n",
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

/* Once, from the runtime's constructor (lifecycle.c), before the
 * program's own constructors run. */
void swg__options_init(void) {
  static bool done;
  if (done)
    return;
  done = true;
  if (__switchguard_default_options)
    swg__options_parse(&swg__opts, __switchguard_default_options(),
                       "__switchguard_default_options()", NULL);
  swg__options_parse(&swg__opts, getenv("SWITCHGUARD_OPTIONS"),
                     "SWITCHGUARD_OPTIONS", NULL);
}

void swg__option_path(char *dst, size_t n, const char *path) {
  size_t at = 0;
  for (const char *p = path; *p && at + 24 < n; p++) {
    if (p[0] == '%' && p[1] == 'p') {
      at += (size_t)snprintf(dst + at, n - at, "%d", (int)getpid());
      p++;
    } else {
      dst[at++] = *p;
    }
  }
  dst[at] = '\0';
}

uint64_t swg__monitor_period_ns(void) {
  int ms = swg__opts.monitor_period_ms;
  uint64_t ns = ms ? (uint64_t)ms * 1000000u
                   : (uint64_t)swg__opts.max_blocking_ms * 1000000u / 2;
  return ns ? ns : 1000000u;
}
