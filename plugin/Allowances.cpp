//===- Allowances.cpp - Accepted blocking calls, at run time --------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   What the static check accepts — a call marked SWG_MAY_BLOCK_CALL, a
//   function marked swg_may_block and all it calls, a [blocking]
//   suppression — the run-time interceptors accept too, through one
//   counter in the thread's switch state (SWG_THREAD_ALLOW): raised before
//   an accepted call and lowered after it; raised at an exempt function's
//   entry and lowered at each of its returns. While it is not zero, no
//   blocking call of the thread is a finding, however it is reached
//   (through a pointer, inside a library). A longjmp or an exception out
//   of an exempt function skips its returns and leaves the count raised:
//   the thread's later blocking calls are then missed, never made up.
//
//===----------------------------------------------------------------------===//
#include "Allowances.h"
#include "Checks.h"
#include "RuntimeHooks.h"
#include "switchguard_abi.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace switchguard {
namespace {

/// allow += Delta, in the calling thread's TLS block. Only this thread
/// writes it; the interceptors read it on the same thread.
void adjust(IRBuilder<> &B, int Delta) {
  Module &M = *B.GetInsertBlock()->getModule();
  Value *P = B.CreateConstInBoundsGEP1_32(
      B.getInt8Ty(), B.CreateThreadLocalAddress(threadState(M)),
      SWG_THREAD_ALLOW);
  LoadInst *L = B.CreateAlignedLoad(B.getInt32Ty(), P, Align(4));
  L->setAtomic(AtomicOrdering::Monotonic);
  B.CreateAlignedStore(B.CreateAdd(L, B.getInt32(Delta)), P, Align(4))
      ->setAtomic(AtomicOrdering::Monotonic);
}

void exemptFunction(Function &F) {
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  adjust(B, 1);
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator())) {
      Instruction *At = Ret;
      // A musttail call must stay next to its return: lower before it.
      if (auto *Prev = dyn_cast_or_null<CallInst>(Ret->getPrevNode());
          Prev && Prev->isMustTailCall())
        At = Prev;
      B.SetInsertPoint(At);
      adjust(B, -1);
    }
}

void exemptCall(CallInst &CI) {
  if (CI.isMustTailCall())
    return; // nothing may follow it; its caller's return lowers nothing
  IRBuilder<> B(&CI);
  adjust(B, 1);
  B.SetInsertPoint(CI.getNextNode());
  adjust(B, -1);
}

} // namespace

bool insertAllowances(Module &M, const FrontendFacts &Facts) {
  bool Changed = false;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    if (mayBlock(F, Facts)) {
      exemptFunction(F);
      Changed = true;
      continue; // what it calls is exempt already
    }
    SmallVector<CallInst *, 4> Calls;
    for (Instruction &I : instructions(F))
      if (auto *CI = dyn_cast<CallInst>(&I); CI && isExemptCall(*CI, Facts))
        Calls.push_back(CI);
    for (CallInst *CI : Calls)
      exemptCall(*CI);
    Changed |= !Calls.empty();
  }
  return Changed;
}

} // namespace switchguard
