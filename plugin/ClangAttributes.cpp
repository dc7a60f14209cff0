//===- ClangAttributes.cpp - switchguard's attributes in Clang ------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Registers switchguard's attributes in every spelling: GNU
//   (__attribute__((must_switch))), and C23/C++11 both scoped
//   ([[swg::must_switch]]) and unscoped ([[must_switch]]); the scoped
//   spellings need their unscoped twins registered too, or Clang silently
//   drops a scoped spelling's argument.
//
//     must_switch, must_switch(ms)   the function must switch
//     must_switch_hub[(ms)]          ... into the hub
//     swg_resume(to)                 resumes the coroutine in parameter `to`
//     swg_yield                      yields back to the hub
//     swg_switch(from, to)           switches between two contexts
//     swg_exit, swg_exit(to)         ends the current coroutine
//     swg_spawn(entry[, handle])     creates a coroutine (handle 0: result)
//     swg_destroy(handle)            destroys one
//     swg_yielding                   runs the scheduler inside (hub time)
//     swg_hub                        this function is the scheduler
//     swg_coroutine                  this function is a coroutine body
//     swg_may_block                  exempt from the blocking-call check
//
//   Parameters are numbered from 1, as in GCC's format and nonnull. Each
//   attribute becomes an `annotate` attribute whose string carries its
//   arguments (Attributes.h), so no Clang type crosses into the pass, and IR
//   generation never has to fold an argument expression.
//
//===----------------------------------------------------------------------===//
#include "Attributes.h"
#define SWITCHGUARD_NEEDS_CLANG_SEMA
#include "Compat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Sema/Lookup.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/SemaDiagnostic.h"

using namespace clang;

