//===- Plugin.cpp - Loading switchguard into Clang ------------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The plugin's front door. One -fplugin= flag loads it; Clang then
//     - registers the attributes (Attributes.cpp, on load);
//     - runs SwitchguardAction, which parses -fplugin-arg-switchguard-*,
//       gathers FrontendFacts while the AST is built, and schedules the
//       pass (SwitchguardPass.cpp) at the start of the optimisation
//       pipeline through CodeGenOptions::PassBuilderCallbacks.
//
// USAGE
//   clang -fplugin=switchguard.so [-fplugin-arg-switchguard-NAME[=VALUE]] ...
//
//===----------------------------------------------------------------------===//
#include "Attributes.h"
#include "SwitchguardPass.h"
#include "Options.h"
#include "ProfileFile.h"
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
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/Path.h"

#include <optional>

using namespace clang;
using namespace llvm;

namespace switchguard {
namespace {

/// A profile file as the compiler loaded it: where its names are written.
struct LoadedProfileFile {
  FileID File;
  std::vector<NamePlaces> Places;
};

/// Notes which header first declared each name a profile cares about, the
/// user's marks on their own functions, and which functions belong to a
/// library's own implementation compiled into this file.
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
        record(*Mark);
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

  void record(UserMark &M) {
    StringRef Name = M.Prim.Name;
    switch (M.K) {
    case UserMark::Primitive:
      Facts.Registry.addUserPrimitive(std::move(M.Prim));
      break;
    case UserMark::Hub:
      Facts.Hubs.insert(Name);
      break;
    case UserMark::Coroutine:
      Facts.Coroutines.insert(Name);
      break;
    case UserMark::MayBlock:
      Facts.MayBlock.insert(Name);
      break;
    }
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
    // Site records and warnings need source lines even without -g. Location
    // tracking gives the IR its !dbg lines but emits no debug info.
    if (CG.getDebugInfo() == codegenoptions::NoDebugInfo) {
      CG.setDebugInfo(codegenoptions::LocTrackingOnly);
      Opts->DropLocations = true;
    }
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
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<MayBlockCallRanges>(CI.getSourceManager(), *Facts));
    std::shared_ptr<const PluginOptions> O = Opts;
    CG.PassBuilderCallbacks.push_back([O, Facts](PassBuilder &PB) {
      PB.registerPipelineStartEPCallback(
          [O, Facts](ModulePassManager &MPM, OptimizationLevel) {
            MPM.addPass(SwitchguardPass(O, Facts));
          });
    });
    return std::make_unique<FactsConsumer>(CI, *Facts, std::move(Files));
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
