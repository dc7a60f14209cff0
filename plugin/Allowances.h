//===- Allowances.h - Accepted blocking calls, at run time ------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_ALLOWANCES_H
#define SWITCHGUARD_ALLOWANCES_H

#include "Options.h"
#include "llvm/IR/Module.h"

namespace switchguard {

/// Raises the thread's allowance count (SWG_THREAD_ALLOW) around each
/// blocking call the static check accepts and through each function it
/// exempts, so that the runtime's interceptors accept them too. True if
/// anything was inserted.
bool insertAllowances(llvm::Module &M, const FrontendFacts &Facts);

} // namespace switchguard

#endif
