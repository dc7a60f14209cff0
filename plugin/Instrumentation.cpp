//===- Instrumentation.cpp - The switch-tracing pass ----------------------===//
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
//     exit              __swg_switch_enter(NULL, to, site); call
//     init              call; __swg_coro_begin(self(), site)
//     start             a create that runs the coroutine at once: go()
//                       switches into it after dill_prologue and back
//                       where its setjmp returns again; neco_start
//                       announces it and brackets the call
//   and at the entry of each coroutine body whose library can name the
//   running coroutine (self()), __swg_coro_begin(self(), site); at the entry
//   of a function marked swg_hub, __swg_hub(site). must_switch functions get
//   their scope guards (Guards.cpp). A library's own implementation, where
//   the program compiles it (neco.c, aco.c, minicoro's MINICORO_IMPL; the
//   frontend finds it), is left alone, since the program's calls into it
//   already bracket its switches, but for its scheduler's waits (a sleep,
//   epoll_wait), which are bracketed as hub time. The program's own
//   functions make no sibling calls, so no frame of theirs goes missing
//   from a blocked stack.
//   The runtime lives in runtime/ (hooks.c implements these).
//
//===----------------------------------------------------------------------===//
#include "Instrumentation.h"
#include "Checks.h"
#include "FastPath.h"
#include "Guards.h"
#include "Profiles.h"
#include "Summary.h"
#include "SiteTable.h"
#include "SwitchAnalysis.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <optional>

using namespace llvm;

namespace switchguard {
namespace {

/// Marks a module done, so that loading the plugin twice (-fplugin and
/// -fpass-plugin) never instruments a call twice.
constexpr StringRef DoneMarker = "switchguard.instrumented";

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

class Instrumenter {
public:
  Instrumenter(Module &M, const PluginOptions &Opts,
               const FrontendFacts &Facts)
      : M(M), Opts(Opts), Facts(Facts),
        Profiles(Facts.Registry, Opts.Profiles, Facts.DeclaredIn), Sites(M) {
    LLVMContext &C = M.getContext();
    PtrTy = PointerType::getUnqual(C);
    IntPtrTy = M.getDataLayout().getIntPtrType(C);
    Type *Void = Type::getVoidTy(C);
    Enter = hook(SWG_HOOK_SWITCH_ENTER, PtrTy, {PtrTy, PtrTy, PtrTy});
    Return = hook(SWG_HOOK_SWITCH_RETURN, Void, {PtrTy, PtrTy});
    Spawn = hook(SWG_HOOK_SPAWN, Void,
                 {PtrTy, PtrTy, PtrTy, PtrTy, IntPtrTy, PtrTy});
    Destroy = hook(SWG_HOOK_DESTROY, Void, {PtrTy, PtrTy});
    Begin = hook(SWG_HOOK_CORO_BEGIN, Void, {PtrTy, PtrTy});
    Hub = hook(SWG_HOOK_HUB, Void, {PtrTy});
    Fast.emplace(M, Enter, Return);
  }

  bool run();

private:
  FunctionCallee hook(StringRef Name, Type *Ret, ArrayRef<Type *> Params);
  bool isLibraryCode(const Function &F) const;
  void bracketSchedulerWaits(Function &F);
  MapVector<Function *, Root>
  roots(ArrayRef<std::pair<CallBase *, Match>> Work,
        const DenseMap<Function *, MustSwitchSpec> &Must);
  void instrument(CallBase &CB, const Match &Mt);
  void instrumentCreate(CallBase &CB, const Primitive &P, Value *Site,
                        Instruction *AfterPt);
  void instrumentStart(CallBase &CB, const Match &Mt, SiteInfo Info);
  /// The hooks around a switching call; inline (FastPath) unless the
  /// native context may need naming (libraries whose hub is in the calls).
  /// \p HubByName: \p To may be the hub's own handle.
  void enterAndReturn(CallBase &CB, Value *From, Value *To, Value *Site,
                      Instruction *AfterPt, bool Inline, bool HubByName);
  void beginBody(Function &F, const Profile *Lib);
  Value *asPtr(IRBuilder<> &B, Value *V);
  Value *operand(IRBuilder<> &B, CallBase &CB, int Index);
  Value *self(IRBuilder<> &B, const Profile *Lib);
  Function *entryFunction(CallBase &CB, const Primitive &P);
  StringRef startedBody(CallBase &CB, const Primitive &P);
  struct CallerResume {
    bool BeforePrologue = false;   ///< libmill: setjmp, then the prologue
    Instruction *Resume = nullptr; ///< where the caller continues
  };
  CallerResume callerResumes(CallBase &Prologue, const Primitive &P);
  Instruction *afterCall(CallBase &CB);
  GlobalVariable *site(const Function &F, const DebugLoc &Loc,
                       const SiteInfo &Info);

