//===- CxxCoroutines.cpp - Hooks in C++20 coroutines ----------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Which coroutines count and the hooks CxxCoroutines.h lists. One slot per
//   coroutine, an alloca (CoroSplit keeps it in the frame where it must
//   outlive a suspend), holds the context that resumed it while it runs,
//   and the frame's own address (which no resumer can be) while it is
//   suspended: so the paths that may run in either state (an exception
//   leaving the body, a destroy from outside) leave only if it is running.
//   The switches themselves are the inline fast path of the C libraries
//   (FastPath.cpp).
//
//===----------------------------------------------------------------------===//
#include "CxxCoroutines.h"
#include "FastPath.h"
#include "RuntimeHooks.h"
#include "SiteTable.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <cstdlib>
#include <optional>

using namespace llvm;

namespace switchguard {
namespace {

/// Coroutines defined in these namespaces are a library's own (asio's
/// co_spawn entry points, std::generator): their code is not the user's.
constexpr StringRef LibraryNamespaces[] = {
    "std::", "asio::", "boost::", "folly::", "cppcoro::", "unifex::"};

/// The promise types of the task types of the event-loop libraries.
constexpr StringRef TaskPromises[] = {
    "asio::detail::awaitable_frame",        // asio::awaitable
    "boost::asio::detail::awaitable_frame", // boost::asio::awaitable
    "folly::coro::detail::TaskPromise",     // folly::coro::Task
    "cppcoro::detail::task_promise",        // cppcoro::task
    "cppcoro::detail::shared_task_promise", // cppcoro::shared_task
    "unifex::_task::_promise",              // unifex::task
};

/// Where a system's libraries keep their headers.
constexpr StringRef SystemDirs[] = {"/usr/include/", "/usr/local/include/"};

IntrinsicInst *asIntrinsic(Value *V, Intrinsic::ID ID) {
  auto *II = dyn_cast<IntrinsicInst>(V);
  return II && II->getIntrinsicID() == ID ? II : nullptr;
}

/// "demo::task<int>::promise_type" from the IR's "struct.demo::task<int>::
/// promise_type.12".
StringRef sourceTypeName(StringRef IRName) {
  for (StringRef Kind : {"struct.", "class.", "union."})
    if (IRName.consume_front(Kind))
      break;
  size_t Dot = IRName.rfind('.');
  if (Dot != StringRef::npos && Dot + 1 < IRName.size() &&
      IRName.drop_front(Dot + 1).find_first_not_of("0123456789") ==
          StringRef::npos)
    IRName = IRName.take_front(Dot);
  return IRName;
}

/// \p Type is \p Name or a member or instance of it: "task" names
/// "task::promise_type" and "task<int>::promise_type".
bool names(StringRef Type, StringRef Name) {
  if (!Type.consume_front(Name))
    return false;
  return Type.empty() || Type.starts_with("<") || Type.starts_with("::");
}

StringRef promiseType(const Function &F) {
  for (const Instruction &I : instructions(F))
    if (auto *Id = dyn_cast<IntrinsicInst>(&I);
        Id && Id->getIntrinsicID() == Intrinsic::coro_id)
      if (auto *A =
              dyn_cast<AllocaInst>(Id->getArgOperand(1)->stripPointerCasts()))
        if (auto *ST = dyn_cast<StructType>(A->getAllocatedType()))
          if (ST->hasName())
            return sourceTypeName(ST->getName());
  return {};
}

bool definedInSystemHeader(const Function &F) {
  const DISubprogram *SP = F.getSubprogram();
  if (!SP)
    return false;
  std::string Path = SP->getFilename().str();
  if (!Path.empty() && Path[0] != '/')
    Path = (SP->getDirectory() + "/" + Path).str();
  for (StringRef Dir : SystemDirs)
    if (StringRef(Path).starts_with(Dir))
      return true;
  return false;
}

/// "co_await", "co_yield", "initial_suspend" or "final_suspend": what a
/// suspend is, from the await_suspend wrapper clang made for it.
StringRef suspendKind(const IntrinsicInst &Save) {
  for (const Instruction *I = Save.getNextNode(); I; I = I->getNextNode()) {
    auto *CB = dyn_cast<CallBase>(I);
    if (!CB)
      continue;
    if (auto *II = dyn_cast<IntrinsicInst>(CB);
        II && II->getIntrinsicID() == Intrinsic::coro_suspend)
      break;
    if (Function *W = awaitSuspendWrapper(*CB)) {
      StringRef Kind = W->getName().rsplit("__await_suspend_wrapper__").second;
      if (Kind == "init")
        return "initial_suspend";
      if (Kind == "final")
        return "final_suspend";
      if (Kind == "yield")
        return "co_yield";
      break;
    }
  }
  return "co_await";
}

/// What the pass needs of a presplit coroutine, as clang made it.
struct Shape {
  struct Suspend {
    IntrinsicInst *Save;
    StringRef Kind;
    BasicBlock *Resume; ///< the coro.suspend switch's case 0, or null
  };
  IntrinsicInst *Begin = nullptr;
  SmallVector<Suspend, 8> Suspends;
  SmallVector<IntrinsicInst *, 2> Frees, UnwindEnds;
  SetVector<BasicBlock *> Pads; ///< where a throwing await_suspend lands
};

/// The shape of \p F, or nothing if it is not one coroutine.
std::optional<Shape> shapeOf(Function &F) {
  Shape S;
  for (Instruction &I : instructions(F)) {
    if (auto *Inv = dyn_cast<InvokeInst>(&I); Inv && awaitSuspendWrapper(*Inv))
      S.Pads.insert(Inv->getUnwindDest());
    auto *II = dyn_cast<IntrinsicInst>(&I);
    if (!II)
      continue;
    switch (II->getIntrinsicID()) {
    case Intrinsic::coro_begin:
      if (S.Begin)
        return std::nullopt;
      S.Begin = II;
      break;
    case Intrinsic::coro_free:
      S.Frees.push_back(II);
      break;
    case Intrinsic::coro_end:
      if (auto *Unwind = dyn_cast<ConstantInt>(II->getArgOperand(1));
          Unwind && Unwind->isOne())
        S.UnwindEnds.push_back(II);
      break;
    case Intrinsic::coro_suspend:
      if (IntrinsicInst *Save =
              asIntrinsic(II->getArgOperand(0), Intrinsic::coro_save)) {
        BasicBlock *Resume = nullptr;
        for (User *U : II->users())
          if (auto *SW = dyn_cast<SwitchInst>(U))
            for (auto Case : SW->cases())
              if (Case.getCaseValue()->isZero())
                Resume = Case.getCaseSuccessor();
        S.Suspends.push_back({Save, suspendKind(*Save), Resume});
      }
      break;
    default:
      break;
    }
  }
  if (!S.Begin)
    return std::nullopt;
  return S;
}

/// The hooks of one module's coroutines.
class CoroutineHooks {
public:
  CoroutineHooks(Module &M, const PluginOptions &Opts, SiteTable &Sites)
      : M(M), Opts(Opts), Sites(Sites), Fast(M),
        PtrTy(PointerType::getUnqual(M.getContext())) {}

