//===- SiteTable.h - The static table of instrumented sites -----*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   One `struct swg_site` record (runtime/switchguard_abi.h) per instrumented
//   call, in the section SWG_SITE_SECTION. Hooks receive a pointer to their
//   record, so the runtime names a site's function, file and line without
//   unwinding or debug info.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_SITETABLE_H
#define SWITCHGUARD_SITETABLE_H

#include "switchguard_abi.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/GlobalVariable.h"

namespace llvm {
class Function;
class Module;
class StructType;
} // namespace llvm

namespace switchguard {

struct SiteInfo {
  swg_role Role;
  uint32_t Flags; ///< enum swg_site_flags
  llvm::StringRef Primitive;
  llvm::StringRef Library;
  llvm::StringRef Entry; ///< spawn: the entry function's name, if known
};

class SiteTable {
public:
  explicit SiteTable(llvm::Module &M);

  /// A new record for a call at \p Loc inside \p F.
  llvm::GlobalVariable *add(const llvm::Function &F, const llvm::DebugLoc &Loc,
                            const SiteInfo &Info);

  /// Keeps every record alive through the optimizer and the linker, and
  /// ties the object to the runtime's ABI version.
  void finish();

private:
  llvm::Constant *string(llvm::StringRef S);

  llvm::Module &M;
  llvm::StructType *RecordTy;
  llvm::StringMap<llvm::Constant *> Strings;
  llvm::SmallVector<llvm::GlobalValue *, 16> Records;
};

/// The name a report shows for \p F: its source name if known.
llvm::StringRef sourceName(const llvm::Function &F);

} // namespace switchguard

#endif // SWITCHGUARD_SITETABLE_H
