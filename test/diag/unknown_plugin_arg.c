// Intent: a plugin argument switchguard does not know is an error that
// names it and the valid ones; so is an unknown profile name.
// RUN: not %clang %plugin -fplugin-arg-switchguard-frobnicate=3 -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=ARG
// RUN: not %clang %plugin -fplugin-arg-switchguard-profiles=pcl,nosuch -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=PROF
// RUN: %clang %plugin -fplugin-arg-switchguard-profiles=pcl -fsyntax-only %s 2>&1 | count 0

// ARG: error: unknown switchguard plugin argument 'frobnicate=3' (-fplugin-arg-switchguard-frobnicate=3); valid arguments: profiles=LIST, profile-file=PATH, suppressions=PATH, no-instrument, no-inline, no-warn-must-switch, no-warn-blocking, no-summary, sibling-calls, werror, verify
// PROF: error: unknown switchguard profile 'nosuch' in -fplugin-arg-switchguard-profiles; known profiles: ucontext, pcl, st, fcontext, minicoro, aco, libdill, libmill, libco, libtask, neco, tarantool, cxx20
int main(void) { return 0; }
