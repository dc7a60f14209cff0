// Intent: a wrong must_switch argument is a compile error at its line and
// column, and nothing crashes.
// RUN: not %clang %plugin -std=c2x -fsyntax-only %s 2>&1 | FileCheck %s -DFILE=%s

int variable;

// CHECK: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) must be an integer constant
__attribute__((must_switch(variable))) void not_constant(void) {}

// CHECK: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) -5 is out of range; use 1 to 86400000
__attribute__((must_switch(-5))) void negative(void) {}

// CHECK: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) 0 is out of range
__attribute__((must_switch(0))) void zero(void) {}

// CHECK: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) 99999999999 is out of range
__attribute__((must_switch(99999999999))) void huge(void) {}

// CHECK: [[FILE]]:[[#@LINE+1]]:20: error: 'must_switch' limit (ms) must be an integer constant
[[swg::must_switch("50")]] void string_arg(void) {}

// CHECK: [[FILE]]:[[#@LINE+1]]:16: error: 'must_switch' attribute takes no more than 1 argument
__attribute__((must_switch(1, 2))) void two(void) {}

// CHECK: [[FILE]]:[[#@LINE+1]]:16: warning: 'must_switch' attribute only applies to functions
__attribute__((must_switch)) int not_a_function;
