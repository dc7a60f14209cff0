//===- Hooks.cpp - The runtime's hooks around each switch -----------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   For each call of a primitive the active profiles know:
//     create            call; __swg_spawn(handle, entry, name, stack, site)
//     destroy           __swg_destroy(handle, site); call
//     resume/yield/
//     switch/yielding   prev = __swg_switch_enter(from, to, site); call;
//                       __swg_switch_return(prev, site)
//     exit              prev = __swg_switch_enter(NULL, to, site);
//                       [__swg_destroy(prev, site)]; call
//     init              call; __swg_coro_begin(self(), site)
//     start             a create that runs the coroutine at once: go()
//                       switches into it after dill_prologue and back
//                       where its setjmp returns again; neco_start
//                       announces it and brackets the call
//   and at the entry of each coroutine body whose library can name the
//   running coroutine (self()), __swg_coro_begin(self(), site), and at its
//   returns __swg_switch_enter(NULL, NULL, site) [+ __swg_destroy(self, site)
//   where the library frees a coroutine that ends]; at the entry of a
//   function marked swg_hub, __swg_hub(site). In a library's own
//   implementation only its scheduler's waits (a sleep, epoll_wait) are
//   bracketed, as hub time.
//   The runtime lives in runtime/ (hooks.c implements these).
//
//===----------------------------------------------------------------------===//
#include "Hooks.h"
#include "RuntimeHooks.h"
#include "SiteTable.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace switchguard {
namespace {

Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

uint32_t siteFlags(const Profile &P, const Primitive &Prim) {
  uint32_t F = 0;
  if (P.AddressHandles)
    F |= SWG_SITE_ADDRESS_HANDLES;
  if (Prim.NullEntryIsHub)
    F |= SWG_SITE_NULL_ENTRY_IS_HUB;
  if (P.Hub == HubModel::YieldingCalls)
    F |= SWG_SITE_HUB_IN_CALLS;
  if (P.Hub == HubModel::SchedulerContext)
    F |= SWG_SITE_HUB_CONTEXT;
  return F;
}

/// The library names the hub's handle when it is made (aco_create's main
/// co), so a switch never needs to learn it.
bool namesHubAtCreate(const Profile &P) {
  for (const Primitive &Prim : P.Primitives)
    if (Prim.NullEntryIsHub)
      return true;
  return false;
}

} // namespace

HookInserter::HookInserter(Module &M, const PluginOptions &Opts,
                           SiteTable &Sites)
    : M(M), Opts(Opts), Sites(Sites), Fast(M) {
  LLVMContext &C = M.getContext();
  PtrTy = PointerType::getUnqual(C);
  IntPtrTy = M.getDataLayout().getIntPtrType(C);
  Enter = runtimeHook(M, RuntimeHook::SwitchEnter);
  Return = runtimeHook(M, RuntimeHook::SwitchReturn);
  Spawn = runtimeHook(M, RuntimeHook::Spawn);
  Destroy = runtimeHook(M, RuntimeHook::Destroy);
  Begin = runtimeHook(M, RuntimeHook::CoroBegin);
  Hub = runtimeHook(M, RuntimeHook::Hub);
}

GlobalVariable *HookInserter::site(const Function &F, const DebugLoc &Loc,
                                   const SiteInfo &Info) {
  return Sites.add(F, Loc, Info);
}

/// In a library's own code, a sleep or a wait for descriptors is its
/// scheduler idling: hub time, whichever coroutine ran last.
void HookInserter::bracketSchedulerWaits(Function &F, const Profile &Lib) {
  SmallVector<CallBase *, 4> Waits;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (Function *Callee = directCallee(*CB);
          Callee && isSchedulerWait(Callee->getName()))
        Waits.push_back(CB);
  Value *Null = ConstantPointerNull::get(PtrTy);
  for (CallBase *CB : Waits) {
    SiteInfo Info{
        SWG_ROLE_YIELDING, 0, directCallee(*CB)->getName(), Lib.Name, {}};
    enterAndReturn(*CB,
                   {Null, nullptr, Null, site(F, CB->getDebugLoc(), Info),
                    /*HubByName=*/false, /*LearnHub=*/false,
                    /*NameNative=*/false},
                   afterCall(*CB));
  }
}

