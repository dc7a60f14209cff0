//===- Guards.cpp - must_switch scope guards ------------------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Each call of a guarded function gets SWG_GUARD_SIZE bytes in its own
//   frame for the guard's state, so nested and recursive calls each keep
//   their own. Every `ret` is an exit and is checked; a path that ends in a
//   noreturn call has no `ret` and is never a failure; `resume` (an
//   exception leaving the function) abandons the guard unchecked. Each
//   return is checked where its `return` statement is (exitPoints). A
//   `musttail` call must stay next to its `ret`, so the exit check goes
//   before the call (tailExit): the tail callee's switches do not count,
//   except where the callee is known to switch. A switch primitive's
//   hooks go before its check (the instrumenter moves the check back next
//   to the call), so the scope ends with that switch, as switched; a
//   function that always switches ends it unchecked, unless a limit alone
//   can be checked there.
//
//===----------------------------------------------------------------------===//
#include "Guards.h"
#include "SiteTable.h"
#include "SwitchAnalysis.h"

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace switchguard {
namespace {

DebugLoc entryLoc(Function &F) {
  if (DISubprogram *SP = F.getSubprogram())
    return DILocation::get(F.getContext(), SP->getScopeLine(), 0, SP);
  return {};
}

/// Where to check a return. Clang gives a function with several `return`
/// statements one return block that each reaches by a branch carrying the
/// statement's line; when that block does nothing but return, checking on
/// each branch names the very `return` that failed. Otherwise, and next to
/// a musttail call, the check goes just before the return.
SmallVector<Instruction *, 4> exitPoints(ReturnInst *Ret) {
  BasicBlock *BB = Ret->getParent();
  if (auto *Prev = dyn_cast_or_null<CallInst>(Ret->getPrevNode());
      Prev && Prev->isMustTailCall())
    return {Prev};
  bool OnlyReturns = !BB->isEntryBlock();
  for (Instruction &I : *BB)
    OnlyReturns &= !isa<CallBase>(I) || isa<DbgInfoIntrinsic>(I) ||
                   I.isLifetimeStartOrEnd();
  SmallVector<Instruction *, 4> Points;
  for (BasicBlock *P : predecessors(BB)) {
    auto *Br = dyn_cast<BranchInst>(P->getTerminator());
    if (!OnlyReturns || !Br || Br->isConditional() || !Br->getDebugLoc())
      return {Ret};
    Points.push_back(Br);
  }
  return Points.empty() ? SmallVector<Instruction *, 4>{Ret} : Points;
}

/// How a scope ends at a musttail call.
enum class TailEnd {
  Check,   ///< checked before the call, which does not switch
  Switch,  ///< a primitive: checked after its switch hook, with the flag
  Abandon, ///< a function that switches: as switched, and unchecked
};

TailEnd tailEnd(CallInst &Tail, const MustSwitchSpec &Spec,
                const SwitchAnalysis &SA,
                const DenseMap<Function *, MustSwitchSpec> &Must) {
  if (!SA.isSwitchingCall(Tail))
    return TailEnd::Check;
  auto *Callee =
      dyn_cast<Function>(Tail.getCalledOperand()->stripPointerCasts());
  if (!Callee || (!Must.contains(Callee) && !SA.alwaysSwitches(*Callee)))
    return TailEnd::Switch; // a primitive: the instrumenter hooks it
  // A limit alone passes whether or not the scope switched: the stretch up
  // to the call can be checked. A hub-only scope would need to know where
  // the callee switches to.
  return Spec.LimitMs && !Spec.HubOnly ? TailEnd::Check : TailEnd::Abandon;
}

StringRef attributeName(const MustSwitchSpec &Spec) {
  return Spec.HubOnly ? "must_switch_hub" : "must_switch";
}

void guard(Function &F, const MustSwitchSpec &Spec, SiteTable &Sites,
           const SwitchAnalysis &SA,
           const DenseMap<Function *, MustSwitchSpec> &Must) {
  Module &M = *F.getParent();
  LLVMContext &C = M.getContext();
  Type *Ptr = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C);
  Type *Void = Type::getVoidTy(C);
  FunctionCallee Enter = M.getOrInsertFunction(
      SWG_HOOK_GUARD_ENTER, FunctionType::get(Void, {Ptr, Ptr, I32, I32}, false));
  FunctionCallee Exit = M.getOrInsertFunction(
      SWG_HOOK_GUARD_EXIT, FunctionType::get(Void, {Ptr, Ptr}, false));
  FunctionCallee Abandon = M.getOrInsertFunction(
      SWG_HOOK_GUARD_ABANDON, FunctionType::get(Void, {Ptr}, false));
  for (FunctionCallee H : {Enter, Exit, Abandon})
    if (auto *HF = dyn_cast<Function>(H.getCallee()))
      HF->addFnAttr(Attribute::NoUnwind);

  StringRef Name = sourceName(F);
  DebugLoc Loc = entryLoc(F);
  GlobalVariable *Site = Sites.add(
      F, Loc, {SWG_ROLE_GUARD, 0, attributeName(Spec), "must_switch", Name});

  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
  auto *Storage = B.CreateAlloca(ArrayType::get(B.getInt8Ty(), SWG_GUARD_SIZE),
                                 nullptr, "swg.guard");
  Storage->setAlignment(Align(8));
  B.SetInsertPoint(&*Entry.getFirstNonPHIOrDbgOrAlloca());
  B.SetCurrentDebugLocation(Loc);
  B.CreateCall(Enter, {Storage, Site, B.getInt32(Spec.LimitMs),
                       B.getInt32(Spec.HubOnly ? SWG_GUARD_HUB_ONLY : 0)});

  SmallVector<Instruction *, 8> Exits;
  for (BasicBlock &BB : F) {
    Instruction *T = BB.getTerminator();
    if (isa<ResumeInst>(T)) {
      IRBuilder<> X(T);
      X.CreateCall(Abandon, {Storage});
    } else if (isa<ReturnInst>(T)) {
      for (Instruction *At : exitPoints(cast<ReturnInst>(T)))
        Exits.push_back(At);
    }
  }
  for (Instruction *At : Exits) {
    IRBuilder<> X(At);
    X.SetCurrentDebugLocation(At->getDebugLoc() ? At->getDebugLoc() : Loc);
    auto *Tail = dyn_cast<CallInst>(At);
    TailEnd End = Tail && Tail->isMustTailCall()
                      ? tailEnd(*Tail, Spec, SA, Must)
                      : TailEnd::Check;
    if (End == TailEnd::Abandon) {
      X.CreateCall(Abandon, {Storage});
      continue;
    }
    uint32_t Flags = End == TailEnd::Switch ? SWG_SITE_TAIL_SWITCH : 0;
    GlobalVariable *ExitSite =
        Sites.add(F, X.getCurrentDebugLocation(),
                  {SWG_ROLE_GUARD_EXIT, Flags, "return", "must_switch", Name});
    X.CreateCall(Exit, {Storage, ExitSite});
  }
}

} // namespace