  bool instrument(Function &F, StringRef Name);
  void announce(CallBase &CB, Function &Coro, StringRef Name);

private:
  GlobalVariable *site(const Function &F, const DebugLoc &Loc, swg_role Role,
                       StringRef Primitive, StringRef Entry = {}) {
    return Sites.add(F, Loc, {Role, 0, Primitive, CxxProfileName, Entry});
  }
  /// The switch into the coroutine before \p At; stores what it left.
  void enter(Instruction *At, Value *Site);
  /// The switch back out before \p At; marks the coroutine suspended.
  void leave(Instruction *At, Value *Site);
  /// leave(), only if the coroutine is running.
  void leaveIfRunning(Instruction *At, Value *Site);
  Instruction *ifSlotIs(Instruction *At, bool Running);

  Module &M;
  const PluginOptions &Opts;
  SiteTable &Sites;
  FastPath Fast;
  PointerType *PtrTy;
  // Per coroutine.
  Value *Frame = nullptr;
  AllocaInst *Slot = nullptr;
};

void CoroutineHooks::enter(Instruction *At, Value *Site) {
  DebugLoc DL = At->getDebugLoc();
  Value *Null = ConstantPointerNull::get(PtrTy);
  Value *Prev;
  if (Opts.InlineFastPath) {
    Prev = Fast.enter(At,
                      {Null, nullptr, Frame, Site, /*HubByName=*/false,
                       /*LearnHub=*/false, /*NameNative=*/false},
                      DL);
  } else {
    IRBuilder<> B(At);
    Prev = B.CreateCall(runtimeHook(M, RuntimeHook::SwitchEnter),
                        {Null, Frame, Site});
  }
  IRBuilder<>(At).CreateStore(Prev, Slot);
}

void CoroutineHooks::leave(Instruction *At, Value *Site) {
  IRBuilder<> B(At);
  Value *Prev = B.CreateLoad(PtrTy, Slot, "swg.coro.resumer");
  B.CreateStore(Frame, Slot);
  if (Opts.InlineFastPath)
    return Fast.ret(At, Prev, Site, At->getDebugLoc());
  B.CreateCall(runtimeHook(M, RuntimeHook::SwitchReturn), {Prev, Site});
}

/// A block, before \p At, entered only if the coroutine is (or is not)
/// running; returns its terminator.
Instruction *CoroutineHooks::ifSlotIs(Instruction *At, bool Running) {
  IRBuilder<> B(At);
  Value *Suspended = B.CreateICmpEQ(B.CreateLoad(PtrTy, Slot), Frame);
  Value *Cond = Running ? B.CreateNot(Suspended) : Suspended;
  return SplitBlockAndInsertIfThen(Cond, At->getIterator(), false);
}

void CoroutineHooks::leaveIfRunning(Instruction *At, Value *Site) {
  leave(ifSlotIs(At, true), Site);
}

bool CoroutineHooks::instrument(Function &F, StringRef Name) {
  std::optional<Shape> Sh = shapeOf(F);
  if (!Sh)
    return false;
  IntrinsicInst *Begin = Sh->Begin;
  // The resume edges first, while the blocks are as clang made them: each
  // edge into the suspend's resume block (the switch's case 0) from a block
  // the save dominates, which includes await_suspend returning false.
  DominatorTree DT(F);
  SmallVector<SmallVector<Instruction *, 2>, 8> Resumes;
  for (Shape::Suspend &S : Sh->Suspends) {
    Resumes.emplace_back();
    if (!S.Resume)
      continue;
    SmallSetVector<BasicBlock *, 4> From;
    for (BasicBlock *P : predecessors(S.Resume))
      if (DT.dominates(S.Save->getParent(), P))
        From.insert(P);
    for (BasicBlock *P : From)
      Resumes.back().push_back(SplitEdge(P, S.Resume)->getTerminator());
  }

  Frame = Begin;
  IRBuilder<> Entry(&*F.getEntryBlock().getFirstInsertionPt());
  Slot = Entry.CreateAlloca(PtrTy, nullptr, "swg.coro.slot");

  // The coroutine starts: registered by its first context (the creating
  // call's site, when that call announced it), then entered.
  DebugLoc DefLoc;
  if (DISubprogram *SP = F.getSubprogram())
    DefLoc = DILocation::get(F.getContext(), SP->getScopeLine(), 0, SP);
  {
    IRBuilder<> B(Begin->getNextNode());
    B.SetCurrentDebugLocation(DefLoc);
    Value *T = B.CreateThreadLocalAddress(threadState(M));
    LoadInst *Prev = B.CreateAlignedLoad(
        PtrTy,
        B.CreateConstInBoundsGEP1_32(B.getInt8Ty(), T, SWG_THREAD_CURRENT),
        Align(8), "swg.coro.creator");
    Prev->setAtomic(AtomicOrdering::Monotonic);
    B.CreateCall(runtimeHook(M, RuntimeHook::CoroBegin),
                 {Frame, site(F, DefLoc, SWG_ROLE_BEGIN, "coroutine", Name)});
    B.CreateStore(Prev, Slot);
  }
  for (auto [S, At] : zip(Sh->Suspends, Resumes)) {
    DebugLoc DL = S.Save->getDebugLoc() ? S.Save->getDebugLoc() : DefLoc;
    leave(S.Save, site(F, DL, SWG_ROLE_YIELD, S.Kind));
    for (Instruction *I : At)
      enter(I, site(F, DL, SWG_ROLE_RESUME, S.Kind));
  }
  // await_suspend threw after the coroutine left: it runs on, in its
  // handler, as itself.
  for (BasicBlock *Pad : Sh->Pads) {
    Instruction *At = &*Pad->getFirstInsertionPt();
    enter(ifSlotIs(At, false),
          site(F, At->getDebugLoc(), SWG_ROLE_RESUME, "await_suspend"));
  }
  for (IntrinsicInst *End : Sh->UnwindEnds)
    leaveIfRunning(
        End, site(F, End->getDebugLoc(), SWG_ROLE_EXIT, "unhandled_exception"));
  for (IntrinsicInst *Free : Sh->Frees) {
    GlobalVariable *Site =
        site(F, Free->getDebugLoc(), SWG_ROLE_DESTROY, "coroutine_destroy");
    leaveIfRunning(Free, Site);
    IRBuilder<> B(Free);
    B.CreateCall(runtimeHook(M, RuntimeHook::Destroy), {Frame, Site});
  }
  return true;
}

/// The call that creates a coroutine names its spawn site: __swg_spawn
/// with no handle yet, taken up by the coroutine's __swg_coro_begin.
void CoroutineHooks::announce(CallBase &CB, Function &Coro, StringRef Name) {
  IRBuilder<> B(&CB);
  B.SetCurrentDebugLocation(CB.getDebugLoc());
  Value *Null = ConstantPointerNull::get(PtrTy);
  Type *IntPtr = M.getDataLayout().getIntPtrType(M.getContext());
  B.CreateCall(
      runtimeHook(M, RuntimeHook::Spawn),
      {Null, &Coro, Null, Null, ConstantInt::get(IntPtr, 0),
       site(*CB.getFunction(), CB.getDebugLoc(), SWG_ROLE_CREATE, Name, Name)});
}

} // namespace

CoroKind classifyCoroutine(const Function &F, ArrayRef<std::string> UserTasks) {
  std::string Name = coroutineName(F);
  for (StringRef NS : LibraryNamespaces)
    if (StringRef(Name).starts_with(NS))
      return CoroKind::Library;
  if (definedInSystemHeader(F))
    return CoroKind::Library;
  StringRef Promise = promiseType(F);
  for (const std::string &T : UserTasks)
    if (names(Promise, T))
      return CoroKind::Task;
  for (StringRef T : TaskPromises)
    if (names(Promise, T))
      return CoroKind::Task;
  if (Promise.contains_insensitive("generator"))
    return CoroKind::Generator;
  return CoroKind::Unknown;
}

std::string coroutineName(const Function &F) {
  std::string Mangled = F.getName().str();
  ItaniumPartialDemangler D;
  if (D.partialDemangle(Mangled.c_str()) || !D.isFunction())
    return Mangled;
  size_t N = 0;
  char *Context = D.getFunctionDeclContextName(nullptr, &N);
  N = 0;
  char *Base = D.getFunctionBaseName(nullptr, &N);
  std::string Name;
  if (Context && *Context)
    Name = std::string(Context) + "::";
  Name += Base ? Base : Mangled.c_str();
  std::free(Context);
  std::free(Base);
  return Name;
}

MapVector<Function *, std::string>
findTaskCoroutines(Module &M, const PluginOptions &Opts,
                   const FrontendFacts &Facts) {
  MapVector<Function *, std::string> Tasks;
  if (!Opts.Profiles.empty() &&
      !llvm::is_contained(Opts.Profiles, CxxProfileName))
    return Tasks;
  // SWG_COROUTINE on a coroutine makes it a task, whatever its type. The
  // frontend knows marks by source name; the annotations name the function.
  SmallPtrSet<const Function *, 4> Marked;
  forEachAnnotation(M, [&](Function &F, StringRef A) {
    if (auto Mark = decodeMark(A, F.getName());
        Mark && Mark->K == UserMark::Coroutine)
      Marked.insert(&F);
  });
  for (Function &F : M) {
    if (!F.isPresplitCoroutine() || F.isDeclaration() ||
        Facts.LibraryFunctions.contains(F.getName()))
      continue;
    CoroKind K = classifyCoroutine(F, Facts.CxxTasks);
    if (K == CoroKind::Task || (K != CoroKind::Library && Marked.contains(&F)))
      Tasks.insert({&F, coroutineName(F)});
  }
  return Tasks;
}

bool hookCxxCoroutines(Module &M, const PluginOptions &Opts,
                       const FrontendFacts &Facts, SiteTable &Sites,
                       const MapVector<Function *, std::string> &Tasks) {
  if (Tasks.empty())
    return false;
  CoroutineHooks Hooks(M, Opts, Sites);
  SmallVector<std::pair<CallBase *, Function *>, 16> Creations;
  for (Function &F : M) {
    if (F.isDeclaration() || Facts.LibraryFunctions.contains(F.getName()))
      continue;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *Callee = CB->getCalledFunction();
            Callee && Tasks.contains(Callee))
          Creations.push_back({CB, Callee});
  }
  for (auto &[CB, Coro] : Creations)
    Hooks.announce(*CB, *Coro, Tasks.lookup(Coro));
  bool Changed = !Creations.empty();
  for (auto &[F, Name] : Tasks)
    Changed |= Hooks.instrument(*F, Name);
  return Changed;
}

