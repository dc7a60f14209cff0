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
class Function;
class Module;
} // namespace llvm

namespace switchguard {

class SiteTable;
class SwitchAnalysis;

/// Guards every must_switch function in \p Must; true if anything changed.
bool insertGuards(llvm::Module &M, SiteTable &Sites, const SwitchAnalysis &SA,
                  const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must);

} // namespace switchguard

#endif // SWITCHGUARD_GUARDS_H