bool insertGuards(Module &M, SiteTable &Sites, const SwitchAnalysis &SA,
                  const DenseMap<Function *, MustSwitchSpec> &Must) {
  bool Changed = false;
  for (Function &F : M) {
    auto It = Must.find(&F);
    if (It == Must.end() || F.isDeclaration())
      continue;
    const MustSwitchSpec &Spec = It->second;
    OptimizationRemarkEmitter ORE(&F);
    if (!Spec.LimitMs && !Spec.HubOnly && SA.alwaysSwitches(F)) {
      ORE.emit([&] {
        return OptimizationRemark("switchguard", "GuardElided", &F)
               << "must_switch guard of '" << sourceName(F)
               << "' left out: every path from entry to a return switches";
      });
      continue;
    }
    ORE.emit([&] {
      OptimizationRemarkAnalysis R("switchguard", "GuardKept", &F);
      R << attributeName(Spec) << " guard of '" << sourceName(F) << "' kept: ";
      if (Spec.LimitMs)
        R << "it has a limit of " << std::to_string(Spec.LimitMs) << " ms";
      else if (Spec.HubOnly)
        R << "only a switch into the hub counts, known at run time";
      else
        R << "a path returns without switching";
      return R;
    });
    guard(F, Spec, Sites, SA, Must);
    Changed = true;
  }
  return Changed;
}

CallInst *tailExit(CallBase &CB) {
  auto *Tail = dyn_cast<CallInst>(&CB);
  if (!Tail || !Tail->isMustTailCall())
    return nullptr;
  auto *Exit = dyn_cast_or_null<CallInst>(Tail->getPrevNode());
  Function *Callee = Exit ? Exit->getCalledFunction() : nullptr;
  return Callee && Callee->getName() == SWG_HOOK_GUARD_EXIT ? Exit : nullptr;
}

} // namespace switchguard
