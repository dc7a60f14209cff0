// Intent: every bad SWITCHGUARD_OPTIONS value of every option in options.inc (empty, missing '=', garbage, trailing junk, out of range at both ends, overflowing, wrong case, a signal that cannot serve) prints exactly one line naming the option and its valid values, and leaves every option at its default; several bad items give one line each and the good items around them still apply; an overlong string is one line and all defaults.
// RUN: %clang -std=c11 -D_GNU_SOURCE %rtinc %s %rtsrc/base/options.c %rtsrc/base/stdio.c -o %t
// RUN: %t | FileCheck %s
#include "base.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int failures, checked;

/* The name of the first option whose value differs, or NULL. */
static const char *differs(const struct swg_options *a,
                           const struct swg_options *b) {
#define SWG_OPTION(type, name, def, values, help)                              \
  if (memcmp(&a->name, &b->name, sizeof a->name))                              \
    return #name;
#include "options.inc"
#undef SWG_OPTION
  return NULL;
}

/* Parses s into a copy of the defaults; returns the lines printed. */
static int parse(const char *s, struct swg_options *o, char *out, size_t n) {
  *o = swg__opts;
  FILE *err = fmemopen(out, n, "w");
  swg__options_parse(o, s, "TEST", err);
  fclose(err);
  int lines = 0;
  for (const char *p = out; *p; p++)
    lines += *p == '\n';
  return lines;
}

static void expect_one_line(const char *name, const char *item) {
  struct swg_options o;
  char out[4096] = "";
  int lines = parse(item, &o, out, sizeof out);
  const char *changed = differs(&o, &swg__opts);
  checked++;
  if (lines != 1 || !strstr(out, name) || !strstr(out, "valid values") ||
      changed) {
    printf("FAIL: '%s': %d lines, option %s changed: %s", item, lines,
           changed ? changed : "none", out);
    failures++;
  }
}

/* Bad values for an option of this type, given its valid values. */
static void bad_values(const char *name, const char *type,
                       const char *values) {
  char item[256];
  static const char *common[] = {"", " ", "=", "garbage", "1 2"};
  static const char *ints[] = {"x", "12x", "1e3", "0x10", "1.5", "--1",
                               "99999999999999999999", "-99999999999999999999"};
  static const char *flags[] = {"2", "-1", "yes", "no", "TRUE", "on", "01x"};
  static const char *formats[] = {"xml", "JSON", "json ", "jsonl", "Text"};
  static const char *actions[] = {"ignore", "ABORT", "reports", "abort!"};
  /* Numbers that are no signal, and signals that cannot serve: uncatchable,
   * job control, crash signals, glibc's own. */
  static const char *signals[] = {"-1", "65", "x", "9x", "SIGUSR1", "9",
                                  "19", "18", "20", "21", "22", "4", "5",
                                  "6", "7", "8", "11", "32", "33"};
#define EACH(list)                                                             \
  for (size_t i = 0; i < sizeof list / sizeof *list; i++) {                    \
    snprintf(item, sizeof item, "%s=%s", name, list[i]);                       \
    expect_one_line(name, item);                                               \
  }
  if (strcmp(type, "str")) { /* any string is a good path */
    EACH(common);
  }
  expect_one_line(name, name); /* no '=' at all */
  if (!strcmp(type, "int")) {
    EACH(ints);
    long lo = 0, hi = LONG_MAX;
    sscanf(values, "%ld..%ld", &lo, &hi);
    snprintf(item, sizeof item, "%s=%ld", name, lo - 1);
    expect_one_line(name, item);
    snprintf(item, sizeof item, "%s=%ld", name, hi + 1);
    expect_one_line(name, item);
  } else if (!strcmp(type, "flag")) {
    EACH(flags);
  } else if (!strcmp(type, "format")) {
    EACH(formats);
  } else if (!strcmp(type, "action")) {
    EACH(actions);
  } else if (!strcmp(type, "signal")) {
    EACH(signals);
  }
}

int main(void) {
  int options = 0;
#define SWG_OPTION(type, name, def, values, help)                              \
  bad_values(#name, #type, values);                                            \
  options++;
#include "options.inc"
#undef SWG_OPTION
  // CHECK: every option: {{[0-9]+}} options, {{[0-9]+}} bad values, 0 failures
  printf("every option: %d options, %d bad values, %d failures\n", options,
         checked, failures);

  /* Several bad items: one line each; good ones between them apply. */
  struct swg_options o;
  char out[8192] = "";
  int lines = parse("max_blocking_ms=x:format=json:nosuch=1:stack_depth=0:"
                    "stack_depth=9::,monitor=maybe",
                    &o, out, sizeof out);
  // CHECK: mixed: 4 lines, max_blocking_ms=100 format=1 stack_depth=9 monitor=1
  printf("mixed: %d lines, max_blocking_ms=%d format=%d stack_depth=%d "
         "monitor=%d\n",
         lines, o.max_blocking_ms, o.format, o.stack_depth, o.monitor);

  /* 200 bad items: 200 lines, nothing changed. */
  static char many[200 * 5 + 1];
  for (int i = 0; i < 200; i++)
    memcpy(many + 5 * i, "zz=1:", 5);
  static char big[64 * 1024];
  lines = parse(many, &o, big, sizeof big);
  // CHECK: many: 200 lines, changed none
  printf("many: %d lines, changed %s\n", lines,
         differs(&o, &swg__opts) ? differs(&o, &swg__opts) : "none");

  /* Longer than the parser takes: one line, all defaults. */
  static char huge[5000];
  memset(huge, 'a', sizeof huge - 1);
  memcpy(huge, "max_blocking_ms=5:", 18);
  lines = parse(huge, &o, out, sizeof out);
  // CHECK: huge: 1 lines, changed none: switchguard: TEST is longer than {{[0-9]+}} characters; ignored
  printf("huge: %d lines, changed %s: %s", lines,
         differs(&o, &swg__opts) ? differs(&o, &swg__opts) : "none", out);
  return failures != 0;
}
