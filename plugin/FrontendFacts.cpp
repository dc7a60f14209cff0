//===- FrontendFacts.cpp - What the frontend learns for the pass ----------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
#include "FrontendFacts.h"
#include "Attributes.h"
#include "Profiles.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Mangle.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Path.h"

#include <optional>

using namespace clang;
using namespace llvm;

namespace switchguard {
namespace {

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(CompilerInstance &CI, FrontendFacts &Facts,
                std::vector<LoadedProfileFile> Files)
      : CI(CI), SM(CI.getSourceManager()), Facts(Facts),
        Files(std::move(Files)) {
    for (const LoadedProfileFile &LF : this->Files)
      for (const NamePlaces &NP : LF.Places)
        PlacesOf[NP.Name].push_back({LF.File, &NP});
  }

  void Initialize(ASTContext &Context) override {
    Ctx = &Context;
    Names.emplace(Context);
  }

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    for (Decl *D : DG)
      visit(D);
    return true;
  }

  /// Runs before code generation's own: the pass sees the final sets.
  void HandleTranslationUnit(ASTContext &) override {
    for (auto &[File, Lib] : Implements)
      for (const std::string &Name : Defined[File])
        Facts.LibraryFunctions[Name] = Lib->Name;
    reportUndeclared();
  }

private:
  void visit(Decl *D) {
    if (auto *LS = dyn_cast<LinkageSpecDecl>(D)) { // extern "C" { ... }
      for (Decl *Inner : LS->decls())
        visit(Inner);
      return;
    }
    auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD || !FD->getIdentifier())
      return;
    if (FD->doesThisDeclarationHaveABody())
      noteDefinition(*FD);
    StringRef Name = FD->getName();
    if (!PlacesOf.empty())
      DeclaredInFile[SM.getFileID(SM.getFileLoc(FD->getLocation()))].push_back(
          Name);
    for (const auto *A : FD->specific_attrs<AnnotateAttr>())
      if (auto Mark = decodeMark(A->getAnnotation(), Name))
        recordMark(*Mark, Facts);
    if (SM.isInSystemHeader(FD->getLocation()))
      Facts.SystemFunctions.insert(Name);
    noteYieldingBySignature(*FD);
    if (!Facts.Registry.isCandidate(Name))
      return;
    // A library's self() defined inline in its header is emitted only if
    // used; the pass calls it at the entry of coroutine bodies, so keep it.
    if (Ctx && FD->doesThisDeclarationHaveABody() &&
        Facts.Registry.isSelf(Name) && !FD->hasAttr<UsedAttr>())
      FD->addAttr(UsedAttr::CreateImplicit(*Ctx));
    SourceLocation Loc = SM.getFileLoc(FD->getFirstDecl()->getLocation());
    Facts.DeclaredIn.try_emplace(Name, SM.getFilename(Loc).str());
    checkParameters(*FD->getFirstDecl(), SM.getFilename(Loc));
  }

  SourceLocation at(FileID File, const ProfilePlace &P) const {
    return SM.translateLineCol(File, P.Line, std::max(P.Column, 1u));
  }

  /// The parameters a profile file's primitive names, against the
  /// declaration in the library's header \p Header that makes it active:
  /// an error at the number in the file, once per primitive.
  void checkParameters(const FunctionDecl &FD, StringRef Header) {
    auto It = PlacesOf.find(FD.getName());
    if (It == PlacesOf.end())
      return;
    DiagnosticsEngine &D = CI.getDiagnostics();
    for (auto &Entry : It->second) {
      FileID File = Entry.first;
      const NamePlaces *NP = Entry.second;
      const Profile *Lib = Facts.Registry.find(NP->Library);
      if (NP->Self || !Lib || !profileOwnsHeader(*Lib, Header) ||
          !Checked.insert(NP).second)
        continue;
      auto Prim = llvm::find_if(Lib->Primitives, [&](const Primitive &P) {
        return P.Name == NP->Name;
      });
      if (Prim == Lib->Primitives.end())
        continue;
      unsigned Params = FD.getNumParams();
      std::string Declared = "'" + NP->Name + "' takes " +
                             std::to_string(Params) +
                             (Params == 1 ? " parameter" : " parameters");
      bool Wrong = false;
      for (auto &[Key, Place] : NP->Keys) {
        int Index = StringSwitch<int>(Key)
                        .Case("handle", Prim->Handle)
                        .Case("from", Prim->From)
                        .Case("to", Prim->To)
                        .Case("entry", Prim->Entry)
                        .Case("name-arg", Prim->NameArg)
                        .Default(NoArg);
        if (Index == NoArg || unsigned(Index) < Params || FD.isVariadic())
          continue;
        D.Report(at(File, Place), ProfileErrorID(D))
            << ("'" + Key + "' names parameter " + std::to_string(Index + 1) +
                ", but " + Declared);
        Wrong = true;
      }
      if (Prim->Role == SWG_ROLE_CREATE && Prim->Handle == NoArg &&
          FD.getReturnType()->isVoidType()) {
        auto Handle = llvm::find_if(
            NP->Keys, [](const auto &K) { return K.first == "handle"; });
        D.Report(at(File, Handle != NP->Keys.end() ? Handle->second : NP->At),
                 ProfileErrorID(D))
            << ("the handle of '" + NP->Name +
                "' is its result, but it returns void; name the parameter "
                "that receives the handle ('handle: N')");
        Wrong = true;
      }
      if (Wrong)
        D.Report(FD.getLocation(),
                 D.getCustomDiagID(DiagnosticsEngine::Note,
                                   "'%0' declared here, in a header of "
                                   "library '%1'"))
            << NP->Name << NP->Library;
    }
  }

  static unsigned ProfileErrorID(DiagnosticsEngine &D) {
    return D.getCustomDiagID(DiagnosticsEngine::Error,
                             "in switchguard profile file: %0");
  }

  /// A name a profile file gives that no declaration in the library's
  /// headers matches, in a file that includes one of them: a warning at
  /// the name, once per translation unit, with the closest name the
  /// headers do declare.
  void reportUndeclared() {
    if (PlacesOf.empty())
      return;
    StringSet<> Included;
    for (unsigned I = 0, E = SM.local_sloc_entry_size(); I < E; I++) {
      const SrcMgr::SLocEntry &Entry = SM.getLocalSLocEntry(I);
      if (Entry.isFile())
        if (OptionalFileEntryRef F =
                Entry.getFile().getContentCache().OrigEntry)
          Included.insert(F->getName());
    }
    for (const LoadedProfileFile &LF : Files)
      for (const NamePlaces &NP : LF.Places) {
        const Profile *Lib = Facts.Registry.find(NP.Library);
        if (!Lib)
          continue;
        std::string Headers;
        for (const std::string &H : Lib->Headers)
          if (llvm::any_of(Included, [&](const auto &F) {
                return F.getKey() == H || F.getKey().ends_with("/" + H);
              }))
            Headers += (Headers.empty() ? "" : ", ") + H;
        if (Headers.empty())
          continue;
        auto It = Facts.DeclaredIn.find(NP.Name);
        if (It != Facts.DeclaredIn.end() && profileOwnsHeader(*Lib, It->second))
          continue;
        std::string What = (NP.Self ? "self function '" : "primitive '") +
                           NP.Name + "' of library '" + NP.Library + "'";
        std::string Msg;
        IdentifierInfo *II = CI.getPreprocessor().getIdentifierInfo(NP.Name);
        if (II && II->hasMacroDefinition())
          Msg = What + " is a macro, not a function declared in " + Headers +
                "; name the function it expands to";
        else if (It != Facts.DeclaredIn.end())
          Msg = What + " is declared in " +
                sys::path::filename(It->second).str() + ", not in " + Headers +
                ", so no call to it is traced";
        else
          Msg = What + " is declared nowhere in " + Headers +
                closestName(NP.Name, *Lib);
        CI.getDiagnostics().Report(at(LF.File, NP.At),
                                   diag::warn_fe_backend_plugin)
            << Msg;
      }
  }

  /// "; did you mean 'mylib_spawn'?" for the function of the library's
  /// headers nearest to \p Name, if one is near.
  std::string closestName(StringRef Name, const Profile &Lib) const {
    unsigned Max = std::max<unsigned>(2, Name.size() / 3), Best = Max + 1;
    StringRef Found;
    for (auto &[File, Names] : DeclaredInFile) {
      OptionalFileEntryRef F = SM.getFileEntryRefForID(File);
      if (!F || !profileOwnsHeader(Lib, F->getName()))
        continue;
      for (StringRef N : Names)
        if (unsigned Dist = Name.edit_distance(N, true, Max); Dist < Best)
          Best = Dist, Found = N;
    }
    return Found.empty() ? "" : "; did you mean '" + Found.str() + "'?";
  }

  /// A file is a library's implementation when it is one of the library's
  /// headers (minicoro's MINICORO_IMPL), or defines an external function
  /// that the library's headers declare (neco.c, aco.c) or that carries
  /// one of its prefixes (libdill's pollset.c). Bodies the library leaves
  /// to the program (taskmain) say nothing.
  void noteDefinition(const FunctionDecl &FD) {
    FileID File = SM.getFileID(SM.getFileLoc(FD.getLocation()));
    Defined[File].push_back(Names->getName(&FD));
    if (Implements.count(File))
      return;
    StringRef Name = FD.getName();
    StringRef FileName = SM.getFilename(SM.getFileLoc(FD.getLocation()));
    for (const auto &P : Facts.Registry.profiles()) {
      if (profileOwnsHeader(*P, FileName) ||
          (FD.isExternallyVisible() && !llvm::is_contained(P->Bodies, Name) &&
           (declaredByLibrary(FD, *P) ||
            llvm::any_of(P->Prefixes, [&](const std::string &Pre) {
              return Name.starts_with(Pre);
            })))) {
        Implements[File] = P.get();
        return;
      }
    }
  }

  void noteYieldingBySignature(const FunctionDecl &FD) {
    for (const auto &P : Facts.Registry.profiles()) {
      if (P->YieldingParam.empty() ||
          llvm::none_of(FD.parameters(), [&](const ParmVarDecl *Param) {
            return Param->getName() == P->YieldingParam;
          }))
        continue;
      StringRef Header = SM.getFilename(SM.getFileLoc(FD.getLocation()));
      if (profileOwnsHeader(*P, Header))
        Facts.Registry.addYielding(*P, FD.getName());
    }
  }

  bool declaredByLibrary(const FunctionDecl &FD, const Profile &P) const {
    for (const FunctionDecl *R : FD.redecls())
      if (R != &FD &&
          profileOwnsHeader(P, SM.getFilename(SM.getFileLoc(R->getLocation()))))
        return true;
    return false;
  }

  CompilerInstance &CI;
  const SourceManager &SM;
  FrontendFacts &Facts;
  std::vector<LoadedProfileFile> Files;
  /// Each name the profile files give, with the file it is in.
  StringMap<SmallVector<std::pair<FileID, const NamePlaces *>, 1>> PlacesOf;
  DenseSet<const NamePlaces *> Checked;
  /// The functions each file declares, for suggestions.
  DenseMap<FileID, std::vector<StringRef>> DeclaredInFile;
  ASTContext *Ctx = nullptr;
  std::optional<ASTNameGenerator> Names; ///< the functions' IR names
  /// The functions defined in each file, and the library each
  /// implementation file belongs to.
  DenseMap<FileID, std::vector<std::string>> Defined;
  DenseMap<FileID, const Profile *> Implements;
};