SmallVector<Function *, 4>
takeMustSwitchCoroutines(Module &M,
                         DenseMap<Function *, MustSwitchSpec> &Must) {
  SmallVector<Function *, 4> Coros;
  for (Function &F : M)
    if (F.isPresplitCoroutine() && Must.erase(&F))
      Coros.push_back(&F);
  return Coros;
}

/// A path from the start to the final suspend that passes no co_await or
/// co_yield (neither the suspend's own block nor the block its await_ready
/// returning true leads to), unwinding aside: the final suspend it reaches.
static const Shape::Suspend *unswitchedEnd(const Shape &S) {
  SmallPtrSet<const BasicBlock *, 16> Switch;
  SmallDenseMap<const BasicBlock *, const Shape::Suspend *> Final;
  for (const Shape::Suspend &X : S.Suspends) {
    bool IsFinal = X.Kind == "final_suspend";
    if (X.Kind == "initial_suspend")
      continue;
    for (BasicBlock *B : {X.Save->getParent(), X.Resume})
      if (B) {
        if (IsFinal)
          Final.try_emplace(B, &X);
        else
          Switch.insert(B);
      }
  }
  SmallPtrSet<const BasicBlock *, 32> Seen;
  SmallVector<const BasicBlock *, 32> Work{S.Begin->getParent()};
  while (!Work.empty()) {
    const BasicBlock *B = Work.pop_back_val();
    if (!Seen.insert(B).second || Switch.contains(B))
      continue;
    if (auto It = Final.find(B); It != Final.end())
      return It->second;
    const Instruction *T = B->getTerminator();
    for (unsigned I = 0, E = T->getNumSuccessors(); I != E; ++I)
      if (!isa<InvokeInst>(T) || I == 0) // not the unwind edge
        Work.push_back(T->getSuccessor(I));
  }
  return nullptr;
}

