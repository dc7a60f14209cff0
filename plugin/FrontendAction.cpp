//===- FrontendAction.cpp - switchguard in Clang --------------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The plugin's front door in clang (switchguard-clang.so, which
//   switchguard.so loads there). One -fplugin= flag loads it; Clang then
//     - registers the attributes (ClangAttributes.cpp, on load);
//     - runs SwitchguardAction, which parses -fplugin-arg-switchguard-*
//       (PluginArgs.def), reads profile and suppressions files with errors
//       at their lines, gathers FrontendFacts while the AST is built
//       (FrontendFacts.cpp), routes the checks' warnings through clang's
//       diagnostics, and schedules the pass (SwitchguardPass.cpp) at the
//       start of the optimisation pipeline through
//       CodeGenOptions::PassBuilderCallbacks.
//
// USAGE
//   clang -fplugin=switchguard.so [-fplugin-arg-switchguard-NAME[=VALUE]] ...
//
//===----------------------------------------------------------------------===//
#include "FrontendFacts.h"
#include "Options.h"
#include "ProfileFile.h"
#include "SwitchguardPass.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Passes/PassBuilder.h"

#include <optional>

using namespace clang;
using namespace llvm;

namespace switchguard {
namespace {

class SwitchguardAction : public PluginASTAction {
public:
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &D = CI.getDiagnostics();
    for (const std::string &Arg : Args) {
      std::optional<PluginArgError> E = applyPluginArg(*Opts, Arg);
      if (!E)
        continue;
      if (E->Kind == PluginArgError::UnknownProfile)
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "unknown switchguard profile '%0' in "
                                   "-fplugin-arg-switchguard-profiles; known "
                                   "profiles: %1"))
            << E->What << knownProfiles();
      else
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "unknown switchguard plugin argument '%0' "
                                   "(-fplugin-arg-switchguard-%0); valid "
                                   "arguments: %1"))
            << E->What << validPluginArgs();
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    CodeGenOptions &CG = CI.getCodeGenOpts();
    auto Facts = std::make_shared<FrontendFacts>();
    Facts->Warn = [&CI](const DiagnosticLocation &L, const std::string &Msg) {
      warnAt(CI, L, Msg);
    };
    // A build that passes without switchguard passes with it: -Werror
    // leaves its findings warnings unless the team asks for a gate.
    CI.getDiagnostics().setDiagnosticGroupWarningAsError(WarningGroup,
                                                         Opts->Werror);
    std::vector<LoadedProfileFile> Files;
    for (const std::string &Path : Opts->ProfileFiles)
      if (auto LF = readProfileFile(CI, Path, *Facts))
        Files.push_back(std::move(*LF));
    for (const std::string &Path : Opts->SuppressionFiles)
      readSuppressionsFile(CI, Path, *Facts);
    // Site records and warnings need source lines even without -g. Location
    // tracking gives the IR its !dbg lines but emits no debug info; it is
    // costly, so only a file that may use switchguard gets it.
    if (CG.getDebugInfo() == codegenoptions::NoDebugInfo &&
        needsSourceLines(CI, *Opts, Facts->Registry)) {
      CG.setDebugInfo(codegenoptions::LocTrackingOnly);
      Opts->DropLocations = true;
    }
    CI.getPreprocessor().addPPCallbacks(
        makeMayBlockCallRanges(CI.getSourceManager(), *Facts));
    std::shared_ptr<const PluginOptions> O = Opts;
    CG.PassBuilderCallbacks.push_back([O, Facts](PassBuilder &PB) {
      PB.registerPipelineStartEPCallback(
          [O, Facts](ModulePassManager &MPM, OptimizationLevel) {
            MPM.addPass(SwitchguardPass(O, Facts));
          });
    });
    return makeFactsConsumer(CI, *Facts, std::move(Files));
  }

private:
  /// Clang's own named warning for plugins' findings.
  static constexpr const char *WarningGroup = "backend-plugin";

  static void warnAt(CompilerInstance &CI, const DiagnosticLocation &L,
                     std::string Msg) {
    SourceManager &SM = CI.getSourceManager();
    SourceLocation Loc;
    if (L.isValid()) {
      if (auto File =
              SM.getFileManager().getOptionalFileRef(L.getAbsolutePath()))
        Loc = SM.translateFileLineCol(&File->getFileEntry(), L.getLine(),
                                      std::max(L.getColumn(), 1u));
      if (Loc.isInvalid()) // a file the compiler never opened
        Msg = (L.getRelativePath() + ":" + Twine(L.getLine()) + ":" +
               Twine(L.getColumn()) + ": " + Msg)
                  .str();
    }
    CI.getDiagnostics().Report(Loc, diag::warn_fe_backend_plugin) << Msg;
  }

  /// Adds the libraries of a profile file; each mistake is an error at its
  /// line and column in the file.
  static std::optional<LoadedProfileFile>
  readProfileFile(CompilerInstance &CI, StringRef Path, FrontendFacts &Facts) {
    DiagnosticsEngine &D = CI.getDiagnostics();
    SourceManager &SM = CI.getSourceManager();
    auto File = CI.getFileManager().getFileRef(Path);
    auto Buffer = File ? SM.getMemoryBufferForFileOrNone(*File) : std::nullopt;
    if (!Buffer) {
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "cannot read switchguard profile file '%0'"))
          << Path;
      return std::nullopt;
    }
    ProfileFile PF = parseProfileFile(Buffer->getBuffer(), Facts.Registry);
    FileID FID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
    unsigned ErrorID = D.getCustomDiagID(
        DiagnosticsEngine::Error, "in switchguard profile file: %0");
    for (const ProfileFileError &E : PF.Errors)
      D.Report(SM.translateLineCol(FID, E.Line, E.Column), ErrorID)
          << E.Message;
    if (!PF.Errors.empty())
      return std::nullopt;
    for (Profile &P : PF.Libraries)
      Facts.Registry.add(std::move(P));
    Facts.Blocking.insert(Facts.Blocking.end(), PF.Blocking.begin(),
                          PF.Blocking.end());
    Facts.CxxTasks.insert(Facts.CxxTasks.end(), PF.Tasks.begin(),
                          PF.Tasks.end());
    return LoadedProfileFile{FID, std::move(PF.Places)};
  }

  /// Adds a suppressions file; each mistake is an error at its line.
  static void readSuppressionsFile(CompilerInstance &CI, StringRef Path,
                                   FrontendFacts &Facts) {
    DiagnosticsEngine &D = CI.getDiagnostics();
    SourceManager &SM = CI.getSourceManager();
    auto File = CI.getFileManager().getFileRef(Path);
    auto Buffer = File ? SM.getMemoryBufferForFileOrNone(*File) : std::nullopt;
    if (!Buffer) {
      D.Report(
          D.getCustomDiagID(DiagnosticsEngine::Error,
                            "cannot read switchguard suppressions file '%0'"))
          << Path;
      return;
    }
    FileID FID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
    unsigned ErrorID = D.getCustomDiagID(
        DiagnosticsEngine::Error, "in switchguard suppressions file: %0");
    for (const SuppressionError &E : Facts.Suppress.add(Buffer->getBuffer()))
      D.Report(SM.translateLineCol(FID, E.Line, E.Column), ErrorID)
          << E.Message;
  }

  std::shared_ptr<PluginOptions> Opts = std::make_shared<PluginOptions>();
};

} // namespace
} // namespace switchguard

static FrontendPluginRegistry::Add<switchguard::SwitchguardAction>
    Action("switchguard", "trace coroutine switches and check must_switch");
