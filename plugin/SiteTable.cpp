//===- SiteTable.cpp - The static table of instrumented sites -------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Records go into a writable named section so the linker gathers them
//   from every object and defines __start_/__stop_ symbols around them
//   (the name is a C identifier for that reason). They are referenced from
//   code, so they carry no !associated: that would let codegen drop a record
//   whose function was inlined away while a copy of the call still uses it.
//
//===----------------------------------------------------------------------===//
#include "SiteTable.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace switchguard {

StringRef sourceName(const Function &F) {
  if (const DISubprogram *SP = F.getSubprogram())
    if (!SP->getName().empty())
      return SP->getName();
  return F.getName();
}

SiteTable::SiteTable(Module &M) : M(M) {
  LLVMContext &C = M.getContext();
  Type *Ptr = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C);
  // Mirrors struct swg_site field for field.
  RecordTy = StructType::get(C, {Ptr, Ptr, I32, I32, I32, I32, Ptr, Ptr, Ptr});
}

Constant *SiteTable::string(StringRef S) {
  if (S.empty())
    return ConstantPointerNull::get(PointerType::getUnqual(M.getContext()));
  Constant *&Slot = Strings[S];
  if (!Slot) {
    Constant *Init = ConstantDataArray::getString(M.getContext(), S);
    auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init,
                                  "__swg_str");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    Slot = GV;
  }
  return Slot;
}

GlobalVariable *SiteTable::add(const Function &F, const DebugLoc &Loc,
                               const SiteInfo &Info) {
  LLVMContext &C = M.getContext();
  Type *I32 = Type::getInt32Ty(C);
  StringRef File;
  unsigned Line = 0, Col = 0;
  if (const DILocation *DL = Loc.get()) {
    File = DL->getFilename();
    Line = DL->getLine();
    Col = DL->getColumn();
  }
  Constant *Fields[] = {string(sourceName(F)),
                        string(File),
                        ConstantInt::get(I32, Line),
                        ConstantInt::get(I32, Col),
                        ConstantInt::get(I32, Info.Role),
                        ConstantInt::get(I32, Info.Flags),
                        string(Info.Primitive),
                        string(Info.Library),
                        string(Info.Entry)};
  auto *GV = new GlobalVariable(M, RecordTy, /*isConstant=*/false,
                                GlobalValue::PrivateLinkage,
                                ConstantStruct::get(RecordTy, Fields),
                                "__swg_site");
  GV->setSection(SWG_SITE_SECTION);
  GV->setAlignment(Align(8));
  Records.push_back(GV);
  return GV;
}

void SiteTable::finish() {
  if (Records.empty())
    return;
  // A reference the linker must resolve: only a runtime built for the same
  // ABI defines it, so a mismatch fails at link time, by name.
  GlobalValue *Abi = M.getNamedValue(SWG_ABI_SYMBOL);
  if (!Abi)
    Abi = new GlobalVariable(M, Type::getInt8Ty(M.getContext()),
                             /*isConstant=*/true,
                             GlobalValue::ExternalLinkage, nullptr,
                             SWG_ABI_SYMBOL);
  Records.push_back(Abi);
  appendToCompilerUsed(M, Records);
}

} // namespace switchguard
