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
//   A plain scope needs no frame storage and no call while it passes: at
//   entry it loads the thread's switch count and record from its TLS block,
//   at a return it compares the count and calls the runtime only when it
//   did not move (a musttail exit calls it, which compares).
//
//===----------------------------------------------------------------------===//
#include "Guards.h"
#include "RuntimeHooks.h"
#include "SiteTable.h"
#include "SwitchAnalysis.h"

#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

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

/// A field of the runtime's thread-local switch state (switchguard_abi.h).
Value *threadField(IRBuilder<> &B, Type *Ty, unsigned Offset) {
  Module &M = *B.GetInsertBlock()->getModule();
  Value *P = B.CreateConstInBoundsGEP1_32(
      B.getInt8Ty(), B.CreateThreadLocalAddress(threadState(M)), Offset);
  LoadInst *L = B.CreateAlignedLoad(Ty, P, Align(8));
  L->setAtomic(AtomicOrdering::Unordered); // only this thread writes them
  return L;
}

/// An exit's check stays a call of its own: merged with another return's
/// check (SimplifyCFG sinks them into one block, codegen tail-merges them)
/// it would keep one line for both, and line 0 when they differ, so a
/// failure's stack could not name the return that failed.
void keepApart(CallInst *Check) { Check->addFnAttr(Attribute::NoMerge); }

/// How a scope is entered and each exit checked.
struct ScopeHooks {
  virtual ~ScopeHooks() = default;
  virtual void check(IRBuilder<> &B, Value *ExitSite, bool Tail) = 0;
  virtual void abandon(IRBuilder<> &B) = 0;
};

/// A scope in the runtime: its record in SWG_GUARD_SIZE bytes of the frame.
struct CalledScope : ScopeHooks {
  FunctionCallee Exit, Abandon;
  Value *Storage;
  CalledScope(IRBuilder<> &B, const MustSwitchSpec &Spec, Value *Site) {
    Module &M = *B.GetInsertBlock()->getModule();
    FunctionCallee Enter = runtimeHook(M, RuntimeHook::GuardEnter);
    Exit = runtimeHook(M, RuntimeHook::GuardExit);
    Abandon = runtimeHook(M, RuntimeHook::GuardAbandon);
    BasicBlock &Entry = B.GetInsertBlock()->getParent()->getEntryBlock();
    IRBuilder<> A(&Entry, Entry.getFirstInsertionPt());
    auto *Alloca = A.CreateAlloca(ArrayType::get(A.getInt8Ty(), SWG_GUARD_SIZE),
                                  nullptr, "swg.guard");
    Alloca->setAlignment(Align(8));
    Storage = Alloca;
    B.CreateCall(Enter, {Storage, Site, B.getInt32(Spec.LimitMs),
                         B.getInt32(Spec.HubOnly ? SWG_GUARD_HUB_ONLY : 0)});
  }
  void check(IRBuilder<> &B, Value *ExitSite, bool) override {
    keepApart(B.CreateCall(Exit, {Storage, ExitSite}));
  }
  void abandon(IRBuilder<> &B) override { B.CreateCall(Abandon, {Storage}); }
};

/// A plain scope, inline: the count and the thread at entry, compared at
/// each exit; the runtime is called only for a count that did not move.
struct InlineScope : ScopeHooks {
  FunctionCallee Judge;
  Value *Site, *Seq, *Owner;
  InlineScope(IRBuilder<> &B, Value *Site) : Site(Site) {
    Module &M = *B.GetInsertBlock()->getModule();
    Judge = runtimeHook(M, RuntimeHook::GuardPlainExit);
    Seq = threadField(B, B.getInt64Ty(), SWG_THREAD_SEQ);
    Owner = threadField(B, B.getInt64Ty(), SWG_THREAD_OWNER);
  }
  void check(IRBuilder<> &B, Value *ExitSite, bool Tail) override {
    if (Tail) { // nothing may come between the call and its ret
      keepApart(B.CreateCall(Judge, {Seq, Owner, Site, ExitSite}));
      return;
    }
    Value *Same = B.CreateICmpEQ(threadField(B, B.getInt64Ty(), SWG_THREAD_SEQ),
                                 Seq, "swg.same");
    MDNode *Rare = MDBuilder(B.getContext()).createBranchWeights(1, 1 << 20);
    Instruction *Then =
        SplitBlockAndInsertIfThen(Same, &*B.GetInsertPoint(), false, Rare);
    IRBuilder<> T(Then);
    T.SetCurrentDebugLocation(B.getCurrentDebugLocation());
    keepApart(T.CreateCall(Judge, {Seq, Owner, Site, ExitSite}));
  }
  void abandon(IRBuilder<> &) override {} // nothing to take back
};

void guard(Function &F, const MustSwitchSpec &Spec, SiteTable &Sites,
           const SwitchAnalysis &SA,
           const DenseMap<Function *, MustSwitchSpec> &Must, bool Inline) {
  StringRef Name = sourceName(F);
  DebugLoc Loc = entryLoc(F);
  GlobalVariable *Site = Sites.add(
      F, Loc, {SWG_ROLE_GUARD, 0, attributeName(Spec), "must_switch", Name});

  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> B(&*Entry.getFirstNonPHIOrDbgOrAlloca());
  B.SetCurrentDebugLocation(Loc);
  std::unique_ptr<ScopeHooks> Scope;
  if (Inline && !Spec.LimitMs && !Spec.HubOnly)
    Scope = std::make_unique<InlineScope>(B, Site);
  else
    Scope = std::make_unique<CalledScope>(B, Spec, Site);

  SmallVector<Instruction *, 8> Exits;
  for (BasicBlock &BB : F) {
    Instruction *T = BB.getTerminator();
    if (isa<ResumeInst>(T)) {
      IRBuilder<> X(T);
      Scope->abandon(X);
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
      Scope->abandon(X);
      continue;
    }
    uint32_t Flags = End == TailEnd::Switch ? SWG_SITE_TAIL_SWITCH : 0;
    GlobalVariable *ExitSite =
        Sites.add(F, X.getCurrentDebugLocation(),
                  {SWG_ROLE_GUARD_EXIT, Flags, "return", "must_switch", Name});
    Scope->check(X, ExitSite, Tail && Tail->isMustTailCall());
  }
}

} // namespace

bool insertGuards(Module &M, SiteTable &Sites, const SwitchAnalysis &SA,
                  const DenseMap<Function *, MustSwitchSpec> &Must,
                  bool Inline) {
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
    guard(F, Spec, Sites, SA, Must, Inline);
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
  if (!Callee)
    return nullptr;
  StringRef Name = Callee->getName();
  return Name == SWG_HOOK_GUARD_EXIT || Name == SWG_HOOK_GUARD_PLAIN_EXIT
             ? Exit
             : nullptr;
}

} // namespace switchguard
