/*===- options_fuzz.c - libFuzzer target for SWITCHGUARD_OPTIONS -*- C -*-===*
 *
 * Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
 *
 * Feeds arbitrary strings to swg__options_parse (runtime/base/options.c), built
 * with ASan and UBSan, and checks the promises of docs/options.md: no
 * crash; at most one message per item (an overlong string: exactly one),
 * each starting "switchguard: " and ending the output's line; every option
 * afterwards holds a valid value of its type (in range for integers), so a
 * bad item can only keep the default, never leave garbage; and each message
 * is exactly one line, whatever bytes the key or value holds.
 *
 *   bench/fuzz/run.sh BUILD_DIR [SECONDS]        (make fuzz)
 *   $BUILD/fuzz/options_fuzz bench/fuzz/corpus/options
 *
 *===----------------------------------------------------------------------===*/
#include "base.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void check(bool ok, const char *what, const char *input) {
  if (!ok) {
    fprintf(stderr, "options_fuzz: invariant broken: %s (input '%s')\n", what,
            input);
    abort();
  }
}

static bool in_range(const char *values, long v) {
  long lo = 0, hi = LONG_MAX;
  sscanf(values, "%ld..%ld", &lo, &hi);
  return v >= lo && v <= hi;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = '\0'; /* an environment variable ends at its first NUL */
  size_t len = strlen(s);

  size_t items = 0; /* tokens between ':' and ',' that are not empty */
  for (size_t i = 0; i < len; i++)
    if (s[i] != ':' && s[i] != ',' && (i == 0 || s[i - 1] == ':' || s[i - 1] == ','))
      items++;

  struct swg_options o = swg__opts;
  char *out = NULL;
  size_t out_len = 0;
  FILE *err = open_memstream(&out, &out_len);
  swg__options_parse(&o, s, "FUZZ", err);
  fclose(err);

  size_t lines = 0, messages = 0;
  for (size_t i = 0; i < out_len; i++) {
    lines += out[i] == '\n';
    messages += (i == 0 || out[i - 1] == '\n') &&
                !strncmp(out + i, "switchguard: ", 13);
  }
  check(out_len == 0 || out[out_len - 1] == '\n', "output ends a line", s);
  check(out_len == 0 || !strncmp(out, "switchguard: ", 13),
        "a message says who speaks", s);
  if (len >= 1024)
    check(messages == 1, "an overlong string is one message", s);
  else
    check(messages <= items, "at most one message per item", s);
  check(lines == messages, "each message is one line", s);

#define SWG_OPTION(type, name, def, values, help)                              \
  if (!strcmp(#type, "int"))                                                   \
    check(in_range(values, (long)*(int *)(void *)&o.name),                     \
          #name " is in range", s);                                            \
  if (!strcmp(#type, "flag"))                                                  \
    check(*(unsigned char *)(void *)&o.name <= 1, #name " is 0 or 1", s);      \
  if (!strcmp(#type, "format"))                                                \
    check(*(int *)(void *)&o.name == SWG_FORMAT_TEXT ||                        \
              *(int *)(void *)&o.name == SWG_FORMAT_JSON,                      \
          #name " is text or json", s);                                        \
  if (!strcmp(#type, "action"))                                                \
    check(*(int *)(void *)&o.name == SWG_ACTION_ABORT ||                       \
              *(int *)(void *)&o.name == SWG_ACTION_REPORT,                    \
          #name " is abort or report", s);                                     \
  if (!strcmp(#type, "str") &&                                                 \
      *(const char **)(void *)&o.name != *(const char **)(void *)&swg__opts.name) \
    free(*(char **)(void *)&o.name); /* parse_str's copy */
#include "options.inc"
#undef SWG_OPTION

  free(out);
  free(s);
  return 0;
}
