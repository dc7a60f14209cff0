//===- Checks.h - Compile-time warnings -------------------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The static analysis (docs/static-analysis.md), as ordinary compiler
//   warnings with file, line, column and caret:
//     - a must_switch function with paths to returns that switch on no
//       call (at each such return, once, with the branches taken and the
//       helpers of this file on the way that switch on some paths only),
//       or with no call that can switch at all;
//     - a call to a known blocking function reachable, within the
//       translation unit, from a coroutine body or a must_switch function
//       (at the call, with the call chain back to the body).
//   Exempt from the second: functions marked SWG_MAY_BLOCK or named by a
//   suppressions file, and calls marked SWG_MAY_BLOCK_CALL.
//   All of them come out in source order.
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

/// Finds the SWG_MAY_BLOCK_CALL markers (llvm.annotation calls), tags
/// each call they cover with !switchguard.may_block and removes them, so
/// no marker is left to stand in the optimiser's way or reach the object.
/// A marker covers the calls it dominates that are written inside the
/// macro's parentheses: the marked call and the calls in its arguments.
/// Runs first, before any check or summary. Returns whether it changed \p M.
bool takeMayBlockMarkers(llvm::Module &M, const FrontendFacts &Facts);

/// A call the blocking check neither reports nor follows: marked at the
/// call, or a blocking call a suppressions file accepts.
bool isExemptCall(const llvm::CallBase &CB, const FrontendFacts &Facts);

/// A function exempt from the blocking check, with what it calls:
/// SWG_MAY_BLOCK, or named in a suppressions file's [blocking].
bool mayBlock(const llvm::Function &F, const FrontendFacts &Facts);

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
