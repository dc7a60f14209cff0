// Intent: the plugin loaded into a clang of another LLVM release (here the
// other one installed: clang 19 for the LLVM 22 build and back) stops the
// compilation with one line naming both versions and the clang to use,
// instead of crashing inside clang.
// REQUIRES: other-clang
// RUN: not %otherclang %plugin -c %s -o %t.o 2> %t.err
// RUN: FileCheck %s -DCLANG=%clang < %t.err
// RUN: count 1 < %t.err
int main(void) { return 0; }

// CHECK: switchguard: error: {{.*}}switchguard.so was built for clang [[#]].[[#]] but is loaded into clang {{[0-9.]+}} ({{.*}}clang{{.*}}); use the switchguard built for LLVM [[#]] (cmake -DSWITCHGUARD_LLVM=[[#]]), or compile with [[CLANG]]
