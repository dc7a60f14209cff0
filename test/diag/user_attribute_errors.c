// Intent: a wrong argument to a switchguard attribute is an error at the
// argument, naming the attribute, the parameter and the valid range; a
// spawn whose handle is the result of a function returning void is one.
// RUN: not %clang %plugin -fsyntax-only %s 2>&1 | FileCheck %s -DFILE=%s

// CHECK: [[FILE]]:[[#@LINE+1]]:27: error: 'swg_resume' parameter 'to' 3 is out of range; use 1 to 2
__attribute__((swg_resume(3))) void r1(int a, void *co);
// CHECK: [[FILE]]:[[#@LINE+1]]:27: error: 'swg_resume' parameter 'to' 0 is out of range; use 1 to 1
__attribute__((swg_resume(0))) void r2(void *co);
// CHECK: [[FILE]]:[[#@LINE+1]]:16: error: 'swg_resume' names parameter 'to' but the function takes no parameters
__attribute__((swg_resume(1))) void r3(void);
// CHECK: [[FILE]]:[[#@LINE+1]]:30: error: 'swg_switch' parameter 'to' must be an integer constant
__attribute__((swg_switch(1, "x"))) void s1(void *a, void *b);
// CHECK: [[FILE]]:[[#@LINE+1]]:16: error: 'swg_switch' attribute requires exactly 2 arguments
__attribute__((swg_switch(1))) void s2(void *a, void *b);
// A spawn's handle may be 0, the result; its entry may not.
__attribute__((swg_spawn(1, 0))) void *ok(void (*fn)(void));
// CHECK: [[FILE]]:[[#@LINE+1]]:29: error: 'swg_spawn' parameter 'handle' 2 is out of range; use 0 to 1
__attribute__((swg_spawn(1, 2))) void *sp(void (*fn)(void));
// A handle taken from the result needs one.
// CHECK: [[FILE]]:[[#@LINE+1]]:16: error: 'swg_spawn' takes the handle from the result, but 'sv' returns void; name the parameter that receives it: swg_spawn(entry, handle)
__attribute__((swg_spawn(1))) void sv(void (*fn)(void), void **out);
// CHECK: [[FILE]]:[[#@LINE+1]]:16: error: 'swg_spawn' takes the handle from the result, but 'sv0' returns void; name the parameter that receives it: swg_spawn(entry, handle)
__attribute__((swg_spawn(1, 0))) void sv0(void (*fn)(void), void **out);
__attribute__((swg_spawn(1, 2))) void ok_out(void (*fn)(void), void **out);
// CHECK: [[FILE]]:[[#@LINE+1]]:16: warning: 'swg_yield' attribute only applies to functions
__attribute__((swg_yield)) int not_a_function;
// CHECK: 1 warning and 8 errors generated.
