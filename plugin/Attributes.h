//===- Attributes.h - switchguard's source attributes -----------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The annotation strings through which attributes reach the pass. The
//   attributes themselves register with Clang when the plugin loads
//   (Attributes.cpp); the pass reads only these strings.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_ATTRIBUTES_H
#define SWITCHGUARD_ATTRIBUTES_H

#include "llvm/ADT/StringRef.h"

namespace switchguard {

/// `must_switch` -> "switchguard.must_switch"; `must_switch(50)` ->
/// "switchguard.must_switch=50".
constexpr llvm::StringLiteral MustSwitchAnnotation = "switchguard.must_switch";

} // namespace switchguard

#endif // SWITCHGUARD_ATTRIBUTES_H
