//===- SwitchguardPass.cpp - The switch-tracing pass, stage by stage ------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The pass in the order it works on a module:
//     1. take the done marker: a module is instrumented once, even when the
//        plugin is loaded twice (-fplugin and -fpass-plugin);
//     2. take the SWG_MAY_BLOCK_CALL markers (Checks.cpp);
//     3. find library code: the functions of a library's own
//        implementation compiled here (the frontend names them), which
//        are neither checked nor instrumented;
//     4. find the primitives' calls in the program's functions;
//     5. analysis: which calls and functions switch (SwitchAnalysis.cpp);
//     6. roots: the coroutine bodies and must_switch functions defined
//        here, collected once for the checks and the hooks;
//     7. checks: the compile-time warnings (Checks.cpp), must_switch
//        C++20 coroutines' among them (CxxCoroutines.cpp);
//     8. summary: the object's facts for switchguard-check (Summary.cpp);
//     9. guards: must_switch scopes (Guards.cpp);
//    10. hooks: around each primitive's call, inline fast path where it
//        can be (Hooks.cpp, FastPath.cpp), at coroutine bodies and hubs,
//        around a library's scheduler waits; at the suspends and resumes
//        of C++20 task coroutines (CxxCoroutines.cpp); then the site table;
//    11. allowances: the blocking calls step 7 accepts are accepted by the
//        run-time interceptors too (Allowances.cpp);
//    12. verify the module (-verify);
//    13. drop the source lines the plugin turned on itself.
//   Steps 5 to 9 read the program as written, before any hook is in.
//
//===----------------------------------------------------------------------===//
#include "SwitchguardPass.h"
#include "Allowances.h"
#include "Checks.h"
#include "CxxCoroutines.h"
#include "Guards.h"
#include "Hooks.h"
#include "SiteTable.h"
#include "Summary.h"
#include "SwitchAnalysis.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"

using namespace llvm;

namespace switchguard {
namespace {

/// Marks a module done, so that loading the plugin twice (-fplugin and
/// -fpass-plugin) never instruments a call twice.
constexpr StringRef DoneMarker = "switchguard.instrumented";

/// Steps 3 to 10 on one module.
class Pipeline {
public:
  Pipeline(Module &M, const PluginOptions &Opts, const FrontendFacts &Facts)
      : M(M), Opts(Opts), Facts(Facts),
        Profiles(Facts.Registry, Opts.Profiles, Facts.DeclaredIn), Sites(M),
        Hooks(M, Opts, Sites) {}

  bool run() {
    findPrimitiveCalls();
    CxxTasks = findTaskCoroutines(M, Opts, Facts);
    auto Must = mustSwitchFunctions(M);
    auto MustCoroutines = takeMustSwitchCoroutines(M, Must);
    collectRoots(Must);
    if (Opts.WarnMustSwitch)
      checkMustSwitchCoroutines(MustCoroutines, Facts);
    auto LibraryCode = [&](const Function &F) { return isLibraryCode(F); };
    bool Guarded = false;
    // A file that uses a library may define the functions other files'
    // must_switch paths rely on: its summary says which always switch.
    if (!Roots.empty() || !Profiles.activeProfiles().empty()) {
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
    insertHooks();
    bool Coroutines = hookCxxCoroutines(M, Opts, Facts, Sites, CxxTasks);
    Sites.finish();
    bool Allowed = insertAllowances(M, Facts);
    return Guarded || Allowed || Coroutines || !Work.empty() ||
           !BodiesToBegin.empty() || !Facts.Hubs.empty() ||
           !Facts.LibraryFunctions.empty() || Opts.KeepFrames;
  }

private:
  bool isLibraryCode(const Function &F) const {
    return Facts.LibraryFunctions.contains(F.getName());
  }

  /// The calls of primitives in the program's own functions, which also
  /// make no sibling calls: a call in tail position would leave the
  /// caller's frame out of a blocked stack.
  void findPrimitiveCalls() {
    for (Function &F : M) {
      if (F.isDeclaration() || isLibraryCode(F))
        continue;
      if (Opts.KeepFrames)
        F.addFnAttr("disable-tail-calls", "true");
      for (Instruction &I : instructions(F)) {
        auto *CB = dyn_cast<CallBase>(&I);
        auto *Callee =
            CB ? dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts())
               : nullptr;
        if (!Callee)
          continue;
        if (Match Mt =
                Profiles.lookup(Callee->getName(), Callee->getFunctionType()))
          Work.push_back({CB, Mt});
      }
    }
  }

