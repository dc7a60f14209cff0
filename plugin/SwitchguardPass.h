//===- SwitchguardPass.h - The switch-tracing pass --------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   A module pass, run at the start of the pipeline (before inlining, at
//   every -O level), that checks the module, writes its summary, guards
//   its must_switch functions and puts the runtime's hooks
//   (runtime/switchguard_abi.h) around every call of a switch primitive,
//   including the calls inside `static inline` wrappers and macro
//   expansions, which later inlining would otherwise hide.
//
// USAGE
//   clang -fplugin=switchguard.so -O2 -S -emit-llvm app.c -o -
//   opt -load-pass-plugin=switchguard.so \
//       -passes='switchguard<profiles=minicoro>' -S app.ll
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_SWITCHGUARDPASS_H
#define SWITCHGUARD_SWITCHGUARDPASS_H

#include "Options.h"

#include "llvm/IR/PassManager.h"

#include <memory>

namespace switchguard {

class SwitchguardPass : public llvm::PassInfoMixin<SwitchguardPass> {
public:
  SwitchguardPass(std::shared_ptr<const PluginOptions> Opts,
                  std::shared_ptr<const FrontendFacts> Facts)
      : Opts(std::move(Opts)), Facts(std::move(Facts)) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);

  /// Runs at -O0 too: without it the program's switches go unseen.
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const PluginOptions> Opts;
  std::shared_ptr<const FrontendFacts> Facts;
};

} // namespace switchguard

#endif // SWITCHGUARD_SWITCHGUARDPASS_H