void checkMustSwitchCoroutines(ArrayRef<Function *> Coros,
                               const FrontendFacts &Facts) {
  for (Function *F : Coros) {
    std::optional<Shape> S = shapeOf(*F);
    const Shape::Suspend *End = S ? unswitchedEnd(*S) : nullptr;
    if (!End)
      continue;
    std::string Msg = "must_switch coroutine '" + coroutineName(*F) +
                      "' can reach its final suspend without suspending at "
                      "a co_await or co_yield";
    DiagnosticLocation Loc(End->Save->getDebugLoc());
    if (Facts.Warn)
      Facts.Warn(Loc, Msg);
    else
      F->getContext().diagnose(
          DiagnosticInfoUnsupported(*F, Msg, Loc, DS_Warning));
  }
}

Function *awaitSuspendWrapper(const CallBase &CB) {
  Function *Callee = CB.getCalledFunction();
  if (!Callee)
    return nullptr;
  switch (Callee->getIntrinsicID()) {
  case Intrinsic::coro_await_suspend_void:
  case Intrinsic::coro_await_suspend_bool:
  case Intrinsic::coro_await_suspend_handle:
    return dyn_cast<Function>(CB.getArgOperand(2)->stripPointerCasts());
  default:
    return nullptr;
  }
}

} // namespace switchguard
