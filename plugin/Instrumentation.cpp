//===- Instrumentation.cpp - The switch-tracing pass ----------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   For each call of a primitive the active profiles know:
//     create            call; __swg_spawn(handle, entry, site)
//     destroy           __swg_destroy(handle, site); call
//     resume/yield/
//     switch            prev = __swg_switch_enter(from, to, site); call;
//                       __swg_switch_return(prev, site)
//     exit              __swg_switch_enter(NULL, to, site); call
//   The runtime lives in runtime/ (hooks.c implements these).
//
//===----------------------------------------------------------------------===//
#include "Instrumentation.h"
#include "Profiles.h"
#include "SiteTable.h"

#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace switchguard {
namespace {

/// Marks a module done, so that loading the plugin twice (-fplugin and
/// -fpass-plugin) never instruments a call twice.
constexpr StringRef DoneMarker = "switchguard.instrumented";

class Instrumenter {
public:
  Instrumenter(Module &M, const PluginOptions &Opts,
               const FrontendFacts &Facts)
      : M(M), Profiles(Opts.Profiles, Facts.DeclaredIn), Sites(M) {
    LLVMContext &C = M.getContext();
    PtrTy = PointerType::getUnqual(C);
    Type *Void = Type::getVoidTy(C);
    Enter = hook(SWG_HOOK_SWITCH_ENTER, PtrTy, {PtrTy, PtrTy, PtrTy});
    Return = hook(SWG_HOOK_SWITCH_RETURN, Void, {PtrTy, PtrTy});
    Spawn = hook(SWG_HOOK_SPAWN, Void, {PtrTy, PtrTy, PtrTy});
    Destroy = hook(SWG_HOOK_DESTROY, Void, {PtrTy, PtrTy});
  }

  bool run();

private:
  FunctionCallee hook(StringRef Name, Type *Ret, ArrayRef<Type *> Params);
  void instrument(CallBase &CB, const Match &Mt);
  Value *operand(IRBuilder<> &B, CallBase &CB, int Index);
  /// Where code that runs once the call has returned goes; null if never.
  Instruction *afterCall(CallBase &CB);

  Module &M;
  ProfileSet Profiles;
  SiteTable Sites;
  PointerType *PtrTy;
  FunctionCallee Enter, Return, Spawn, Destroy;
};

FunctionCallee Instrumenter::hook(StringRef Name, Type *Ret,
                                  ArrayRef<Type *> Params) {
  FunctionCallee FC =
      M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
  if (auto *F = dyn_cast<Function>(FC.getCallee()))
    F->addFnAttr(Attribute::NoUnwind);
  return FC;
}

Value *Instrumenter::operand(IRBuilder<> &B, CallBase &CB, int Index) {
  if (Index == NoArg || unsigned(Index) >= CB.arg_size())
    return ConstantPointerNull::get(PtrTy);
  Value *V = CB.getArgOperand(Index);
  if (V->getType()->isPointerTy())
    return V;
  if (V->getType()->isIntegerTy()) // libraries with integer handles
    return B.CreateIntToPtr(V, PtrTy);
  return ConstantPointerNull::get(PtrTy);
}

Instruction *Instrumenter::afterCall(CallBase &CB) {
  if (CB.doesNotReturn())
    return nullptr;
  if (auto *CI = dyn_cast<CallInst>(&CB)) {
    if (CI->isMustTailCall()) // nothing may separate it from its ret
      return nullptr;
    return CI->getNextNode();
  }
  auto *II = cast<InvokeInst>(&CB);
  BasicBlock *Normal = II->getNormalDest();
  if (!Normal->getSinglePredecessor())
    Normal = SplitEdge(II->getParent(), Normal);
  return &*Normal->getFirstInsertionPt();
}

void Instrumenter::instrument(CallBase &CB, const Match &Mt) {
  const Primitive &P = *Mt.Prim;
  Function &F = *CB.getFunction();
  SiteInfo Info{P.Role, P.Name, Mt.Lib->Name, {}};
  if (P.Entry != NoArg && unsigned(P.Entry) < CB.arg_size())
    if (auto *EF = dyn_cast<Function>(
            CB.getArgOperand(P.Entry)->stripPointerCasts()))
      Info.Entry = sourceName(*EF);
  GlobalVariable *Site = Sites.add(F, CB.getDebugLoc(), Info);

  IRBuilder<> Before(&CB);
  Before.SetCurrentDebugLocation(CB.getDebugLoc());
  Instruction *AfterPt = afterCall(CB);

  switch (P.Role) {
  case SWG_ROLE_CREATE: {
    if (!AfterPt)
      return;
    IRBuilder<> After(AfterPt);
    After.SetCurrentDebugLocation(CB.getDebugLoc());
    Value *Handle = P.Handle == NoArg ? nullptr : operand(After, CB, P.Handle);
    if (!Handle && CB.getType()->isPointerTy())
      Handle = &CB;
    else if (!Handle && CB.getType()->isIntegerTy())
      Handle = After.CreateIntToPtr(&CB, PtrTy);
    if (!Handle)
      return;
    After.CreateCall(Spawn, {Handle, operand(After, CB, P.Entry), Site});
    return;
  }
  case SWG_ROLE_DESTROY:
    Before.CreateCall(Destroy, {operand(Before, CB, P.Handle), Site});
    return;
  case SWG_ROLE_RESUME:
  case SWG_ROLE_YIELD:
  case SWG_ROLE_SWITCH:
  case SWG_ROLE_EXIT: {
    Value *Prev = Before.CreateCall(
        Enter, {operand(Before, CB, P.From), operand(Before, CB, P.To), Site});
    if (P.Role == SWG_ROLE_EXIT || !AfterPt)
      return;
    IRBuilder<> After(AfterPt);
    After.SetCurrentDebugLocation(CB.getDebugLoc());
    After.CreateCall(Return, {Prev, Site});
    return;
  }
  }
}

bool Instrumenter::run() {
  if (Profiles.empty())
    return false;
  SmallVector<std::pair<CallBase *, Match>, 16> Work;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      auto *Callee =
          dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
      if (!Callee)
        continue;
      if (Match Mt = Profiles.lookup(Callee->getName()))
        Work.push_back({CB, Mt});
    }
  }
  for (auto &[CB, Mt] : Work)
    instrument(*CB, Mt);
  Sites.finish();
  return !Work.empty();
}

} // namespace

PreservedAnalyses InstrumentationPass::run(Module &M,
                                           ModuleAnalysisManager &) {
  if (M.getNamedMetadata(DoneMarker))
    return PreservedAnalyses::all();
  M.getOrInsertNamedMetadata(DoneMarker);
  bool Changed = Opts->Instrument && Instrumenter(M, *Opts, *Facts).run();
  // Lines we turned on ourselves cost the optimizer ~10% on a large file;
  // site records hold their lines as constants now, so drop them.
  if (Opts->DropLocations)
    Changed |= StripDebugInfo(M);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace switchguard