namespace switchguard {
namespace {

/// The largest must_switch limit anyone means: a day, in milliseconds.
constexpr int64_t MaxLimitMs = 86400000;

void error(Sema &S, SourceLocation Loc, const llvm::Twine &Msg) {
  DiagnosticsEngine &D = S.getDiagnostics();
  S.Diag(Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg.str();
}

/// The value of an enumerator or integer constant named by \p Id.
std::optional<llvm::APSInt> identifierValue(Sema &S, IdentifierLoc *Id) {
  LookupResult R(S, compat::ident(Id), compat::loc(Id),
                 Sema::LookupOrdinaryName);
  if (!S.LookupName(R, S.getCurScope()) || !R.isSingleResult())
    return std::nullopt;
  NamedDecl *D = R.getFoundDecl();
  if (auto *EC = dyn_cast<EnumConstantDecl>(D))
    return EC->getInitVal();
  auto *VD = dyn_cast<VarDecl>(D);
  if (!VD || !VD->getType()->isIntegerType() ||
      !VD->isUsableInConstantExpressions(S.Context))
    return std::nullopt;
  if (const APValue *Val = VD->evaluateValue(); Val && Val->isInt())
    return Val->getInt();
  return std::nullopt;
}

/// Argument \p I of \p A as an integer in [Lo, Hi], or an error at it that
/// names \p What.
std::optional<int64_t> intArg(Sema &S, const ParsedAttr &A, StringRef Name,
                              unsigned I, int64_t Lo, int64_t Hi,
                              StringRef What) {
  std::string Attr = "'" + Name.str() + "' ";
  std::optional<llvm::APSInt> V;
  SourceLocation Loc = A.getLoc();
  if (A.isArgIdent(I)) {
    // Clang hands a plugin attribute a lone identifier unparsed; it may
    // still name an enumerator or a constant.
    IdentifierLoc *Id = A.getArgAsIdent(I);
    Loc = compat::loc(Id);
    V = identifierValue(S, Id);
  } else if (Expr *E = A.getArgAsExpr(I)) {
    Loc = E->getExprLoc();
    if (E->isValueDependent()) {
      error(S, Loc, Attr + What + " must not depend on a template parameter");
      return std::nullopt;
    }
    V = E->getIntegerConstantExpr(S.Context);
  }
  if (!V) {
    error(S, Loc, Attr + What + " must be an integer constant");
    return std::nullopt;
  }
  bool Low = V->isSigned() ? V->getSExtValue() < Lo : V->getZExtValue() < uint64_t(Lo);
  bool High = V->isSigned() ? V->getSExtValue() > Hi : V->getZExtValue() > uint64_t(Hi);
  if (Low || High) {
    error(S, Loc,
          Attr + What + " " + toString(*V, 10) + " is out of range; use " +
              std::to_string(Lo) + " to " + std::to_string(Hi));
    return std::nullopt;
  }
  return V->getExtValue();
}

/// Every switchguard attribute: on functions only, its arguments parsed as
/// expressions (a parameter's name among them).
struct FunctionAttrInfo : ParsedAttrInfo {
  bool isParamExpr(size_t) const override { return true; }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    S.Diag(A.getLoc(), diag::warn_attribute_wrong_decl_type_str)
        << A << A.isRegularKeywordAttribute() << "functions";
    return false;
  }
};

void annotate(Sema &S, Decl *D, const ParsedAttr &A, StringRef Note) {
  D->addAttr(AnnotateAttr::Create(S.Context, Note, nullptr, 0, A.getRange()));
}

/// must_switch, and must_switch_hub (the switch must be into the hub).
template <bool Hub> struct MustSwitchAttrInfo : FunctionAttrInfo {
  static constexpr const char *Name = Hub ? "must_switch_hub" : "must_switch";
  MustSwitchAttrInfo() {
    OptArgs = 1;
    static constexpr Spelling S[] = {
        {ParsedAttr::AS_GNU, Name},
        {ParsedAttr::AS_C23, Name},
        {ParsedAttr::AS_C23, Hub ? "swg::must_switch_hub" : "swg::must_switch"},
        {ParsedAttr::AS_CXX11, Name},
        {ParsedAttr::AS_CXX11,
         Hub ? "swg::must_switch_hub" : "swg::must_switch"},
    };
    Spellings = S;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    std::string Note =
        (Hub ? MustSwitchHubAnnotation : MustSwitchAnnotation).str();
    if (A.getNumArgs() == 1) {
      auto Limit = intArg(S, A, Name, 0, 1, MaxLimitMs, "limit (ms)");
      if (!Limit)
        return AttributeNotApplied;
      Note += "=" + std::to_string(*Limit);
    }
    annotate(S, D, A, Note);
    return AttributeApplied;
  }
};

/// One user mark: its GNU spelling, its scoped C23/C++11 spelling and that
/// spelling's unscoped twin (which Clang needs to keep a scoped spelling's
/// arguments), the names of its parameter-position arguments, and how many
/// are required.
struct MarkSpec {
  const char *Gnu, *Scoped, *Bare;
  const char *Args[2];
  unsigned Required;
  bool ZeroIsResult; ///< the last argument may be 0: the return value
};

constexpr MarkSpec Marks[] = {
    {"swg_resume", "swg::resume", "resume", {"to", nullptr}, 1, false},
    {"swg_yield", "swg::yield", "yield", {nullptr, nullptr}, 0, false},
    {"swg_switch", "swg::switch", "switch", {"from", "to"}, 2, false},
    {"swg_exit", "swg::exit", "exit", {"to", nullptr}, 0, false},
    {"swg_spawn", "swg::spawn", "spawn", {"entry", "handle"}, 1, true},
    {"swg_destroy", "swg::destroy", "destroy", {"handle", nullptr}, 1,
     false},
    {"swg_yielding", "swg::yielding", "yielding", {nullptr, nullptr}, 0,
     false},
    {"swg_hub", "swg::hub", "hub", {nullptr, nullptr}, 0, false},
    {"swg_coroutine", "swg::coroutine", "coroutine", {nullptr, nullptr},
     0, false},
    {"swg_may_block", "swg::may_block", "may_block", {nullptr, nullptr},
     0, false},
};

template <unsigned I> struct MarkAttrInfo : FunctionAttrInfo {
  static constexpr const MarkSpec &M = Marks[I];
  MarkAttrInfo() {
    NumArgs = M.Required;
    OptArgs = (M.Args[0] ? 1 : 0) + (M.Args[1] ? 1 : 0) - M.Required;
    static constexpr Spelling S[] = {
        {ParsedAttr::AS_GNU, M.Gnu},     {ParsedAttr::AS_C23, M.Bare},
        {ParsedAttr::AS_C23, M.Scoped},  {ParsedAttr::AS_CXX11, M.Bare},
        {ParsedAttr::AS_CXX11, M.Scoped},
    };
    Spellings = S;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    auto *FD = cast<FunctionDecl>(D);
    int64_t Params = FD->getNumParams();
    std::string Note = MarkAnnotation.str() + M.Gnu;
    bool HandleIsResult = M.ZeroIsResult && A.getNumArgs() < 2;
    for (unsigned N = 0; N < A.getNumArgs(); N++) {
      bool Result = M.ZeroIsResult && N == 1;
      std::string What = std::string("parameter '") + M.Args[N] + "'";
      if (Params == 0 && !Result) {
        error(S, A.getLoc(),
              "'" + std::string(M.Gnu) + "' names " + What +
                  " but the function takes no parameters");
        return AttributeNotApplied;
      }
      auto Pos = intArg(S, A, M.Gnu, N, Result ? 0 : 1, Params, What);
      if (!Pos)
        return AttributeNotApplied;
      HandleIsResult |= Result && *Pos == 0;
      Note += "," + std::to_string(*Pos - 1); // 0 (the result) becomes -1
    }
    // A handle taken from the result needs a result.
    if (HandleIsResult && FD->getReturnType()->isVoidType()) {
      error(S, A.getLoc(),
            "'" + std::string(M.Gnu) +
                "' takes the handle from the result, "
                "but '" +
                FD->getNameAsString() +
                "' returns void; name the parameter "
                "that receives it: " +
                M.Gnu + "(entry, handle)");
      return AttributeNotApplied;
    }
    annotate(S, D, A, Note);
    return AttributeApplied;
  }
};

} // namespace

} // namespace switchguard

using namespace switchguard;
static ParsedAttrInfoRegistry::Add<MustSwitchAttrInfo<false>>
    MustSwitch("switchguard-must-switch", "a function that must switch");
static ParsedAttrInfoRegistry::Add<MustSwitchAttrInfo<true>>
    MustSwitchHub("switchguard-must-switch-hub",
                  "a function that must switch into the hub");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<0>> M0("swg-resume", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<1>> M1("swg-yield", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<2>> M2("swg-switch", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<3>> M3("swg-exit", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<4>> M4("swg-spawn", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<5>> M5("swg-destroy", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<6>> M6("swg-yielding", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<7>> M7("swg-hub", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<8>> M8("swg-coroutine", "");
static ParsedAttrInfoRegistry::Add<MarkAttrInfo<9>> M9("swg-may-block", "");
