//===- SourceLines.cpp - Does this file need source lines? ----------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Without -g, the pass has source lines only if clang tracks locations,
//   and clang decides that once, before it parses the first line; tracking
//   them costs a large file about a third of its -O0 compile. So, before
//   parsing, the frontend action asks needsSourceLines: could this
//   translation unit hold anything the pass gives a line to (a library's
//   call, a must_switch function, a marked function)? It reads the main
//   file and the headers it includes, transitively, without preprocessing:
//   a file that names a library's header, switchguard.h or a switchguard
//   attribute, or declares a library's primitive itself, says yes. Every
//   branch of every #if counts, so the answer errs towards yes; a file
//   that says no pays nothing for lines, and its summary's calls have
//   none.
//
//===----------------------------------------------------------------------===//
#include "FrontendFacts.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace clang;
using namespace llvm;

namespace switchguard {
namespace {

/// Words that only switchguard's own code and annotations contain: the
/// header's name, its macros (SWG_*), the attributes' spellings (swg_yield,
/// [[swg::hub]], must_switch) and their annotation strings (swg-...).
constexpr StringRef OwnWords[] = {"switchguard", "swg", "SWG", "must_switch"};

class IncludeScan {
public:
  IncludeScan(CompilerInstance &CI, const ProfileRegistry &Registry)
      : FM(CI.getFileManager()), SM(CI.getSourceManager()),
        HS(CI.getPreprocessor().getHeaderSearchInfo()), Registry(Registry) {
    Words.assign(std::begin(OwnWords), std::end(OwnWords));
    // Libraries matched by signature are declared by the program itself.
    for (const auto &P : Registry.profiles())
      if (P->BySignature)
        for (const Primitive &Prim : P->Primitives)
          Words.push_back(Prim.Name);
    for (StringRef W : Words)
      if (!W.empty())
        addWord(W);
    for (const auto &M : CI.getPreprocessorOpts().Macros) {
      if (M.second) // -U
        continue;
      StringRef Def = M.first;
      CommandLineMacros.insert(Def.substr(0, Def.find_first_of("=(")));
      DefinesSwitchguard |= mentionsSwitchguard(Def);
    }
  }

  /// A -D macro spells an attribute or a primitive (-DMS=...must_switch).
  bool DefinesSwitchguard = false;

  /// Scans \p File and what it includes; true as soon as one says yes.
  /// A system header is read for its includes only: it does not use
  /// switchguard, and its words would be read for nothing.
  bool scan(FileEntryRef File, bool System) {
    if (!Seen.insert(&File.getFileEntry()).second)
      return false;
    // Through the source manager, which keeps the text for the parser.
    auto Buffer = SM.getMemoryBufferForFileOrNone(File);
    if (!Buffer)
      return false;
    StringRef Text = Buffer->getBuffer();
    if (!System && mentionsSwitchguard(Text))
      return true;
    // Directives: a '#' with nothing but blanks before it on its line.
    return eachOf(Text, '#', [&](size_t At) {
      size_t Start = At;
      while (Start > 0 && (Text[Start - 1] == ' ' || Text[Start - 1] == '\t'))
        --Start;
      if (Start > 0 && Text[Start - 1] != '\n')
        return false;
      StringRef L = Text.substr(At + 1);
      L = L.take_front(L.find('\n')).ltrim(" \t");
      if (!L.consume_front("include_next") && !L.consume_front("include") &&
          !L.consume_front("import"))
        return false;
      return includes(File, System, L.trim(" \t\r"));
    });
  }

  /// A file -include names, as the preprocessor finds it.
  bool scanForcedInclude(StringRef Name) {
    if (isLibraryHeader(Name, /*Exact=*/false))
      return true;
    if (auto File = FM.getOptionalFileRef(Name))
      return scan(*File, /*System=*/false);
    auto [File, System] = lookup(Name, /*Angled=*/false, std::nullopt);
    return File && scan(*File, System);
  }

private:
  /// Is \p Name, as an #include writes it, a library's header? Written in
  /// a system header, only the very name counts: glibc's <signal.h>
  /// includes <sys/ucontext.h>, which is not ucontext's <ucontext.h>.
  bool isLibraryHeader(StringRef Name, bool Exact) const {
    if (sys::path::filename(Name) == "switchguard.h")
      return true;
    for (const auto &P : Registry.profiles())
      if (Exact ? is_contained(P->Headers, Name) : profileOwnsHeader(*P, Name))
        return true;
    return false;
  }

  /// Runs \p F on the offset of each \p C in \p Text (memchr skips the
  /// rest quickly), until it returns true.
  template <typename Fn> static bool eachOf(StringRef Text, char C, Fn F) {
    const char *Begin = Text.data(), *End = Begin + Text.size();
    for (const char *P = Begin;
         (P = static_cast<const char *>(memchr(P, C, End - P))); ++P)
      if (F(P - Begin))
        return true;
    return false;
  }

