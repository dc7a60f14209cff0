//===- Attributes.cpp - Decoding the attributes' annotations --------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The annotation strings ClangAttributes.cpp writes, read back without
//   Clang: by the frontend from the AST, by the pass from
//   llvm.global.annotations.
//
//===----------------------------------------------------------------------===//
#include "Attributes.h"
#include "Options.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"

namespace switchguard {

std::optional<MustSwitchSpec> decodeMustSwitch(llvm::StringRef Note) {
  MustSwitchSpec Spec;
  if (Note.consume_front(MustSwitchHubAnnotation))
    Spec.HubOnly = true;
  else if (!Note.consume_front(MustSwitchAnnotation))
    return std::nullopt;
  if (Note.empty())
    return Spec;
  if (!Note.consume_front("=") || Note.getAsInteger(10, Spec.LimitMs))
    return std::nullopt;
  return Spec;
}

std::optional<UserMark> decodeMark(llvm::StringRef Note, llvm::StringRef Name) {
  if (!Note.consume_front(MarkAnnotation))
    return std::nullopt;
  llvm::SmallVector<llvm::StringRef, 3> Parts;
  Note.split(Parts, ',');
  llvm::StringRef Kind = Parts[0];
  int Arg[2] = {NoArg, NoArg};
  for (size_t I = 1; I < Parts.size() && I <= 2; I++)
    if (Parts[I].getAsInteger(10, Arg[I - 1]))
      return std::nullopt;
  UserMark U{UserMark::Primitive, {}};
  Primitive &P = U.Prim;
  P.Name = Name.str();
  if (Kind == "swg_resume")
    P.Role = SWG_ROLE_RESUME, P.To = Arg[0];
  else if (Kind == "swg_yield")
    P.Role = SWG_ROLE_YIELD;
  else if (Kind == "swg_switch")
    P.Role = SWG_ROLE_SWITCH, P.From = Arg[0], P.To = Arg[1];
  else if (Kind == "swg_exit")
    P.Role = SWG_ROLE_EXIT, P.To = Arg[0];
  else if (Kind == "swg_spawn")
    P.Role = SWG_ROLE_CREATE, P.Entry = Arg[0], P.Handle = Arg[1];
  else if (Kind == "swg_destroy")
    P.Role = SWG_ROLE_DESTROY, P.Handle = Arg[0];
  else if (Kind == "swg_yielding")
    P.Role = SWG_ROLE_YIELDING;
  else if (Kind == "swg_hub")
    U.K = UserMark::Hub;
  else if (Kind == "swg_coroutine")
    U.K = UserMark::Coroutine;
  else if (Kind == "swg_may_block")
    U.K = UserMark::MayBlock;
  else
    return std::nullopt;
  return U;
}

void recordMark(UserMark &M, FrontendFacts &Facts) {
  llvm::StringRef Name = M.Prim.Name;
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

void forEachAnnotation(
    llvm::Module &M,
    llvm::function_ref<void(llvm::Function &, llvm::StringRef)> Fn) {
  using namespace llvm;
  GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations");
  auto *Arr = GA ? dyn_cast<ConstantArray>(GA->getInitializer()) : nullptr;
  if (!Arr)
    return;
  for (Value *Op : Arr->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(Op);
    if (!Entry || Entry->getNumOperands() < 2)
      continue;
    auto *F = dyn_cast<Function>(Entry->getOperand(0)->stripPointerCasts());
    auto *StrGV =
        dyn_cast<GlobalVariable>(Entry->getOperand(1)->stripPointerCasts());
    auto *Str =
        StrGV ? dyn_cast<ConstantDataArray>(StrGV->getInitializer()) : nullptr;
    if (F && Str && Str->isCString())
      Fn(*F, Str->getAsCString());
  }
}

} // namespace switchguard
