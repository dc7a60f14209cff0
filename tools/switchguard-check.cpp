//===- switchguard-check.cpp - The static checks across files ------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The compiler warns about what one file shows; each object it compiles
//   carries a summary (section .swg_summary, plugin/SummaryFormat.cpp),
//   and the linker keeps them all in the program. This tool reads them
//   into one call graph and runs the compiler's own code on it
//   (plugin/CallGraphChecks.cpp), with the compiler's wording:
//     - a must_switch function that can return without switching, where
//       the calls on the way go into other files (the compiler left those
//       open);
//     - a blocking call reachable from a coroutine body or a must_switch
//       function through calls into other files (with --all, also the ones
//       within one file, which the compiler has reported already).
//
// USAGE
//   switchguard-check [--all] PROGRAM_OR_OBJECT...
//   Exit status: 0 nothing found, 1 warnings, 2 an input could not be read
//   or has no summary.
//
//===----------------------------------------------------------------------===//
#include "CallGraph.h"

#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

using namespace llvm;
using namespace switchguard;

namespace {

constexpr StringLiteral Section = ".swg_summary";

/// Adds the summaries in the object file \p Path to \p G. Returns false,
/// having said why on one line, if there is none to read.
bool readObject(StringRef Path, CallGraph &G) {
  auto Fail = [&](const Twine &Why) {
    errs() << "switchguard-check: " << Path << ": " << Why << "\n";
    return false;
  };
  Expected<object::OwningBinary<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(Path);
  if (!Obj)
    return Fail(toString(Obj.takeError()));
  bool Found = false;
  for (const object::SectionRef &S : Obj->getBinary()->sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name)
      return Fail(toString(Name.takeError()));
    if (*Name != Section)
      continue;
    Expected<StringRef> Text = S.getContents();
    if (!Text)
      return Fail(toString(Text.takeError()));
    if (Error E = readSummary(*Text, G))
      return Fail(toString(std::move(E)));
    Found = true;
  }
  if (!Found) {
    errs() << "switchguard-check: " << Path
           << " has no switchguard summary: compile it with the plugin, and "
              "do not strip it\n";
    return false;
  }
  return true;
}

} // namespace

int main(int Argc, char **Argv) {
  CheckScope Scope;
  Scope.AcrossUnitsOnly = true;
  std::vector<StringRef> Paths;
  for (int I = 1; I < Argc; ++I) {
    StringRef Arg = Argv[I];
    if (Arg == "--all")
      Scope.AcrossUnitsOnly = false;
    else
      Paths.push_back(Arg);
  }
  if (Paths.empty() ||
      any_of(Paths, [](StringRef P) { return P.starts_with("-"); })) {
    errs() << "usage: switchguard-check [--all] PROGRAM_OR_OBJECT...\n";
    return 2;
  }
  CallGraph G;
  for (StringRef Path : Paths)
    if (!readObject(Path, G))
      return 2;
  std::vector<Finding> Found = runGraphChecks(G, Scope);
  for (const Finding &F : Found)
    outs() << F.At.File << ":" << F.At.Line << ":" << F.At.Col
           << ": warning: " << F.Message << "\n";
  return Found.empty() ? 0 : 1;
}