  /// Words are found from their rarest letter in C text, one memchr pass
  /// per letter: a 9 MB file is read in a few million instructions.
  void addWord(StringRef W) {
    constexpr StringRef Rare = "XxZzQqJjKkWwVvYyBbGgPpFf";
    size_t At = 0;
    for (char C : Rare)
      if (size_t I = W.find(C); I != StringRef::npos) {
        At = I;
        break;
      }
    auto It = find_if(Anchors, [&](const Anchor &A) { return A.C == W[At]; });
    if (It == Anchors.end())
      It = Anchors.insert(Anchors.end(), Anchor{W[At], {}});
    It->Words.push_back({W, At});
  }

  bool mentionsSwitchguard(StringRef Text) const {
    for (const Anchor &A : Anchors)
      if (eachOf(Text, A.C, [&](size_t At) {
            return any_of(A.Words, [&](const std::pair<StringRef, size_t> &W) {
              return At >= W.second &&
                     Text.substr(At - W.second).starts_with(W.first);
            });
          }))
        return true;
    return false;
  }

  /// One #include's operand \p Operand, written in \p Includer.
  bool includes(FileEntryRef Includer, bool InSystem, StringRef Operand) {
    bool Angled = Operand.starts_with("<");
    if (!Angled && !Operand.starts_with("\"")) {
      // #include MACRO: only a macro the command line defines can name a
      // header here; whatever it names, count it.
      SmallVector<StringRef, 4> Parts;
      SplitString(Operand, Parts, " \t()");
      return any_of(Parts,
                    [&](StringRef P) { return CommandLineMacros.contains(P); });
    }
    size_t End = Operand.find(Angled ? '>' : '"', 1);
    if (End == StringRef::npos)
      return false;
    StringRef Name = Operand.slice(1, End);
    if (isLibraryHeader(Name, /*Exact=*/InSystem))
      return true;
    auto [File, System] = lookup(Name, Angled, Includer);
    return File && scan(*File, System);
  }

  /// Finds \p Name as the preprocessor would (from \p Includer's directory
  /// first, for a quoted name), and whether it is a system header; a
  /// header that is not found says nothing (the compiler will say more).
  std::pair<OptionalFileEntryRef, bool>
  lookup(StringRef Name, bool Angled, std::optional<FileEntryRef> Includer) {
    SmallVector<std::pair<OptionalFileEntryRef, DirectoryEntryRef>, 1>
        Includers;
    if (Includer) {
      // The preprocessor has not entered the main file yet; the search
      // reads its includer's kind (user or system) from this.
      HS.getFileInfo(*Includer);
      Includers.push_back({*Includer, Includer->getDir()});
    }
    SmallString<128> SearchPath, RelativePath;
    ModuleMap::KnownHeader Module;
    bool IsMapped = false, IsFramework = false;
    OptionalFileEntryRef File = HS.LookupFile(
        Name, SourceLocation(), Angled, nullptr, nullptr, Includers,
        &SearchPath, &RelativePath, nullptr, &Module, &IsMapped, &IsFramework,
        /*SkipCache=*/true, /*BuildSystemModule=*/false, /*OpenFile=*/false,
        /*CacheFailures=*/false);
    if (!File)
      return {std::nullopt, false};
    // The search recorded whether it found a system header.
    return {File, HS.getFileInfo(*File).DirInfo != SrcMgr::C_User};
  }

  FileManager &FM;
  SourceManager &SM;
  HeaderSearch &HS;
  const ProfileRegistry &Registry;
  std::vector<StringRef> Words;
  /// The words to look for, by the letter each is found from, and where
  /// that letter is in the word.
  struct Anchor {
    char C;
    SmallVector<std::pair<StringRef, size_t>, 4> Words;
  };
  SmallVector<Anchor, 4> Anchors;
  StringSet<> CommandLineMacros;
  DenseSet<const FileEntry *> Seen;
};

} // namespace

bool needsSourceLines(CompilerInstance &CI, const PluginOptions &Opts,
                      const ProfileRegistry &Registry) {
  // Libraries matched by name alone, or a precompiled header whose
  // contents cannot be read here: lines, as before.
  if (!Opts.Profiles.empty() ||
      !CI.getPreprocessorOpts().ImplicitPCHInclude.empty())
    return true;
  const FrontendInputFile &Input = CI.getFrontendOpts().Inputs.front();
  if (!Input.isFile() || Input.getFile() == "-")
    return true;
  auto Main = CI.getFileManager().getOptionalFileRef(Input.getFile());
  if (!Main)
    return true;
  IncludeScan Scan(CI, Registry);
  if (Scan.DefinesSwitchguard || Scan.scan(*Main, /*System=*/false))
    return true;
  for (const std::string &Name : CI.getPreprocessorOpts().Includes)
    if (Scan.scanForcedInclude(Name))
      return true;
  return false;
}

} // namespace switchguard
