// Intent: the checks honour -Werror and can each be switched off with a
// plugin argument; they show in SARIF output.
// RUN: not %clang %plugin -Werror -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=WERROR
// RUN: %clang %plugin -fplugin-arg-switchguard-no-warn-must-switch -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NOMUST
// RUN: %clang %plugin -fplugin-arg-switchguard-no-warn-blocking -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NOBLOCK
// RUN: %clang %plugin -fplugin-arg-switchguard-no-warn-blocking -fplugin-arg-switchguard-no-warn-must-switch -S -o /dev/null %s 2>&1 | count 0
// RUN: %clang %plugin -fdiagnostics-format=sarif -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=SARIF
#include <pcl.h>
#include <unistd.h>

__attribute__((must_switch)) void lazy(void) { sleep(1); }

// WERROR: error: must_switch function 'lazy' never switches
// WERROR: error: call to blocking function 'sleep'
// NOMUST-NOT: must_switch function
// NOMUST: warning: call to blocking function 'sleep'
// NOBLOCK: warning: must_switch function 'lazy' never switches
// NOBLOCK-NOT: blocking
// SARIF: "text":"must_switch function 'lazy' never switches
