// Intent: in C++, wrong must_switch attributes give one diagnostic each at the right place and no crash: on a data member (ignored), on a lambda's type, with a floating or null limit, and with a template-dependent limit (not supported: a constant is needed where the attribute is written); a constexpr limit is fine.
// (Clang 22 names a scoped attribute with its scope, 19 without.)
// RUN: not %clang %plugin -std=c++17 -fsyntax-only %s 2>&1 | FileCheck %s -DFILE=%s --implicit-check-not=error: --implicit-check-not=warning: --implicit-check-not="Stack dump"

// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:37: error: 'must_switch' limit (ms) must be an integer constant
template <int N> [[swg::must_switch(N)]] void dependent() {}
template void dependent<5>();

constexpr int K = 7;
[[swg::must_switch(K * 2)]] void constexpr_ok() {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:20: error: 'must_switch' limit (ms) must be an integer constant
[[swg::must_switch(1.5)]] void floating() {}
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:20: error: 'must_switch' limit (ms) must be an integer constant
[[swg::must_switch(nullptr)]] void null_limit() {}
struct S {
  // CHECK-DAG: [[FILE]]:[[#@LINE+1]]:5: warning: '{{(swg::)?}}must_switch' attribute only applies to functions
  [[swg::must_switch]] int field;
  [[swg::must_switch]] void method_ok();
};
// CHECK-DAG: [[FILE]]:[[#@LINE+1]]:24: error: '{{(swg::)?}}must_switch' attribute cannot be applied to types
auto lam = [](int x) [[swg::must_switch]] { return x; };
// CHECK: 1 warning and 4 errors generated.