Value *HookInserter::asPtr(IRBuilder<> &B, Value *V) {
  if (V->getType()->isPointerTy())
    return V;
  // Libraries with integer handles count from 0 (libdill) and return -1
  // for an error; the runtime's NULL is the hub: shift them by one.
  if (V->getType()->isIntegerTy())
    return B.CreateIntToPtr(B.CreateAdd(B.CreateSExtOrTrunc(V, IntPtrTy),
                                        ConstantInt::get(IntPtrTy, 1)),
                            PtrTy);
  return ConstantPointerNull::get(PtrTy);
}

Value *HookInserter::operand(IRBuilder<> &B, CallBase &CB, int Index) {
  if (Index == NoArg || unsigned(Index) >= CB.arg_size())
    return ConstantPointerNull::get(PtrTy);
  return asPtr(B, CB.getArgOperand(Index));
}

/// A call to the library's self(), declared as returning a pointer if the
/// program never declared it.
Value *HookInserter::self(IRBuilder<> &B, const Profile *Lib) {
  if (!Lib || Lib->Self.empty())
    return ConstantPointerNull::get(PtrTy);
  // Call it with its own type when the program declared it (libtask's and
  // neco's ids are integers, widened the way their create calls' are).
  Function *F = M.getFunction(Lib->Self);
  Type *Ret = Lib->SelfBits ? static_cast<Type *>(IntegerType::get(
                                  M.getContext(), Lib->SelfBits))
                            : PtrTy;
  FunctionCallee Self =
      F ? FunctionCallee(F)
        : M.getOrInsertFunction(Lib->Self, FunctionType::get(Ret, {}, false));
  if (F && F->arg_size() != 0)
    return ConstantPointerNull::get(PtrTy);
  return asPtr(B, B.CreateCall(Self));
}

Function *entryFunction(CallBase &CB, const Primitive &P) {
  auto AsFunction = [](Value *V) {
    return dyn_cast<Function>(V->stripPointerCasts());
  };
  if (P.Entry != NoArg && unsigned(P.Entry) < CB.arg_size())
    return AsFunction(CB.getArgOperand(P.Entry));
  if (P.Describer.empty() || unsigned(P.EntryDesc) >= CB.arg_size())
    return nullptr;
  // Before optimisation the descriptor is a local the describing call
  // filled, returned through sret or stored from its result.
  auto *Desc = dyn_cast<AllocaInst>(
      CB.getArgOperand(P.EntryDesc)->stripInBoundsOffsets());
  if (!Desc)
    return nullptr;
  for (User *U : Desc->users()) {
    auto *D = dyn_cast<CallBase>(U);
    if (!D || !directCallee(*D) ||
        directCallee(*D)->getName() != P.Describer)
      continue;
    unsigned Arg = P.DescriberEntry + (D->hasStructRetAttr() ? 1 : 0);
    if (Arg < D->arg_size())
      if (Function *F = AsFunction(D->getArgOperand(Arg)))
        return F;
  }
  return nullptr;
}

/// go(fn) in libdill and libmill: the body is the call just before the
/// next epilogue call, the last thing the macro runs on the new stack.
StringRef HookInserter::startedBody(CallBase &CB, const Primitive &P) {
  CallBase *Last = nullptr;
  bool After = false;
  for (Instruction &I : instructions(*CB.getFunction())) {
    if (&I == &CB) {
      After = true;
      continue;
    }
    auto *C = dyn_cast<CallBase>(&I);
    Function *Callee = C ? directCallee(*C) : nullptr;
    if (!After || !Callee || Callee->isIntrinsic())
      continue;
    if (Callee->getName() == P.Epilogue)
      return Last ? sourceName(*directCallee(*Last)) : StringRef();
    if (!Callee->getName().starts_with("__swg_") &&
        !Callee->getName().contains("setjmp") &&
        !Callee->getName().contains("setsp"))
      Last = C;
  }
  return {};
}

