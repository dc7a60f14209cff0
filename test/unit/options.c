// Intent: SWITCHGUARD_OPTIONS parsing takes every documented form, and each
// bad item prints one line naming it and the valid choices while the rest
// still apply and the defaults stay.
// RUN: %clang -std=c11 -D_GNU_SOURCE %rtinc %s %rtsrc/base/options.c %rtsrc/base/stdio.c -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: env SWITCHGUARD_OPTIONS=max_blocking_ms=250,format=json %t env 2>&1 | FileCheck %s --check-prefix=ENV
#include "base.h"

#include <string.h>

static void show(const char *s) {
  struct swg_options o = swg__opts; /* the defaults */
  printf("-- %s\n", s);
  fflush(stdout);
  swg__options_parse(&o, s, "TEST", stdout);
  printf("max_blocking_ms=%d format=%d log_path='%s' monitor=%d "
         "must_switch_action=%d stack_depth=%d\n",
         o.max_blocking_ms, o.format, o.log_path, o.monitor,
         o.must_switch_action, o.stack_depth);
}

const char *__switchguard_default_options(void) { return "stack_depth=7"; }

int main(int argc, char **argv) {
  if (argc > 1) { /* the start-up path: hook, then the environment */
    swg__options_init();
    printf("env: max_blocking_ms=%d format=%d stack_depth=%d\n",
           swg__opts.max_blocking_ms, swg__opts.format, swg__opts.stack_depth);
    return 0;
  }
  // CHECK-LABEL: -- max_blocking_ms=250:format=json:log_path=/tmp/x.%p
  // CHECK-NEXT: max_blocking_ms=250 format=1 log_path='/tmp/x.%p' monitor=1 must_switch_action=0 stack_depth=32
  show("max_blocking_ms=250:format=json:log_path=/tmp/x.%p");
  // CHECK-LABEL: -- monitor=0,must_switch_action=report
  // CHECK-NEXT: max_blocking_ms=100 format=0 log_path='' monitor=0 must_switch_action=1
  show("monitor=0,must_switch_action=report");
  // CHECK-LABEL: -- max_blockin_ms=5:stack_depth=9
  // CHECK-NEXT: switchguard: unknown option 'max_blockin_ms' in TEST; valid options: monitor max_blocking_ms monitor_period_ms format log_path must_switch_action blocking_calls suppressions stack_depth spawn_stack capture_signal max_memory_mb memory_period_ms run_info_path trace_path
  // CHECK-NEXT: max_blocking_ms=100 {{.*}} stack_depth=9
  show("max_blockin_ms=5:stack_depth=9");
  // CHECK-LABEL: -- format=xml
  // CHECK-NEXT: switchguard: bad value 'xml' for option 'format' in TEST; valid values: text|json (keeping the default)
  // CHECK-NEXT: format=0
  show("format=xml");
  // CHECK-LABEL: -- max_blocking_ms=0:max_blocking_ms=-3:max_blocking_ms=12x:max_blocking_ms
  // CHECK-NEXT: bad value '0' for option 'max_blocking_ms' in TEST; valid values: 1..86400000
  // CHECK-NEXT: bad value '-3' for option 'max_blocking_ms'
  // CHECK-NEXT: bad value '12x' for option 'max_blocking_ms'
  // CHECK-NEXT: bad value '' for option 'max_blocking_ms'
  // CHECK-NEXT: max_blocking_ms=100
  show("max_blocking_ms=0:max_blocking_ms=-3:max_blocking_ms=12x:max_blocking_ms");
  // CHECK-LABEL: -- monitor=yes::,
  // CHECK-NEXT: bad value 'yes' for option 'monitor' in TEST; valid values: 0|1
  // CHECK-NEXT: monitor=1
  show("monitor=yes::,");
  // CHECK-LABEL: -- stack_depth=65
  // CHECK-NEXT: bad value '65' for option 'stack_depth' in TEST; valid values: 1..64
  show("stack_depth=65");
  return 0;
}
// ENV: env: max_blocking_ms=250 format=1 stack_depth=7