  /// Coroutine bodies defined here, in order: the entries of this
  /// module's create and start calls, the bodies the active libraries
  /// run without one, the user's swg_coroutine functions, the C++20 task
  /// coroutines; then the must_switch functions. A body whose library can name
  /// the running coroutine (self()) also gets __swg_coro_begin at its entry.
  void collectRoots(const DenseMap<Function *, MustSwitchSpec> &Must) {
    auto Add = [&](Function *F, const Profile *Lib, Root R, bool Begins) {
      if (!F || F->isDeclaration())
        return;
      Roots.insert({F, R});
      if (Begins)
        BodiesToBegin.insert({F, Lib});
    };
    for (auto &[CB, Mt] : Work) {
      const Primitive &P = *Mt.Prim;
      if (P.Role == SWG_ROLE_CREATE)
        Add(entryFunction(*CB, P), Mt.Lib, Root{CB, false, false},
            !Mt.Lib->Self.empty());
      else if (P.Role == SWG_ROLE_START) // neco_start; go() names no body
        Add(entryFunction(*CB, P), Mt.Lib, Root{CB, false, false},
            P.Epilogue.empty());
    }
    for (const Profile *P : Profiles.activeProfiles())
      for (const std::string &Name : P->Bodies)
        Add(M.getFunction(Name), P, Root{nullptr, false, true}, true);
    for (Function &F : M)
      if (Facts.Coroutines.contains(F.getName()) && !F.isPresplitCoroutine())
        Add(&F, nullptr, Root{nullptr, false, true}, true);
    for (auto &[F, Name] : CxxTasks) // their hooks are their own
      Roots.insert({F, Root{nullptr, false, true}});
    // In the module's order: Must is keyed by pointer, and the order of
    // the roots decides which chain a blocking call is reported with.
    for (Function &F : M)
      if (!F.isDeclaration() && Must.contains(&F))
        Roots.insert({&F, Root{nullptr, true, false}});
  }

  void insertHooks() {
    for (auto &[CB, Mt] : Work) {
      CallInst *Exit = tailExit(*CB);
      Hooks.instrument(*CB, Mt);
      if (Exit) // a guard's check after the hooks: it sees the tail switch
        Exit->moveBefore(*CB->getParent(), CB->getIterator());
    }
    for (Function &F : M)
      if (!F.isDeclaration() && Facts.Hubs.contains(F.getName()))
        Hooks.markHub(F);
    for (auto &[F, Lib] : BodiesToBegin)
      Hooks.beginBody(*F, Lib);
    for (Function &F : M)
      if (!F.isDeclaration() && isLibraryCode(F))
        if (const Profile *Lib =
                Facts.Registry.find(Facts.LibraryFunctions.lookup(F.getName())))
          Hooks.bracketSchedulerWaits(F, *Lib);
  }

  Module &M;
  const PluginOptions &Opts;
  const FrontendFacts &Facts;
  ProfileSet Profiles;
  SiteTable Sites;
  HookInserter Hooks;
  SmallVector<std::pair<CallBase *, Match>, 16> Work;
  MapVector<Function *, Root> Roots;
  MapVector<Function *, const Profile *> BodiesToBegin;
  MapVector<Function *, std::string> CxxTasks;
};

} // namespace

PreservedAnalyses SwitchguardPass::run(Module &M, ModuleAnalysisManager &) {
  if (M.getNamedMetadata(DoneMarker))
    return PreservedAnalyses::all();
  M.getOrInsertNamedMetadata(DoneMarker);
  bool Changed = takeMayBlockMarkers(M, *Facts);
  Changed |= Pipeline(M, *Opts, *Facts).run();
  if (Opts->Verify) {
    std::string Problems;
    raw_string_ostream OS(Problems);
    if (verifyModule(M, &OS))
      M.getContext().emitError("switchguard: instrumentation made invalid "
                               "IR: " +
                               OS.str());
  }
  // Lines we turned on ourselves cost the optimizer ~10% on a large file;
  // site records hold their lines as constants now, so drop them.
  if (Opts->DropLocations)
    Changed |= StripDebugInfo(M);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace switchguard
