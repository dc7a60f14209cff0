//===- Checks.cpp - Compile-time warnings ---------------------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Warnings go to Clang's diagnostics through FrontendFacts::Warn, which
//   prints them as `file:line:col: warning: ... [-Wbackend-plugin]` with a
//   caret; -Werror does not make them errors unless the plugin is asked
//   to (Plugin.cpp). The plugin keeps source lines even without -g, so they
//   always point at real code.
//
//   A path of a must_switch function is only blamed when every call on it
//   is known not to switch: a path through a call to a function defined in
//   another file is returned as pending, for the object's summary, and
//   switchguard-check, which sees the whole program, decides. Indirect
//   calls are taken not to switch and not to block.
//
//   What needs the IR is here: the paths inside a must_switch function and
//   the calls that might switch in another file. The blocking check follows
//   calls, so it runs on this file's call graph (Summary.cpp builds it) in
//   CallGraphChecks.cpp, the code switchguard-check runs on a program.
//
//   A call marked SWG_MAY_BLOCK_CALL reaches the checks as IR metadata:
//   the marker itself, a __builtin_annotation, is gone before they run.
//
//===----------------------------------------------------------------------===//
#include "Checks.h"
#include "SiteTable.h"
#include "Summary.h"
#include "SwitchAnalysis.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

#include <tuple>

using namespace llvm;

