// Intent: the checks are named warnings that -Werror leaves warnings (a
// build that passes without switchguard passes with it) and that
// -fplugin-arg-switchguard-werror makes errors; each can be switched off
// with a plugin argument, all with -Wno-backend-plugin; they show in SARIF
// output.
// RUN: %clang %plugin -Wall -Werror -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NOWERROR
// RUN: not %clang %plugin -fplugin-arg-switchguard-werror -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=WERROR
// RUN: not %clang %plugin -Werror -fplugin-arg-switchguard-werror -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=WERROR
// RUN: %clang %plugin -Werror -Wno-backend-plugin -S -o /dev/null %s 2>&1 | count 0
// RUN: %clang %plugin -fplugin-arg-switchguard-no-warn-must-switch -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NOMUST
// RUN: %clang %plugin -fplugin-arg-switchguard-no-warn-blocking -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NOBLOCK
// RUN: %clang %plugin -fplugin-arg-switchguard-no-warn-blocking -fplugin-arg-switchguard-no-warn-must-switch -S -o /dev/null %s 2>&1 | count 0
// RUN: %clang %plugin -fdiagnostics-format=sarif -S -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=SARIF
#include <pcl.h>
#include <unistd.h>

__attribute__((must_switch)) void lazy(void) { sleep(1); }

// NOWERROR: warning: must_switch function 'lazy' never switches: no call in it resumes, yields or runs the scheduler [-Wbackend-plugin]
// NOWERROR: warning: call to blocking function 'sleep' {{.*}} [-Wbackend-plugin]
// NOWERROR-NOT: error
// WERROR: error: must_switch function 'lazy' never switches{{.*}} [-Werror,-Wbackend-plugin]
// WERROR: error: call to blocking function 'sleep'{{.*}} [-Werror,-Wbackend-plugin]
// NOMUST-NOT: must_switch function
// NOMUST: warning: call to blocking function 'sleep'
// NOBLOCK: warning: must_switch function 'lazy' never switches
// NOBLOCK-NOT: blocking
// SARIF: "text":"must_switch function 'lazy' never switches
