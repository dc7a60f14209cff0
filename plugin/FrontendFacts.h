//===- FrontendFacts.h - What the frontend learns for the pass --*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The Clang side's collectors of FrontendFacts (Options.h): an AST
//   consumer that notes which header declared each primitive, the user's
//   marks, and which functions are a library's own implementation; and a
//   preprocessor callback that records where SWG_MAY_BLOCK_CALL(...) is
//   written. Both run while clang parses, before code generation.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_FRONTENDFACTS_H
#define SWITCHGUARD_FRONTENDFACTS_H

#include "Options.h"
#include "ProfileFile.h"

#include "clang/Basic/SourceLocation.h"

#include <memory>
#include <vector>

namespace clang {
class ASTConsumer;
class CompilerInstance;
class PPCallbacks;
class SourceManager;
} // namespace clang

namespace switchguard {

/// A profile file as the compiler loaded it: where its names are written.
struct LoadedProfileFile {
  clang::FileID File;
  std::vector<NamePlaces> Places;
};

/// Fills \p Facts from the translation unit; checks the names and
/// parameters \p Files give against the libraries' declarations.
std::unique_ptr<clang::ASTConsumer>
makeFactsConsumer(clang::CompilerInstance &CI, FrontendFacts &Facts,
                  std::vector<LoadedProfileFile> Files);

/// Could the translation unit hold anything the pass gives a source line
/// to? Asked before parsing, from the files it includes (SourceLines.cpp).
bool needsSourceLines(clang::CompilerInstance &CI, const PluginOptions &Opts,
                      const ProfileRegistry &Registry);

/// Records each SWG_MAY_BLOCK_CALL(...)'s range in \p Facts.
std::unique_ptr<clang::PPCallbacks>
makeMayBlockCallRanges(const clang::SourceManager &SM, FrontendFacts &Facts);

} // namespace switchguard

#endif // SWITCHGUARD_FRONTENDFACTS_H
