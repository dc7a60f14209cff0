// Intent: the compiler's warnings come in source order, the same on every
// run, whichever check makes them and however many must_switch functions
// there are; a blocking call reached from two must_switch functions is
// reported once, through the first of them in the file.
// RUN: %clang %plugin -S -o /dev/null %s 2> %t.1
// RUN: %clang %plugin -S -o /dev/null %s 2> %t.2
// RUN: %clang %plugin -S -o /dev/null %s 2> %t.3
// RUN: diff %t.1 %t.2
// RUN: diff %t.1 %t.3
// RUN: FileCheck %s --input-file=%t.1 -DFILE=%s --implicit-check-not=warning:
#include <pcl.h>
#include <unistd.h>

static void nap(void) { usleep(1); }
// CHECK: [[FILE]]:[[#@LINE-1]]:25: warning: call to blocking function 'usleep' {{.*}}; reached from 'm1' (calls it at line [[#@LINE+2]]) -> 'nap', 'm1' being must_switch

__attribute__((must_switch)) void m1(int n) { nap(); if (n) co_resume(); }
// CHECK: [[FILE]]:[[#@LINE-1]]:74: warning: must_switch function 'm1' can return here without switching (taking the false branch at line [[#@LINE-1]])
__attribute__((must_switch)) void m2(int n) { if (n) co_resume(); nap(); }
// CHECK: [[FILE]]:[[#@LINE-1]]:74: warning: must_switch function 'm2' can return here without switching (taking the false branch at line [[#@LINE-1]])
__attribute__((must_switch)) void m3(void) { sleep(1); }
// CHECK: [[FILE]]:[[#@LINE-1]]:1: warning: must_switch function 'm3' never switches
// CHECK: [[FILE]]:[[#@LINE-2]]:46: warning: call to blocking function 'sleep' {{.*}}; reached from 'm3', 'm3' being must_switch
__attribute__((must_switch)) void m4(int n) { if (n) co_resume(); }
// CHECK: [[FILE]]:[[#@LINE-1]]:67: warning: must_switch function 'm4' can return here without switching (taking the false branch at line [[#@LINE-1]])
__attribute__((must_switch)) void m5(int n) { if (n) co_resume(); }
// CHECK: [[FILE]]:[[#@LINE-1]]:67: warning: must_switch function 'm5' can return here without switching (taking the false branch at line [[#@LINE-1]])
__attribute__((must_switch)) void m6(int n) { if (n) co_resume(); }
// CHECK: [[FILE]]:[[#@LINE-1]]:67: warning: must_switch function 'm6' can return here without switching (taking the false branch at line [[#@LINE-1]])
__attribute__((must_switch)) void m7(void) { }
// CHECK: [[FILE]]:[[#@LINE-1]]:1: warning: must_switch function 'm7' never switches
__attribute__((must_switch)) void m8(int n) { if (n) co_resume(); }
// CHECK: [[FILE]]:[[#@LINE-1]]:67: warning: must_switch function 'm8' can return here without switching (taking the false branch at line [[#@LINE-1]])
