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

#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/DerivedTypes.h"

namespace llvm {
class BasicBlock;
class GlobalVariable;
class Instruction;
class Module;
class Value;
} // namespace llvm

namespace switchguard {

class FastPath {
public:
  explicit FastPath(llvm::Module &M) : M(M) {}

  /// prev = __swg_switch_enter(From, To, Site), inline before \p At;
  /// \p HubByName: \p To may be the hub's own handle.
  llvm::Value *enter(llvm::Instruction *At, llvm::Value *From, llvm::Value *To,
                     llvm::Value *Site, bool HubByName,
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
