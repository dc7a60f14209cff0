// Intent: each wrong must_switch attribute gives exactly one diagnostic, at its own line and column, and nothing else (no crash, no second message): on a variable, a typedef, a parameter and a misplaced struct attribute (ignored, as clang does with attributes on the wrong subject), with a non-constant, string, floating, negative, zero, overflowing or huge limit, too many arguments, or a syntax error.
// RUN: not %clang %plugin -std=c2x -fsyntax-only %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=error: --implicit-check-not=warning: --implicit-check-not="Stack dump"

int variable;
enum { BIG = 2000000000 };

// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:16: warning: 'must_switch' attribute only applies to functions
__attribute__((must_switch)) int on_a_variable;
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:24: warning: 'must_switch' attribute only applies to functions
typedef __attribute__((must_switch)) int on_a_typedef;
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:23: warning: 'must_switch' attribute only applies to functions
void f(__attribute__((must_switch)) int on_a_parameter);
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:16: warning: attribute 'must_switch' is ignored
__attribute__((must_switch)) struct on_a_struct { int x; };

// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) must be an integer constant
__attribute__((must_switch(variable))) void not_constant(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:20: error: 'must_switch' limit (ms) must be an integer constant
[[swg::must_switch("50")]] void a_string(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:20: error: 'must_switch' limit (ms) must be an integer constant
[[swg::must_switch(1.5)]] void a_double(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) -5 is out of range; use 1 to 86400000
__attribute__((must_switch(-5))) void negative(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) 0 is out of range
__attribute__((must_switch(0))) void zero(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:32: error: 'must_switch' limit (ms) {{-?[0-9]+}} is out of range
__attribute__((must_switch(BIG * 2))) void overflowing(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) 99999999999999 is out of range
__attribute__((must_switch(99999999999999))) void huge(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:28: error: 'must_switch' limit (ms) 86400001 is out of range
__attribute__((must_switch(86400001))) void just_over_a_day(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:16: error: 'must_switch' attribute takes no more than 1 argument
__attribute__((must_switch(1, 2))) void two(void) {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:28: error: expected expression
__attribute__((must_switch(,))) void comma(void) {}

// The limits at the ends of the range are fine.
__attribute__((must_switch(1))) void one_ms(void) {}
__attribute__((must_switch(86400000))) void a_day(void) {}
// CHECK: {{[0-9]+}} warnings and {{[0-9]+}} errors generated.
