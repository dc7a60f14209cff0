//===- Summary.h - A file's call graph, and its summary ---------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Builds the call graph the checks that follow calls work on
//   (CallGraph.h) from the IR of one translation unit, and writes it into
//   the object as the section .swg_summary, which the linker concatenates
//   into the program for switchguard-check (docs/static-analysis.md).
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_SUMMARY_H
#define SWITCHGUARD_SUMMARY_H

#include "CallGraph.h"
#include "Checks.h"

namespace switchguard {

/// Where \p I is, as the graph says it (its file as the debug location
/// spells it); \p I is the Origin.
SourceLoc placeOf(const llvm::Instruction *I);

/// Fills \p G with the functions of \p M, the calls the checks follow and
/// the blocking calls they report (exempt calls are neither), \p Roots in
/// their order, and the open paths \p Pending. Without \p SA no function
/// is known to always switch. Names and files refer to \p M's strings.
void buildCallGraph(
    CallGraph &G, llvm::Module &M, const SwitchAnalysis *SA,
    const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must,
    const llvm::MapVector<llvm::Function *, Root> &Roots,
    llvm::ArrayRef<PendingPath> Pending, const FrontendFacts &Facts,
    llvm::function_ref<bool(const llvm::Function &)> IsLibraryCode);

void emitSummary(llvm::Module &M, const SwitchAnalysis *SA,
                 const llvm::DenseMap<llvm::Function *, MustSwitchSpec> &Must,
                 const llvm::MapVector<llvm::Function *, Root> &Roots,
                 llvm::ArrayRef<PendingPath> Pending, const FrontendFacts &Facts,
                 llvm::function_ref<bool(const llvm::Function &)> IsLibraryCode);

} // namespace switchguard

#endif // SWITCHGUARD_SUMMARY_H
