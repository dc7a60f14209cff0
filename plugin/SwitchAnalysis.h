//===- SwitchAnalysis.h - Which code switches -------------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Knows which calls switch (a primitive that resumes, yields, switches,
//   exits or runs the scheduler; a call to an unlimited must_switch
//   function, whose own guard makes it switch; a call to a function of this
//   module proven to switch on every path, computed to a fixed point), and
//   finds a path from a function's entry to a return that passes none. The
//   guard pass uses it to leave out guards that cannot fail; the static
//   checks (Checks.cpp) to warn about must_switch functions that can return
//   without switching.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_SWITCHANALYSIS_H
#define SWITCHGUARD_SWITCHANALYSIS_H

#include "Attributes.h"
#include "Profiles.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace llvm {
class BasicBlock;
class CallBase;
class Instruction;
class Function;
class Module;
class ReturnInst;
} // namespace llvm

namespace switchguard {

/// The must_switch functions of a module, from llvm.global.annotations.
llvm::DenseMap<llvm::Function *, MustSwitchSpec>
mustSwitchFunctions(llvm::Module &M);

/// A way from entry to a return that passes no switching call.
struct PathWithoutSwitch {
  llvm::ReturnInst *Ret = nullptr;
  /// The blocks from entry to the return's.
  llvm::SmallVector<const llvm::BasicBlock *, 8> Blocks;
  /// The choices on the way: a terminator with several successors, and
  /// the index of the one taken.
  llvm::SmallVector<std::pair<const llvm::Instruction *, unsigned>, 4>
      Choices;
};

class SwitchAnalysis {
public:
  SwitchAnalysis(llvm::Module &M, const ProfileSet &Profiles,
                 const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must);

  bool isSwitchingCall(const llvm::CallBase &CB) const;
  /// Every path from entry to a return passes a switching call.
  bool alwaysSwitches(const llvm::Function &F) const {
    return Always.contains(&F);
  }
  /// Ways into a return that pass no switch: one path for each block
  /// reached without a switch that branches to the return (each `return`
  /// statement), or the entry alone if it returns; empty if none.
  llvm::SmallVector<PathWithoutSwitch, 2>
  pathsWithoutSwitch(const llvm::Function &F) const;
  /// No path from entry to any return switches at all.
  bool neverSwitches(const llvm::Function &F) const;
  /// A function of this module that switches on some path (one holding a
  /// switching call, or calling such a function), but not on every path.
  bool switchesOnSomePaths(const llvm::Function &F) const {
    return Some.contains(&F) && !Always.contains(&F);
  }

private:
  bool computeAlways(const llvm::Function &F) const;

  const ProfileSet &Profiles;
  const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must;
  llvm::DenseSet<const llvm::Function *> Always;
  llvm::DenseSet<const llvm::Function *> Some;
};

} // namespace switchguard

#endif // SWITCHGUARD_SWITCHANALYSIS_H