/// In go(), where the caller continues once the new coroutine first gives
/// control back: the edge, out of the conditional branch nearest the
/// epilogue call, that cannot reach that call again without passing the
/// branch — the macro's setjmp returning non-zero, whether the setjmp is a
/// call or inline assembly (libmill and libdill on x86-64). Null if the
/// code has another shape.
HookInserter::CallerResume HookInserter::callerResumes(CallBase &Prologue,
                                                       const Primitive &P) {
  Function &F = *Prologue.getFunction();
  CallBase *Epilogue = nullptr;
  bool After = false;
  for (Instruction &I : instructions(F)) {
    After |= &I == &Prologue;
    auto *C = dyn_cast<CallBase>(&I);
    Function *Callee = C ? directCallee(*C) : nullptr;
    if (After && Callee && Callee->getName() == P.Epilogue) {
      Epilogue = C;
      break;
    }
  }
  if (!Epilogue)
    return {};
  DominatorTree DT(F);
  BasicBlock *Target = Epilogue->getParent();
  for (DomTreeNode *N = DT.getNode(Target)->getIDom(); N; N = N->getIDom()) {
    BasicBlock *B = N->getBlock();
    auto *Br = dyn_cast<BranchInst>(B->getTerminator());
    if (!Br || !Br->isConditional())
      continue;
    SmallPtrSet<BasicBlock *, 1> Through{B};
    bool Reach[2];
    for (unsigned I = 0; I < 2; ++I)
      Reach[I] =
          isPotentiallyReachable(Br->getSuccessor(I), Target, &Through, &DT);
    if (Reach[0] == Reach[1])
      continue;
    BasicBlock *To = SplitEdge(B, Br->getSuccessor(Reach[0] ? 1 : 0));
    bool BeforePrologue =
        DT.dominates(B, Prologue.getParent()) && B != Prologue.getParent();
    return {BeforePrologue, &*To->getFirstInsertionPt()};
  }
  return {};
}

