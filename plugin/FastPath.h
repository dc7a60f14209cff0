//===- FastPath.h - The switch fast path, inline --------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Emits __swg_switch_enter/__swg_switch_return inline at a site: a
//   check of a thread-local flag and the three stores the runtime would do,
//   with a call into the runtime only for a thread's first event or while
//   something watches every switch (switchguard_abi.h, "the switch fast
//   path"). A call costs more than the stores it makes.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_FASTPATH_H
#define SWITCHGUARD_FASTPATH_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/IRBuilder.h"

namespace llvm {
class BasicBlock;
class GlobalVariable;
class Instruction;
class Module;
class Value;
} // namespace llvm

namespace switchguard {

/// What a site's __swg_switch_enter is given, and what its inline form may
/// leave out or must hand to the runtime.
struct SwitchSite {
  /// The context left, or null: made by MakeFrom instead.
  llvm::Value *From;
  /// Makes `from` (a call of the library's self()) on the slow side only:
  /// the fast side needs it just to learn the hub's name, and takes the
  /// call while that name is not known yet.
  llvm::function_ref<llvm::Value *(llvm::IRBuilder<> &)> MakeFrom;
  llvm::Value *To, *Site;
  bool HubByName;  ///< To may be the hub's own handle
  bool LearnHub;   ///< the hub's name is learned from From (it is not
                   ///< named when it is made: aco's main co)
  bool NameNative; ///< the hub is in the calls: leaving the native context
                   ///< (prev NULL) goes to the runtime, which names it
};

class FastPath {
public:
  explicit FastPath(llvm::Module &M) : M(M) {}

  /// prev = __swg_switch_enter(from, to, site), inline before \p At.
  llvm::Value *enter(llvm::Instruction *At, const SwitchSite &S,
                     const llvm::DebugLoc &DL);
  /// __swg_switch_return(Prev, Site), inline before \p At.
  void ret(llvm::Instruction *At, llvm::Value *Prev, llvm::Value *Site,
           const llvm::DebugLoc &DL);

private:
  /// Splits before \p At: the block before branches to Fast or Slow (the
  /// check), both to go on into Tail, which starts with At; T is the
  /// thread's switch state.
  struct Sides {
    llvm::BasicBlock *Fast, *Slow, *Tail;
    llvm::Value *T;
  };
  Sides branch(llvm::Instruction *At, const llvm::DebugLoc &DL);

  llvm::Module &M;
};

} // namespace switchguard

#endif // SWITCHGUARD_FASTPATH_H
