//===- Checks.h - Compile-time warnings -------------------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The static analysis (docs/static-analysis.md), as ordinary compiler
//   warnings with file, line, column and caret:
//     - a must_switch function with a path to a return that switches on no
//       call (at that return, with the branches taken), or with no
//       switching call at all;
//     - a call to a known blocking function reachable, within the
//       translation unit, from a coroutine body or a must_switch function
//       (at the call, with the call chain back to the body).
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_CHECKS_H
#define SWITCHGUARD_CHECKS_H

#include "Attributes.h"
#include "Options.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace llvm {
class CallBase;
class Function;
class Instruction;
class Module;
} // namespace llvm

namespace switchguard {

class SwitchAnalysis;

/// Why a function counts as running in coroutine context.
struct Root {
  const llvm::CallBase *Spawn = nullptr; ///< the create call that names it
  bool MustSwitch = false;
  bool Marked = false; ///< swg_coroutine or a library's body
};

/// A must_switch path this file cannot judge: it returns without a switch
/// unless one of the functions it calls in other files switches.
struct PendingPath {
  const llvm::Function *F;
  const llvm::Instruction *At; ///< where it returns
  llvm::SmallVector<const llvm::Function *, 4> External;
};

/// True if \p Name is a function that blocks the calling thread.
bool isBlockingFunction(llvm::StringRef Name, const FrontendFacts &Facts);

/// Emits the warnings for \p M. \p Roots: coroutine bodies and must_switch
/// functions defined here; \p IsLibraryCode: functions of a library's own
/// implementation, never searched.
/// Returns the must_switch paths left for switchguard-check.
std::vector<PendingPath>
runChecks(llvm::Module &M, const SwitchAnalysis &SA,
               const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must,
               const llvm::MapVector<llvm::Function *, Root> &Roots,
               const FrontendFacts &Facts, const PluginOptions &Opts,
               llvm::function_ref<bool(const llvm::Function &)> IsLibraryCode);

} // namespace switchguard

#endif // SWITCHGUARD_CHECKS_H
