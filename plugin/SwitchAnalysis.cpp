//===- SwitchAnalysis.cpp - Which code switches ---------------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   "Every path switches" is a must-analysis over the CFG: a block is
//   entered switched if all its predecessors leave it switched, and leaves
//   it switched if it was entered so or holds a switching call. It starts
//   from "switched" everywhere but the entry and only ever lowers, so it
//   stops. Which functions always switch is the least fixed point over the
//   module (recursion proves nothing), so an elided guard is always safe.
//   Indirect calls never count as switching. "Switches on some path" (a
//   switching call in it or in a function it calls) is another least fixed
//   point; the checks name such a helper at the return it lets through.
//
//===----------------------------------------------------------------------===//
#include "SwitchAnalysis.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;

namespace switchguard {

DenseMap<Function *, MustSwitchSpec> mustSwitchFunctions(Module &M) {
  DenseMap<Function *, MustSwitchSpec> Out;
  forEachAnnotation(M, [&](Function &F, StringRef Note) {
    if (auto Spec = decodeMustSwitch(Note))
      Out[&F] = *Spec;
  });
  return Out;
}

static bool isSwitchingRole(swg_role R) {
  switch (R) {
  case SWG_ROLE_RESUME:
  case SWG_ROLE_YIELD:
  case SWG_ROLE_SWITCH:
  case SWG_ROLE_EXIT:
  case SWG_ROLE_YIELDING:
  case SWG_ROLE_START:
    return true;
  default:
    return false;
  }
}

SwitchAnalysis::SwitchAnalysis(Module &M, const ProfileSet &Profiles,
                               const DenseMap<Function *, MustSwitchSpec> &Must)
    : Profiles(Profiles), Must(Must) {
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M)
      if (!F.isDeclaration() && !Always.contains(&F) && computeAlways(F)) {
        Always.insert(&F);
        Changed = true;
      }
  }
  // Switching somewhere is a least fixed point too, over direct calls.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M) {
      if (F.isDeclaration() || Some.contains(&F))
        continue;
      for (const Instruction &I : instructions(F)) {
        auto *CB = dyn_cast<CallBase>(&I);
        auto *Callee = CB ? dyn_cast<Function>(
                                CB->getCalledOperand()->stripPointerCasts())
                          : nullptr;
        if (CB && (isSwitchingCall(*CB) || (Callee && Some.contains(Callee)))) {
          Some.insert(&F);
          Changed = true;
          break;
        }
      }
    }
  }
}

bool SwitchAnalysis::isSwitchingCall(const CallBase &CB) const {
  auto *Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee)
    return false;
  if (Match Mt = Profiles.lookup(Callee->getName(), Callee->getFunctionType()))
    return isSwitchingRole(Mt.Prim->Role);
  auto It = Must.find(Callee);
  if (It != Must.end() && It->second.LimitMs == 0) // its guard makes it switch
    return true;
  return Always.contains(Callee);
}

/// Per block: does it hold a switching call?
static DenseMap<const BasicBlock *, bool>
switchingBlocks(const Function &F, const SwitchAnalysis &SA) {
  DenseMap<const BasicBlock *, bool> Has;
  for (const BasicBlock &BB : F) {
    bool H = false;
    for (const Instruction &I : BB)
      if (auto *CB = dyn_cast<CallBase>(&I))
        H |= SA.isSwitchingCall(*CB);
    Has[&BB] = H;
  }
  return Has;
}

bool SwitchAnalysis::computeAlways(const Function &F) const {
  auto Has = switchingBlocks(F, *this);
  DenseMap<const BasicBlock *, bool> Out;
  for (const BasicBlock &BB : F)
    Out[&BB] = true;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const BasicBlock &BB : F) {
      bool In = &BB != &F.getEntryBlock();
      for (const BasicBlock *P : predecessors(&BB))
        In &= Out[P];
      bool O = In || Has[&BB];
      if (O != Out[&BB]) {
        Out[&BB] = O;
        Changed = true;
      }
    }
  }
  for (const BasicBlock &BB : F)
    if (isa<ReturnInst>(BB.getTerminator()) && !Out[&BB])
      return false;
  return true;
}

SmallVector<PathWithoutSwitch, 2>
SwitchAnalysis::pathsWithoutSwitch(const Function &F) const {
  // Search forward from entry through blocks with no switching call; each
  // return reached this way has a path without a switch.
  auto Has = switchingBlocks(F, *this);
  // A returns_twice call (setjmp, getcontext) in a function that switches
  // may return again after a switch and a longjmp: the paths through it
  // cannot be told apart here, so they are taken as switched (no warning
  // rather than a false one). "Always switches" stays strict.
  if (!neverSwitches(F))
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB)
        if (auto *CB = dyn_cast<CallBase>(&I);
            CB && CB->hasFnAttr(Attribute::ReturnsTwice))
          Has[&BB] = true;
  SmallVector<PathWithoutSwitch, 2> Paths;
  DenseMap<const BasicBlock *, const BasicBlock *> Parent;
  SmallVector<const BasicBlock *, 16> Work;
  const BasicBlock *Entry = &F.getEntryBlock();
  if (Has[Entry])
    return Paths;
  Parent[Entry] = nullptr;
  Work.push_back(Entry);
  SmallVector<const BasicBlock *, 4> Returns;
  while (!Work.empty()) {
    const BasicBlock *BB = Work.pop_back_val();
    if (isa<ReturnInst>(BB->getTerminator())) {
      Returns.push_back(BB);
      continue;
    }
    for (const BasicBlock *S : successors(BB))
      if (!Has[S] && !Parent.count(S)) {
        Parent[S] = BB;
        Work.push_back(S);
      }
  }
  // Clang gives a function one return block, entered from each `return`
  // statement: a path per way into it, so each statement gets its own.
  auto PathTo = [&](const BasicBlock *Last, const BasicBlock *Ret) {
    PathWithoutSwitch P;
    P.Ret = const_cast<ReturnInst *>(cast<ReturnInst>(Ret->getTerminator()));
    if (Last != Ret)
      P.Blocks.push_back(Ret);
    for (const BasicBlock *B = Last; B; B = Parent.lookup(B))
      P.Blocks.push_back(B);
    std::reverse(P.Blocks.begin(), P.Blocks.end());
    for (size_t I = 1; I < P.Blocks.size(); I++) {
      const Instruction *T = P.Blocks[I - 1]->getTerminator();
      if (T->getNumSuccessors() < 2)
        continue;
      for (unsigned S = 0; S < T->getNumSuccessors(); S++)
        if (T->getSuccessor(S) == P.Blocks[I]) {
          P.Choices.push_back({T, S});
          break;
        }
    }
    return P;
  };
  for (const BasicBlock *Ret : Returns) {
    if (Ret == Entry) {
      Paths.push_back(PathTo(Ret, Ret));
      continue;
    }
    SmallPtrSet<const BasicBlock *, 4> Done;
    for (const BasicBlock *Pred : predecessors(Ret))
      if (Parent.count(Pred) && Done.insert(Pred).second)
        Paths.push_back(PathTo(Pred, Ret));
  }
  return Paths;
}

bool SwitchAnalysis::neverSwitches(const Function &F) const {
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (auto *CB = dyn_cast<CallBase>(&I); CB && isSwitchingCall(*CB))
        return false;
  return true;
}

} // namespace switchguard
