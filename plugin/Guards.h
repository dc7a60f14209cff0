//===- Guards.h - must_switch scope guards ----------------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Puts the runtime's guard hooks (switchguard_abi.h) at the entry and
//   every exit of each must_switch function, unless the analysis proves the
//   guard cannot fail (no limit, not hub-only, and every path switches);
//   -Rpass=switchguard says which guards were left out and why.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_GUARDS_H
#define SWITCHGUARD_GUARDS_H

#include "Attributes.h"

#include "llvm/ADT/DenseMap.h"

namespace llvm {
class CallBase;
class CallInst;
class Function;
class Module;
} // namespace llvm

namespace switchguard {

class SiteTable;
class SwitchAnalysis;

/// Guards every must_switch function in \p Must; true if anything changed.
/// \p Inline: a plain scope (no limit, not hub-only) is checked inline.
bool insertGuards(llvm::Module &M, SiteTable &Sites, const SwitchAnalysis &SA,
                  const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must,
                  bool Inline);

/// The exit check insertGuards put right before the musttail call \p CB,
/// or null. When \p CB is a switch primitive, its hooks must run before
/// that check, so that the scope sees the switch: the instrumenter moves
/// the check back next to \p CB once they are in.
llvm::CallInst *tailExit(llvm::CallBase &CB);

} // namespace switchguard

#endif // SWITCHGUARD_GUARDS_H
