//===- Attributes.cpp - switchguard's source attributes -------------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Registers `must_switch` and `must_switch(ms)` in every spelling:
//   __attribute__((must_switch)), [[must_switch]] and [[swg::must_switch]]
//   (C23 and C++11). The scoped spellings need their unscoped twins
//   registered too, or Clang silently drops a scoped spelling's argument.
//   Each becomes an `annotate` attribute whose string carries the limit, so
//   the fact reaches the pass through llvm.global.annotations with no Clang
//   types; keeping the limit in the string (not as an argument expression)
//   also spares IR generation from folding attribute arguments.
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

/// The largest limit anyone means: a day, in milliseconds.
constexpr int64_t MaxLimitMs = 86400000;

struct MustSwitchAttrInfo : ParsedAttrInfo {
  MustSwitchAttrInfo() {
    OptArgs = 1;
    static constexpr Spelling S[] = {
        {ParsedAttr::AS_GNU, "must_switch"},
        {ParsedAttr::AS_C23, "must_switch"},
        {ParsedAttr::AS_C23, "swg::must_switch"},
        {ParsedAttr::AS_CXX11, "must_switch"},
        {ParsedAttr::AS_CXX11, "swg::must_switch"},
    };
    Spellings = S;
  }

  bool isParamExpr(size_t) const override { return true; }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    S.Diag(A.getLoc(), diag::warn_attribute_wrong_decl_type_str)
        << A << A.isRegularKeywordAttribute() << "functions";
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    std::string Note = MustSwitchAnnotation.str();
    if (A.getNumArgs() == 1) {
      auto Limit = limit(S, A);
      if (!Limit)
        return AttributeNotApplied;
      Note += "=" + std::to_string(*Limit);
    }
    D->addAttr(AnnotateAttr::Create(S.Context, Note, nullptr, 0, A.getRange()));
    return AttributeApplied;
  }

private:
  /// The limit in milliseconds, or an error at the argument.
  static std::optional<int64_t> limit(Sema &S, const ParsedAttr &A) {
    DiagnosticsEngine &DE = S.getDiagnostics();
    unsigned NotConstant = DE.getCustomDiagID(
        DiagnosticsEngine::Error,
        "'must_switch' limit must be an integer constant (milliseconds)");
    std::optional<llvm::APSInt> V;
    SourceLocation Loc = A.getLoc();
    if (A.isArgIdent(0)) {
      // Clang hands a plugin attribute a lone identifier unparsed; it may
      // still name an enumerator or a constant.
      IdentifierLoc *Id = A.getArgAsIdent(0);
      Loc = compat::loc(Id);
      V = identifierValue(S, Id);
    } else if (Expr *E = A.getArgAsExpr(0)) {
      Loc = E->getExprLoc();
      if (E->isValueDependent()) {
        S.Diag(Loc, DE.getCustomDiagID(DiagnosticsEngine::Error,
                                       "'must_switch' limit must not depend "
                                       "on a template parameter"));
        return std::nullopt;
      }
      V = E->getIntegerConstantExpr(S.Context);
    }
    if (!V) {
      S.Diag(Loc, NotConstant);
      return std::nullopt;
    }
    if (V->isSigned() ? V->getSExtValue() < 1 || V->getSExtValue() > MaxLimitMs
                      : V->getZExtValue() < 1 || V->getZExtValue() > MaxLimitMs) {
      S.Diag(Loc, DE.getCustomDiagID(DiagnosticsEngine::Error,
                                "'must_switch' limit %0 ms is out of range; "
                                "use 1 to %1 ms"))
          << toString(*V, 10) << std::to_string(MaxLimitMs);
      return std::nullopt;
    }
    return V->getExtValue();
  }

  /// The value of an enumerator or integer constant named by \p Id.
  static std::optional<llvm::APSInt> identifierValue(Sema &S,
                                                     IdentifierLoc *Id) {
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
};

} // namespace
} // namespace switchguard

static ParsedAttrInfoRegistry::Add<switchguard::MustSwitchAttrInfo>
    MustSwitch("switchguard-must-switch", "a function that must switch");