  Module &M;
  const PluginOptions &Opts;
  const FrontendFacts &Facts;
  ProfileSet Profiles;
  SiteTable Sites;
  PointerType *PtrTy;
  Type *IntPtrTy;
  FunctionCallee Enter, Return, Spawn, Destroy, Begin, Hub;
  std::optional<FastPath> Fast;
  /// Coroutine bodies defined here, with the library that runs them.
  MapVector<Function *, const Profile *> Bodies;
};

FunctionCallee Instrumenter::hook(StringRef Name, Type *Ret,
                                  ArrayRef<Type *> Params) {
  FunctionCallee FC =
      M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
  if (auto *F = dyn_cast<Function>(FC.getCallee()))
    F->addFnAttr(Attribute::NoUnwind);
  return FC;
}

GlobalVariable *Instrumenter::site(const Function &F, const DebugLoc &Loc,
                                   const SiteInfo &Info) {
  return Sites.add(F, Loc, Info);
}

bool Instrumenter::isLibraryCode(const Function &F) const {
  return Facts.LibraryFunctions.contains(F.getName());
}

/// In a library's own code, a sleep or a wait for descriptors is its
/// scheduler idling: hub time, whichever coroutine ran last.
void Instrumenter::bracketSchedulerWaits(Function &F) {
  const Profile *Lib =
      Facts.Registry.find(Facts.LibraryFunctions.lookup(F.getName()));
  if (!Lib)
    return;
  SmallVector<CallBase *, 4> Waits;
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (Function *Callee = directCallee(*CB);
          Callee && isSchedulerWait(Callee->getName()))
        Waits.push_back(CB);
  Value *Null = ConstantPointerNull::get(PtrTy);
  for (CallBase *CB : Waits) {
    SiteInfo Info{
        SWG_ROLE_YIELDING, 0, directCallee(*CB)->getName(), Lib->Name, {}};
    enterAndReturn(*CB, Null, Null, site(F, CB->getDebugLoc(), Info),
                   afterCall(*CB), /*Inline=*/false, /*HubByName=*/false);
  }
}

Value *Instrumenter::asPtr(IRBuilder<> &B, Value *V) {
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

Value *Instrumenter::operand(IRBuilder<> &B, CallBase &CB, int Index) {
  if (Index == NoArg || unsigned(Index) >= CB.arg_size())
    return ConstantPointerNull::get(PtrTy);
  return asPtr(B, CB.getArgOperand(Index));
}

/// A call to the library's self(), declared as returning a pointer if the
/// program never declared it.
Value *Instrumenter::self(IRBuilder<> &B, const Profile *Lib) {
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

/// The entry function of a create call: an argument, or (minicoro) the
/// argument of the describing call that filled the descriptor passed in.
Function *Instrumenter::entryFunction(CallBase &CB, const Primitive &P) {
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
StringRef Instrumenter::startedBody(CallBase &CB, const Primitive &P) {
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
Instrumenter::CallerResume Instrumenter::callerResumes(CallBase &Prologue,
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

void Instrumenter::enterAndReturn(CallBase &CB, Value *From, Value *To,
                                  Value *Site, Instruction *AfterPt,
                                  bool Inline, bool HubByName) {
  DebugLoc DL = CB.getDebugLoc();
  if (Inline && Opts.InlineFastPath) {
    Value *Prev = Fast->enter(&CB, From, To, Site, HubByName, DL);
    if (AfterPt)
      Fast->ret(AfterPt, Prev, Site, DL);
    return;
  }
  IRBuilder<> Before(&CB);
  Before.SetCurrentDebugLocation(DL);
  Value *Prev = Before.CreateCall(Enter, {From, To, Site});
  if (!AfterPt)
    return;
  IRBuilder<> After(AfterPt);
  After.SetCurrentDebugLocation(DL);
  After.CreateCall(Return, {Prev, Site});
}

void Instrumenter::instrumentCreate(CallBase &CB, const Primitive &P,
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

void Instrumenter::instrumentStart(CallBase &CB, const Match &Mt,
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
  enterAndReturn(CB, Null, Null, Site, AfterPt, /*Inline=*/false,
                 /*HubByName=*/false);
  if (Entry && !Entry->isDeclaration())
    Bodies.insert({Entry, Mt.Lib});
}

void Instrumenter::instrument(CallBase &CB, const Match &Mt) {
  const Primitive &P = *Mt.Prim;
  Function &F = *CB.getFunction();
  SiteInfo Info{P.Role, siteFlags(*Mt.Lib, P), P.Name, Mt.Lib->Name, {}};
  if (P.Role == SWG_ROLE_START)
    return instrumentStart(CB, Mt, Info);
  Function *Entry =
      P.Role == SWG_ROLE_CREATE ? entryFunction(CB, P) : nullptr;
  if (Entry) {
    Info.Entry = sourceName(*Entry);
    if (!Entry->isDeclaration() && !Mt.Lib->Self.empty())
      Bodies.insert({Entry, Mt.Lib});
  }
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
  case SWG_ROLE_EXIT:
    Before.CreateCall(Enter, {Null, operand(Before, CB, P.To), Site});
    return;
  case SWG_ROLE_SWITCH: {
    // A symmetric switch may go back into the hub by its name; with
    // address handles the monitor knows the hub by its stack instead.
    Value *From = P.FromSelf ? self(Before, Mt.Lib)
                             : operand(Before, CB, P.From);
    return enterAndReturn(CB, From, operand(Before, CB, P.To), Site, AfterPt,
                          Mt.Lib->Hub != HubModel::YieldingCalls,
                          !(Info.Flags & SWG_SITE_ADDRESS_HANDLES));
  }
  case SWG_ROLE_RESUME: // into a coroutine, never into the hub
  case SWG_ROLE_YIELD:
  case SWG_ROLE_YIELDING:
    return enterAndReturn(CB, Null, operand(Before, CB, P.To), Site, AfterPt,
                          Mt.Lib->Hub != HubModel::YieldingCalls,
                          /*HubByName=*/false);
  default:
    return;
  }
}

/// Names the running coroutine at the entry of a body the library starts
/// out of our sight, and says at each of its returns that it is leaving.
void Instrumenter::beginBody(Function &F, const Profile *Lib) {
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
  B.CreateCall(Begin, {self(B, Lib), site(F, Loc, Info)});
  // Returning from the body hands control back to the library's scheduler
  // out of sight: say so, or its wait would count against the body.
  Info.Role = SWG_ROLE_EXIT;
  Value *Null = ConstantPointerNull::get(PtrTy);
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator())) {
      IRBuilder<> X(Ret);
      X.SetCurrentDebugLocation(Ret->getDebugLoc() ? Ret->getDebugLoc() : Loc);
      X.CreateCall(Enter, {Null, Null, site(F, X.getCurrentDebugLocation(),
                                            Info)});
    }
}

MapVector<Function *, Root> Instrumenter::roots(
    ArrayRef<std::pair<CallBase *, Match>> Work,
    const DenseMap<Function *, MustSwitchSpec> &Must) {
  MapVector<Function *, Root> Roots;
  for (auto &[CB, Mt] : Work)
    if (Mt.Prim->Role == SWG_ROLE_CREATE || Mt.Prim->Role == SWG_ROLE_START)
      if (Function *E = entryFunction(*CB, *Mt.Prim); E && !E->isDeclaration())
        Roots.insert({E, Root{CB, false, false}});
  for (const Profile *P : Profiles.activeProfiles())
    for (const std::string &Name : P->Bodies)
      if (Function *F = M.getFunction(Name); F && !F->isDeclaration())
        Roots.insert({F, Root{nullptr, false, true}});
  for (Function &F : M)
    if (!F.isDeclaration() && Facts.Coroutines.contains(F.getName()))
      Roots.insert({&F, Root{nullptr, false, true}});
  for (auto &[F, Spec] : Must)
    if (!F->isDeclaration())
      Roots.insert({F, Root{nullptr, true, false}});
  return Roots;
}

bool Instrumenter::run() {
  SmallVector<std::pair<CallBase *, Match>, 16> Work;
  for (Function &F : M) {
    if (F.isDeclaration() || isLibraryCode(F))
      continue;
    // A call in tail position would leave the caller's frame out of a
    // blocked stack: the coroutine body that slept would be missing.
    if (Opts.KeepFrames)
      F.addFnAttr("disable-tail-calls", "true");
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *Callee = CB ? directCallee(*CB) : nullptr;
      if (!Callee)
        continue;
      if (Match Mt = Profiles.lookup(Callee->getName(),
                                     Callee->getFunctionType()))
        Work.push_back({CB, Mt});
    }
  }
  // Warnings and guards first, from the program as written: the analysis
  // reads the primitives' calls, not the hooks put around them.
  auto Must = mustSwitchFunctions(M);
  auto Roots = roots(Work, Must);
  auto LibraryCode = [&](const Function &F) { return isLibraryCode(F); };
  bool Guarded = false;
  if (!Roots.empty() || !Profiles.activeProfiles().empty()) {
    // A file that uses a library may define the functions other files'
    // must_switch paths rely on: the summary says which always switch.
    SwitchAnalysis SA(M, Profiles, Must);
    auto Pending = runChecks(M, SA, Must, Roots, Facts, Opts, LibraryCode);
    emitSummary(M, &SA, Must, Roots, Pending, Facts, LibraryCode);
    if (Opts.Instrument)
      Guarded = insertGuards(M, Sites, SA, Must, Opts.InlineFastPath);
  } else if (Opts.Summary) {
    emitSummary(M, nullptr, Must, Roots, {}, Facts, LibraryCode);
  }
  if (!Opts.Instrument)
    return false;
  for (auto &[CB, Mt] : Work) {
    CallInst *Exit = tailExit(*CB);
    instrument(*CB, Mt);
    if (Exit) // a guard's check after the hooks: it sees the tail switch
      Exit->moveBefore(*CB->getParent(), CB->getIterator());
  }

  // Bodies the libraries run without a create call here, and the user's.
  for (const Profile *P : Profiles.activeProfiles())
    for (const std::string &Name : P->Bodies)
      if (Function *F = M.getFunction(Name); F && !F->isDeclaration())
        Bodies.insert({F, P});
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    if (Facts.Coroutines.contains(F.getName()))
      Bodies.insert({&F, nullptr});
    if (Facts.Hubs.contains(F.getName())) {
      IRBuilder<> B(&*F.getEntryBlock().getFirstNonPHIOrDbgOrAlloca());
      SiteInfo Info{SWG_ROLE_HUB, 0, "", "user", sourceName(F)};
      DebugLoc Loc;
      if (DISubprogram *SP = F.getSubprogram())
        Loc = DILocation::get(F.getContext(), SP->getScopeLine(), 0, SP);
      B.SetCurrentDebugLocation(Loc);
      B.CreateCall(Hub, {site(F, Loc, Info)});
    }
  }
  for (auto &[F, Lib] : Bodies)
    beginBody(*F, Lib);
  for (Function &F : M)
    if (!F.isDeclaration() && isLibraryCode(F))
      bracketSchedulerWaits(F);
  bool Changed = Guarded || !Work.empty() || !Bodies.empty() ||
                 !Facts.Hubs.empty() || !Facts.LibraryFunctions.empty() ||
                 Opts.KeepFrames;
  Sites.finish();
  return Changed;
}

} // namespace

PreservedAnalyses InstrumentationPass::run(Module &M,
                                           ModuleAnalysisManager &) {
  if (M.getNamedMetadata(DoneMarker))
    return PreservedAnalyses::all();
  M.getOrInsertNamedMetadata(DoneMarker);
  bool Changed = takeMayBlockMarkers(M, *Facts);
  Changed |= Instrumenter(M, *Opts, *Facts).run();
  if (Opts->Verify) {
    std::string Problems;
    raw_string_ostream OS(Problems);
    if (verifyModule(M, &OS))
      M.getContext().emitError("switchguard: instrumentation made invalid "
                               "IR: " + OS.str());
  }
  // Lines we turned on ourselves cost the optimizer ~10% on a large file;
  // site records hold their lines as constants now, so drop them.
  if (Opts->DropLocations)
    Changed |= StripDebugInfo(M);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace switchguard