Instruction *HookInserter::afterCall(CallBase &CB) {
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

void HookInserter::enterAndReturn(CallBase &CB, const SwitchSite &S,
                                  Instruction *AfterPt) {
  DebugLoc DL = CB.getDebugLoc();
  if (Opts.InlineFastPath) {
    Value *Prev = Fast.enter(&CB, S, DL);
    if (AfterPt)
      Fast.ret(AfterPt, Prev, S.Site, DL);
    return;
  }
  IRBuilder<> Before(&CB);
  Before.SetCurrentDebugLocation(DL);
  Value *From = S.From ? S.From : S.MakeFrom(Before);
  Value *Prev = Before.CreateCall(Enter, {From, S.To, S.Site});
  if (!AfterPt)
    return;
  IRBuilder<> After(AfterPt);
  After.SetCurrentDebugLocation(DL);
  After.CreateCall(Return, {Prev, S.Site});
}

void HookInserter::instrumentCreate(CallBase &CB, const Primitive &P,
                                    Value *Site, Instruction *AfterPt) {
  if (!AfterPt)
    return;
  IRBuilder<> After(AfterPt);
  After.SetCurrentDebugLocation(CB.getDebugLoc());
  Value *Handle = nullptr;
  if (P.Handle == NoArg && !CB.getType()->isVoidTy())
    Handle = asPtr(After, &CB);
  else if (P.Handle != NoArg && unsigned(P.Handle) < CB.arg_size())
    Handle = P.HandleOut
                 ? After.CreateLoad(PtrTy, CB.getArgOperand(P.Handle))
                 : operand(After, CB, P.Handle);
  if (!Handle)
    return;
  Function *Entry = entryFunction(CB, P);
  Value *EntryV = Entry ? static_cast<Value *>(Entry)
                        : operand(After, CB, P.Entry);
  Value *Size = P.StackSize == NoArg
                    ? ConstantInt::get(IntPtrTy, 0)
                    : After.CreateZExtOrTrunc(CB.getArgOperand(P.StackSize),
                                              IntPtrTy);
  After.CreateCall(Spawn, {Handle, EntryV, operand(After, CB, P.NameArg),
                           operand(After, CB, P.Stack), Size, Site});
}

void HookInserter::instrumentStart(CallBase &CB, const Match &Mt,
                                   SiteInfo Info) {
  const Primitive &P = *Mt.Prim;
  Function &F = *CB.getFunction();
  Instruction *AfterPt = afterCall(CB);
  if (!P.Epilogue.empty()) {
    // go(): when the prologue returns, the caller's thread of control is
    // the new coroutine, identified by the handle the prologue returned:
    // a switch from the caller into it. The caller comes back later where
    // the macro's setjmp returns again: that edge is the switch's return.
    Info.Entry = startedBody(CB, P);
    GlobalVariable *Site = site(F, CB.getDebugLoc(), Info);
    if (!AfterPt || CB.getType()->isVoidTy())
      return;
    CallerResume CR = callerResumes(CB, P);
    IRBuilder<> After(AfterPt);
    After.SetCurrentDebugLocation(CB.getDebugLoc());
    Value *Handle = asPtr(After, &CB);
    Value *Null = ConstantPointerNull::get(PtrTy);
    After.CreateCall(Spawn, {Handle, Null, Null, Null,
                             ConstantInt::get(IntPtrTy, 0), Site});
    Value *Prev;
    if (CR.BeforePrologue) {
      // The caller has saved its context and leaves at the prologue; the
      // coroutine begins after it.
      IRBuilder<> Leave(&CB);
      Leave.SetCurrentDebugLocation(CB.getDebugLoc());
      Prev = Leave.CreateCall(Enter, {Null, Null, Site});
      After.CreateCall(Begin, {Handle, Site});
    } else {
      Prev = After.CreateCall(Enter, {Null, Handle, Site});
    }
    if (!CR.Resume)
      return;
    // The caller resumes by a second return of its setjmp, which the
    // optimiser may not know of (inline assembly): keep the context it
    // left in memory that nothing promotes to a register.
    IRBuilder<> Entry(&*F.getEntryBlock().getFirstInsertionPt());
    AllocaInst *Slot = Entry.CreateAlloca(PtrTy, nullptr, "swg.go.prev");
    IRBuilder<> Keep(cast<Instruction>(Prev)->getNextNode());
    Keep.CreateStore(Prev, Slot, /*isVolatile=*/true);
    IRBuilder<> Resume(CR.Resume);
    Resume.SetCurrentDebugLocation(CB.getDebugLoc());
    Resume.CreateCall(Return, {Resume.CreateLoad(PtrTy, Slot, /*isVolatile=*/
                                                 true),
                               Site});
    return;
  }
  // neco_start(): the new coroutine runs at once on its own stack and
  // names itself at its body's entry; announce it, then switch out and
  // back like a resume.
  Function *Entry = entryFunction(CB, P);
  if (Entry)
    Info.Entry = sourceName(*Entry);
  GlobalVariable *Site = site(F, CB.getDebugLoc(), Info);
  IRBuilder<> Before(&CB);
  Before.SetCurrentDebugLocation(CB.getDebugLoc());
  Value *Null = ConstantPointerNull::get(PtrTy);
  Before.CreateCall(Spawn, {Null, Entry ? static_cast<Value *>(Entry) : Null,
                            Null, Null, ConstantInt::get(IntPtrTy, 0), Site});
  enterAndReturn(CB,
                 {Null, nullptr, Null, Site, /*HubByName=*/false,
                  /*LearnHub=*/false, /*NameNative=*/false},
                 AfterPt);
}

void HookInserter::instrument(CallBase &CB, const Match &Mt) {
  const Primitive &P = *Mt.Prim;
  Function &F = *CB.getFunction();
  SiteInfo Info{P.Role, siteFlags(*Mt.Lib, P), P.Name, Mt.Lib->Name, {}};
  if (P.Role == SWG_ROLE_START)
    return instrumentStart(CB, Mt, Info);
  Function *Entry =
      P.Role == SWG_ROLE_CREATE ? entryFunction(CB, P) : nullptr;
  if (Entry)
    Info.Entry = sourceName(*Entry);
  GlobalVariable *Site = site(F, CB.getDebugLoc(), Info);
  Instruction *AfterPt = afterCall(CB);
  IRBuilder<> Before(&CB);
  Before.SetCurrentDebugLocation(CB.getDebugLoc());
  Value *Null = ConstantPointerNull::get(PtrTy);

  switch (P.Role) {
  case SWG_ROLE_CREATE:
    return instrumentCreate(CB, P, Site, AfterPt);
  case SWG_ROLE_DESTROY:
    Before.CreateCall(Destroy, {operand(Before, CB, P.Handle), Site});
    return;
  case SWG_ROLE_INIT:
    if (AfterPt) {
      IRBuilder<> After(AfterPt);
      After.SetCurrentDebugLocation(CB.getDebugLoc());
      After.CreateCall(Begin, {self(After, Mt.Lib), Site});
    }
    return;
  case SWG_ROLE_EXIT: {
    // The context left is the one ending: where the library frees it, the
    // runtime forgets it (no call of the library's, which may need a
    // running coroutine, only the one the runtime knew).
    Value *Left =
        Before.CreateCall(Enter, {Null, operand(Before, CB, P.To), Site});
    if (Mt.Lib->EndsAtExit)
      Before.CreateCall(Destroy, {Left, Site});
    return;
  }
  case SWG_ROLE_SWITCH: {
    // A symmetric switch may go back into the hub by its name; with
    // address handles the monitor knows the hub by its stack instead.
    // self() is called where the hub's name is still to be learned.
    const Profile *Lib = Mt.Lib;
    auto MakeSelf = [&](IRBuilder<> &B) { return self(B, Lib); };
    return enterAndReturn(CB,
                          {P.FromSelf ? nullptr : operand(Before, CB, P.From),
                           MakeSelf, operand(Before, CB, P.To), Site,
                           !(Info.Flags & SWG_SITE_ADDRESS_HANDLES),
                           !namesHubAtCreate(*Lib),
                           bool(Info.Flags & SWG_SITE_HUB_IN_CALLS)},
                          AfterPt);
  }
  case SWG_ROLE_RESUME: // into a coroutine, never into the hub
  case SWG_ROLE_YIELD:
  case SWG_ROLE_YIELDING:
    return enterAndReturn(CB,
                          {Null, nullptr, operand(Before, CB, P.To), Site,
                           /*HubByName=*/false, /*LearnHub=*/false,
                           bool(Info.Flags & SWG_SITE_HUB_IN_CALLS)},
                          AfterPt);
  default:
    return;
  }
}

void HookInserter::beginBody(Function &F, const Profile *Lib) {
  BasicBlock &EntryBB = F.getEntryBlock();
  IRBuilder<> B(&*EntryBB.getFirstNonPHIOrDbgOrAlloca());
  DebugLoc Loc;
  if (DISubprogram *SP = F.getSubprogram())
    Loc = DILocation::get(F.getContext(), SP->getScopeLine(), 0, SP);
  B.SetCurrentDebugLocation(Loc);
  SiteInfo Info{SWG_ROLE_BEGIN, 0, "", Lib ? StringRef(Lib->Name) : "user",
                sourceName(F)};
  if (Lib)
    Info.Flags = siteFlags(*Lib, Primitive());
  Value *Handle = self(B, Lib);
  B.CreateCall(Begin, {Handle, site(F, Loc, Info)});
  // Returning from the body hands control back to the library's scheduler
  // out of sight: say so, or its wait would count against the body. Where
  // the library then frees the coroutine, forget it once it has left, so
  // that nothing names it and a handle given out again is named anew.
  Info.Role = SWG_ROLE_EXIT;
  bool Ends = Lib && Lib->EndsAtExit && !Lib->Self.empty();
  Value *Null = ConstantPointerNull::get(PtrTy);
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator())) {
      IRBuilder<> X(Ret);
      X.SetCurrentDebugLocation(Ret->getDebugLoc() ? Ret->getDebugLoc() : Loc);
      Value *Site = site(F, X.getCurrentDebugLocation(), Info);
      X.CreateCall(Enter, {Null, Null, Site});
      if (Ends)
        X.CreateCall(Destroy, {Handle, Site});
    }
}

void HookInserter::markHub(Function &F) {
  IRBuilder<> B(&*F.getEntryBlock().getFirstNonPHIOrDbgOrAlloca());
  SiteInfo Info{SWG_ROLE_HUB, 0, "", "user", sourceName(F)};
  DebugLoc Loc;
  if (DISubprogram *SP = F.getSubprogram())
    Loc = DILocation::get(F.getContext(), SP->getScopeLine(), 0, SP);
  B.SetCurrentDebugLocation(Loc);
  B.CreateCall(Hub, {site(F, Loc, Info)});
}

} // namespace switchguard