/// Records where SWG_MAY_BLOCK_CALL(...) is written, for the pass: the
/// debug locations of the calls inside are the macro's start (Clang 19) or
/// their own place in the argument (Clang 22), within that range either way.
class MayBlockCallRanges : public PPCallbacks {
public:
  MayBlockCallRanges(const SourceManager &SM, FrontendFacts &Facts)
      : SM(SM), Facts(Facts) {}

  void MacroExpands(const Token &Name, const MacroDefinition &,
                    SourceRange Range, const MacroArgs *) override {
    const IdentifierInfo *II = Name.getIdentifierInfo();
    if (!II || II->getName() != "SWG_MAY_BLOCK_CALL")
      return;
    // Inside a macro of the user's: the range of that macro's use.
    PresumedLoc B =
        SM.getPresumedLoc(SM.getExpansionRange(Range.getBegin()).getBegin());
    PresumedLoc E =
        SM.getPresumedLoc(SM.getExpansionRange(Range.getEnd()).getEnd());
    if (B.isInvalid() || E.isInvalid())
      return;
    SmallString<256> File(B.getFilename());
    SM.getFileManager().makeAbsolutePath(File);
    sys::path::remove_dots(File, /*remove_dot_dot=*/true);
    Facts.MayBlockCalls.push_back({File.str().str(), B.getLine(), B.getColumn(),
                                   E.getLine(), E.getColumn()});
  }

private:
  const SourceManager &SM;
  FrontendFacts &Facts;
};
} // namespace

std::unique_ptr<ASTConsumer>
makeFactsConsumer(CompilerInstance &CI, FrontendFacts &Facts,
                  std::vector<LoadedProfileFile> Files) {
  return std::make_unique<FactsConsumer>(CI, Facts, std::move(Files));
}

std::unique_ptr<PPCallbacks> makeMayBlockCallRanges(const SourceManager &SM,
                                                    FrontendFacts &Facts) {
  return std::make_unique<MayBlockCallRanges>(SM, Facts);
}

} // namespace switchguard
