//===- PassPlugin.cpp - The pass under opt, without the frontend ----------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Registers the pass by name, so that opt runs it on an IR file. The
//   arguments are pass parameters with the names clang's plugin arguments
//   have (PluginArgs.def), separated by ';'; a profiles list in opt gives
//   one library per `profiles=` (opt splits a pipeline at commas).
//
//   Without the frontend there are no facts from the AST: the headers that
//   declared each callee, the library implementations compiled in, the
//   SWG_MAY_BLOCK_CALL ranges, the system functions. What opt mode knows
//   comes from the IR and the parameters: built-in profiles by name when
//   `profiles=` selects them (a library matched by signature, fcontext,
//   without), the libraries of profile files by name, must_switch and the
//   user's marks from llvm.global.annotations as clang with the plugin
//   writes them, suppressions files. Warnings are
//   backend warnings. No pipeline callback is registered: the clang
//   frontend schedules the pass itself, with its facts.
//
// USAGE
//   opt -load-pass-plugin=switchguard.so \
//       -passes='switchguard<profiles=minicoro;no-inline;verify>' -S in.ll
//
//===----------------------------------------------------------------------===//
#include "Attributes.h"
#include "Options.h"
#include "ProfileFile.h"
#include "SwitchguardPass.h"
#define SWITCHGUARD_NEEDS_PASS_PLUGIN
#include "Compat.h"

#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace switchguard {
namespace {

/// The contents of \p Path, or an error in \p M's context.
std::unique_ptr<MemoryBuffer> readFile(Module &M, StringRef Path,
                                       StringRef What) {
  auto Buffer = MemoryBuffer::getFile(Path);
  if (!Buffer) {
    M.getContext().emitError("cannot read switchguard " + What + " file '" +
                             Path + "'");
    return nullptr;
  }
  return std::move(*Buffer);
}

/// What the frontend would have found, as far as \p M and \p Opts tell.
std::shared_ptr<FrontendFacts> factsFromIR(Module &M,
                                           const PluginOptions &Opts) {
  auto Facts = std::make_shared<FrontendFacts>();
  bool Failed = false;
  auto Error = [&](StringRef Path, unsigned Line, unsigned Column,
                   StringRef What, StringRef Msg) {
    M.getContext().emitError(Path + ":" + Twine(Line) + ":" + Twine(Column) +
                             ": in switchguard " + What + " file: " + Msg);
    Failed = true;
  };
  for (const std::string &Path : Opts.ProfileFiles) {
    auto Buffer = readFile(M, Path, "profile");
    if (!Buffer)
      return nullptr;
    ProfileFile PF = parseProfileFile(Buffer->getBuffer(), Facts->Registry);
    for (const ProfileFileError &E : PF.Errors)
      Error(Path, E.Line, E.Column, "profile", E.Message);
    // No header is seen here: a file's library matches by name, as if its
    // first header had declared each primitive.
    for (Profile &P : PF.Libraries) {
      for (const Primitive &Prim : P.Primitives)
        if (!P.Headers.empty())
          Facts->DeclaredIn.try_emplace(Prim.Name, P.Headers.front());
      Facts->Registry.add(std::move(P));
    }
    Facts->Blocking.insert(Facts->Blocking.end(), PF.Blocking.begin(),
                           PF.Blocking.end());
    Facts->CxxTasks.insert(Facts->CxxTasks.end(), PF.Tasks.begin(),
                           PF.Tasks.end());
  }
  for (const std::string &Path : Opts.SuppressionFiles) {
    auto Buffer = readFile(M, Path, "suppressions");
    if (!Buffer)
      return nullptr;
    for (const SuppressionError &E : Facts->Suppress.add(Buffer->getBuffer()))
      Error(Path, E.Line, E.Column, "suppressions", E.Message);
  }
  if (Failed)
    return nullptr;
  forEachAnnotation(M, [&](Function &F, StringRef Note) {
    if (auto Mark = decodeMark(Note, F.getName()))
      recordMark(*Mark, *Facts);
  });
  return Facts;
}

/// The pass with the facts opt mode has, read from each module.
class StandalonePass : public PassInfoMixin<StandalonePass> {
public:
  explicit StandalonePass(std::shared_ptr<const PluginOptions> Opts)
      : Opts(std::move(Opts)) {}

  PreservedAnalyses run(Module &M, ModuleAnalysisManager &AM) {
    std::shared_ptr<const FrontendFacts> Facts = factsFromIR(M, *Opts);
    if (!Facts)
      return PreservedAnalyses::all();
    return SwitchguardPass(Opts, std::move(Facts)).run(M, AM);
  }

  static bool isRequired() { return true; }

private:
  std::shared_ptr<const PluginOptions> Opts;
};

constexpr StringLiteral PassName = "switchguard";

/// `switchguard` or `switchguard<NAME[=VALUE];...>`.
Expected<std::shared_ptr<PluginOptions>> parseParameters(StringRef Params) {
  auto Opts = std::make_shared<PluginOptions>();
  SmallVector<StringRef, 8> Parts;
  Params.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Part : Parts) {
    std::optional<PluginArgError> E = applyPluginArg(*Opts, Part);
    if (!E)
      continue;
    std::string Msg = E->Kind == PluginArgError::UnknownProfile
                          ? "unknown switchguard profile '" + E->What +
                                "'; known profiles: " + knownProfiles()
                          : "unknown switchguard pass parameter '" + E->What +
                                "'; valid parameters: " + validPluginArgs();
    return make_error<StringError>(Msg, inconvertibleErrorCode());
  }
  return Opts;
}

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (!PassBuilder::checkParametrizedPassName(Name, PassName))
          return false;
        auto Opts =
            PassBuilder::parsePassParameters(parseParameters, Name, PassName);
        if (!Opts) {
          errs() << "switchguard: error: " << toString(Opts.takeError())
                 << "\n";
          return false;
        }
        MPM.addPass(StandalonePass(std::move(*Opts)));
        return true;
      });
}

} // namespace
} // namespace switchguard

extern "C" LLVM_ATTRIBUTE_WEAK llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "switchguard", LLVM_VERSION_STRING,
          switchguard::registerCallbacks};
}
