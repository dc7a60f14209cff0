//===- Summary.h - What switchguard-check needs from an object --*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Each object file carries a compact summary of its functions in the
//   non-allocated section .swg_summary, which the linker concatenates into
//   the program: the functions defined, their direct callees, which ones
//   always switch, which call blocking functions, which are coroutine
//   bodies or must_switch, and the must_switch paths this file could not
//   judge. tools/switchguard-check reads it (docs/static-analysis.md has
//   the format).
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_SUMMARY_H
#define SWITCHGUARD_SUMMARY_H

#include "Checks.h"

namespace switchguard {

void emitSummary(llvm::Module &M, const SwitchAnalysis *SA,
                 const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must,
                 const llvm::MapVector<llvm::Function *, Root> &Roots,
                 llvm::ArrayRef<PendingPath> Pending, const FrontendFacts &Facts,
                 llvm::function_ref<bool(const llvm::Function &)> IsLibraryCode);

} // namespace switchguard

#endif // SWITCHGUARD_SUMMARY_H