namespace switchguard {
namespace {

/// The tag a marked call carries from takeMayBlockMarkers to the checks
/// and the summary.
constexpr StringLiteral MayBlockCallTag = "switchguard.may_block";

/// Is \p CI a SWG_MAY_BLOCK_CALL marker?
bool isMarker(const CallInst &CI) {
  if (CI.getIntrinsicID() != Intrinsic::annotation || CI.arg_size() < 2)
    return false;
  auto *GV = dyn_cast<GlobalVariable>(CI.getArgOperand(1)->stripPointerCasts());
  auto *Init = GV && GV->hasInitializer()
                   ? dyn_cast<ConstantDataSequential>(GV->getInitializer())
                   : nullptr;
  return Init && Init->isCString() &&
         Init->getAsCString() == MayBlockCallAnnotation;
}

/// Debug info splits a path into a directory and a name in more than one
/// way; compared whole, as the frontend records it.
std::string absolutePath(StringRef Directory, StringRef Filename) {
  SmallString<256> Path(Filename);
  if (!sys::path::is_absolute(Path)) {
    Path = Directory;
    sys::path::append(Path, Filename);
  }
  sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return Path.str().str();
}

std::string absolutePath(const DILocation &L) {
  return absolutePath(L.getDirectory(), L.getFilename());
}

/// Where the macro is written, from the marker's place (the macro's name):
/// the range the frontend recorded, or, for a copy of the macro under
/// another name, the rest of the marker's line.
FrontendFacts::Range coverage(const DILocation &Marker,
                              const FrontendFacts &Facts) {
  std::string File = absolutePath(Marker);
  for (const FrontendFacts::Range &R : Facts.MayBlockCalls)
    if (R.Line == Marker.getLine() && R.Column == Marker.getColumn() &&
        R.File == File)
      return R;
  return {File, Marker.getLine(), Marker.getColumn(), Marker.getLine(), ~0u};
}

bool covers(const FrontendFacts::Range &R, const Instruction &I,
            const DILocation &Marker) {
  const DILocation *L = I.getDebugLoc().get();
  if (!L || L->getInlinedAt() != Marker.getInlinedAt() ||
      absolutePath(*L) != R.File)
    return false;
  auto Pos = std::make_pair(L->getLine(), L->getColumn());
  return std::make_pair(R.Line, R.Column) <= Pos &&
         Pos <= std::make_pair(R.EndLine, R.EndColumn);
}

/// Functions that block the calling thread (docs/static-analysis.md).
/// Profile files add more with `blocking:`.
const StringSet<> &builtinBlocking() {
  static const StringSet<> Names = {
      // sleeping
      "sleep", "usleep", "nanosleep", "clock_nanosleep", "pause",
      "sigsuspend", "sigwait", "sigwaitinfo", "sigtimedwait",
      // waiting for descriptors
      "select", "pselect", "poll", "ppoll", "epoll_wait", "epoll_pwait",
      "epoll_pwait2",
      // blocking socket and file calls
      "read", "readv", "pread", "preadv", "write", "writev", "pwrite",
      "pwritev", "recv", "recvfrom", "recvmsg", "recvmmsg", "send", "sendto",
      "sendmsg", "sendmmsg", "accept", "accept4", "connect", "fsync",
      "fdatasync", "sync", "syncfs", "flock", "lockf", "open", "openat",
      "fopen", "fread", "fwrite", "fgets", "fgetc", "getc", "getchar",
      "getline", "getdelim", "scanf", "fscanf", "fflush", "fclose",
      // locks and waits between threads
      "pthread_mutex_lock", "pthread_mutex_timedlock", "pthread_rwlock_rdlock",
      "pthread_rwlock_wrlock", "pthread_cond_wait", "pthread_cond_timedwait",
      "pthread_cond_clockwait", "pthread_join", "pthread_barrier_wait",
      "sem_wait", "sem_timedwait", "sem_clockwait", "msgrcv", "msgsnd",
      "mq_receive", "mq_send", "mq_timedreceive", "mq_timedsend",
      // processes
      "wait", "waitpid", "waitid", "wait3", "wait4", "system", "popen",
      "pclose",
      // name lookups
      "getaddrinfo", "gethostbyname", "gethostbyname2", "gethostbyname_r",
      "gethostbyaddr", "getnameinfo", "res_query", "res_search"};
  return Names;
}

DiagnosticLocation where(const Instruction *I) {
  if (const DILocation *L = I ? I->getDebugLoc().get() : nullptr)
    return DiagnosticLocation(L);
  return {};
}

DiagnosticLocation where(const Function &F) {
  if (const DISubprogram *SP = F.getSubprogram())
    return DiagnosticLocation(SP);
  return {};
}

/// "line 7" or "file.c:7:3" when \p I is in another file than \p Near.
std::string lineOf(const Instruction *I, const Instruction *Near) {
  return lineText(placeOf(I), placeOf(Near));
}

// Clang renders a backend diagnostic with a location and caret only as a
// warning or an error, not as a note, so what a note would say (the path
// taken, the call chain) is part of the warning's own message.
/// Through Clang's diagnostics where the frontend gave a way (a named
/// warning that -Werror leaves alone); as a backend warning otherwise.
void warn(const FrontendFacts &Facts, const Function &F, const Twine &Msg,
          DiagnosticLocation Loc) {
  if (Facts.Warn)
    return Facts.Warn(Loc, Msg.str());
  F.getContext().diagnose(DiagnosticInfoUnsupported(F, Msg, Loc, DS_Warning));
}

const Function *calleeOf(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

/// Where a path reaches its return: Clang's single return block is reached
/// by a branch carrying the `return` statement's line.
const Instruction *returnStatement(const PathWithoutSwitch &P) {
  if (P.Blocks.size() >= 2) {
    const Instruction *T = P.Blocks[P.Blocks.size() - 2]->getTerminator();
    if (auto *Br = dyn_cast<BranchInst>(T);
        Br && Br->isUnconditional() && Br->getDebugLoc())
      return Br;
  }
  return P.Ret;
}

std::string choiceText(const Instruction *T, unsigned Succ,
                       const Instruction *Near) {
  std::string At = " at " + lineOf(T, Near);
  if (isa<BranchInst>(T))
    return std::string(Succ == 0 ? "true" : "false") + " branch" + At;
  if (auto *Sw = dyn_cast<SwitchInst>(T)) {
    if (Succ == 0)
      return "default case" + At;
    for (auto Case : Sw->cases())
      if (Case.getSuccessorIndex() == Succ)
        return "case " +
               std::to_string(Case.getCaseValue()->getSExtValue()) + At;
  }
  return "branch" + At;
}

/// A warning waiting to be told, with where it sorts.
struct Warning {
  std::tuple<std::string, unsigned, unsigned> Key; ///< file, line, column
  const Function *F;
  DiagnosticLocation Loc;
  std::string Message;
};

std::tuple<std::string, unsigned, unsigned> sortKey(const Instruction *I,
                                                    const Function &F) {
  if (const DILocation *L = I ? I->getDebugLoc().get() : nullptr)
    return {absolutePath(*L), L->getLine(), L->getColumn()};
  if (const DISubprogram *SP = F.getSubprogram())
    return {absolutePath(SP->getDirectory(), SP->getFilename()), SP->getLine(),
            0};
  return {"", 0, 0};
}

class Checker {
public:
  Checker(const SwitchAnalysis &SA, const FrontendFacts &Facts)
      : SA(SA), Facts(Facts) {}

  void mustSwitch(Function &F, const MustSwitchSpec &Spec);

  std::vector<PendingPath> Pending;
  std::vector<Warning> Warnings;

private:
  /// Could this call switch, as far as this file can tell?
  bool mightSwitchElsewhere(const CallBase &CB) const;
  /// A function of this file that switches on some paths at least.
  const Function *helperThatMaySwitch(const CallBase &CB) const;
  void add(const Function &F, const Instruction *At, std::string Msg) {
    Warnings.push_back(
        {sortKey(At, F), &F, At ? where(At) : where(F), std::move(Msg)});
  }

  const SwitchAnalysis &SA;
  const FrontendFacts &Facts;
};

bool Checker::mightSwitchElsewhere(const CallBase &CB) const {
  const Function *Callee = calleeOf(CB);
  if (!Callee || Callee->isIntrinsic() || !Callee->isDeclaration())
    return false;
  StringRef Name = Callee->getName();
  if (Name.starts_with("__swg_") || isBlockingFunction(Name, Facts))
    return false;
  return !Facts.SystemFunctions.contains(Name); // libc never switches
}

const Function *Checker::helperThatMaySwitch(const CallBase &CB) const {
  const Function *Callee = calleeOf(CB);
  return Callee && SA.switchesOnSomePaths(*Callee) ? Callee : nullptr;
}

void Checker::mustSwitch(Function &F, const MustSwitchSpec &Spec) {
  std::string Head = returnsWithoutSwitch(Spec.HubOnly, sourceName(F));
  bool Any = false;
  for (const Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I))
      Any |= SA.isSwitchingCall(*CB) || mightSwitchElsewhere(*CB) ||
             helperThatMaySwitch(*CB);
  if (!Any) {
    add(F, nullptr,
        (Spec.HubOnly ? "must_switch_hub" : "must_switch") +
            (" function '" + sourceName(F) +
             "' never switches: no call in it resumes, yields or runs "
             "the scheduler")
                .str());
    return;
  }
  // Two ways into one return statement (a `return` after a loop, reached
  // from before it and after it) are one warning.
  SmallPtrSet<const Instruction *, 4> Told;
  for (const PathWithoutSwitch &P : SA.pathsWithoutSwitch(F)) {
    const Instruction *At = returnStatement(P);
    if (!Told.insert(At).second)
      continue;
    PendingPath Pend{&F, At, {}};
    SmallVector<const Function *, 2> Helpers;
    for (const BasicBlock *BB : P.Blocks)
      for (const Instruction &I : *BB)
        if (auto *CB = dyn_cast<CallBase>(&I)) {
          if (mightSwitchElsewhere(*CB))
            Pend.External.push_back(calleeOf(*CB));
          else if (const Function *H = helperThatMaySwitch(*CB);
                   H && !llvm::is_contained(Helpers, H))
            Helpers.push_back(H);
        }
    if (!Pend.External.empty()) {
      Pending.push_back(std::move(Pend));
      continue;
    }
    std::string Path;
    for (auto [T, Succ] : P.Choices)
      Path += (Path.empty() ? "" : ", ") + choiceText(T, Succ, At);
    std::vector<std::pair<StringRef, SourceLoc>> Partly;
    for (const Function *H : Helpers) {
      SourceLoc L;
      if (const DISubprogram *SP = H->getSubprogram()) {
        L.File = SP->getFilename();
        L.Line = SP->getLine();
      }
      Partly.push_back({sourceName(*H), L});
    }
    add(F, At,
        Head + (Path.empty() ? "" : " (taking the " + Path + ")") +
            switchesOnSomePathsText(Partly, placeOf(At)));
  }
}

} // namespace

bool isBlockingFunction(StringRef Name, const FrontendFacts &Facts) {
  return builtinBlocking().contains(Name) ||
         llvm::is_contained(Facts.Blocking, Name);
}

bool takeMayBlockMarkers(Module &M, const FrontendFacts &Facts) {
  MapVector<Function *, SmallVector<CallInst *, 4>> Markers;
  SmallVector<Function *, 2> Decls;
  for (Function &Decl : M)
    if (Decl.getIntrinsicID() == Intrinsic::annotation) {
      Decls.push_back(&Decl);
      for (User *U : Decl.users())
        if (auto *CI = dyn_cast<CallInst>(U); CI && isMarker(*CI))
          Markers[CI->getFunction()].push_back(CI);
    }
  if (Markers.empty())
    return false;
  MDNode *Tag = MDNode::get(M.getContext(), {});
  SmallPtrSet<GlobalVariable *, 4> Strings;
  for (auto &[F, Ms] : Markers) {
    DominatorTree DT(*F);
    for (Instruction &I : instructions(*F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || isa<IntrinsicInst>(CB))
        continue;
      if (llvm::any_of(Ms, [&](CallInst *Mk) {
            const DILocation *L = Mk->getDebugLoc().get();
            return L && covers(coverage(*L, Facts), *CB, *L) &&
                   DT.dominates(Mk, CB);
          }))
        CB->setMetadata(MayBlockCallTag, Tag);
    }
    for (CallInst *Mk : Ms) {
      for (Value *Op : Mk->args())
        if (auto *GV = dyn_cast<GlobalVariable>(Op->stripPointerCasts()))
          Strings.insert(GV);
      Mk->replaceAllUsesWith(Mk->getArgOperand(0));
      Mk->eraseFromParent();
    }
  }
  // The annotation's strings, unless an annotate attribute shares them.
  for (GlobalVariable *GV : Strings)
    if (GV->use_empty() && GV->hasLocalLinkage())
      GV->eraseFromParent();
  for (Function *Decl : Decls)
    if (Decl->use_empty())
      Decl->eraseFromParent();
  return true;
}

bool isExemptCall(const CallBase &CB, const FrontendFacts &Facts) {
  if (CB.getMetadata(MayBlockCallTag))
    return true;
  const Function *Callee = calleeOf(CB);
  return Callee && !Facts.Suppress.empty() &&
         isBlockingFunction(Callee->getName(), Facts) &&
         Facts.Suppress.call(Callee->getName());
}

bool mayBlock(const Function &F, const FrontendFacts &Facts) {
  return Facts.MayBlock.contains(F.getName()) ||
         Facts.Suppress.function(Suppressions::Blocking, F);
}

std::vector<PendingPath>
runChecks(Module &M, const SwitchAnalysis &SA,
               const DenseMap<Function *, MustSwitchSpec> &Must,
               const MapVector<Function *, Root> &Roots,
               const FrontendFacts &Facts, const PluginOptions &Opts,
               function_ref<bool(const Function &)> IsLibraryCode) {
  Checker C(SA, Facts);
  // A suppressed must_switch function leaves no open path for
  // switchguard-check either.
  if (Opts.WarnMustSwitch)
    for (Function &F : M)
      if (auto It = Must.find(&F);
          It != Must.end() && !F.isDeclaration() &&
          !Facts.Suppress.function(Suppressions::MustSwitch, F))
        C.mustSwitch(F, It->second);
  // The same code as switchguard-check's, on this file alone: the open
  // paths call other files, so none can be judged here.
  if (Opts.WarnBlocking) {
    CallGraph G;
    buildCallGraph(G, M, &SA, Must, Roots, {}, Facts, IsLibraryCode);
    CheckScope Scope;
    Scope.OpenPaths = false;
    for (const Finding &Fd : runGraphChecks(G, Scope)) {
      auto *I = static_cast<const Instruction *>(Fd.At.Origin);
      C.Warnings.push_back({sortKey(I, *I->getFunction()), I->getFunction(),
                            where(I), Fd.Message});
    }
  }
  // In source order, whatever order the functions and roots came in.
  llvm::sort(C.Warnings, [](const Warning &A, const Warning &B) {
    return std::tie(A.Key, A.Message) < std::tie(B.Key, B.Message);
  });
  for (const Warning &W : C.Warnings)
    warn(Facts, *W.F, W.Message, W.Loc);
  return std::move(C.Pending);
}

} // namespace switchguard
