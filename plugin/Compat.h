//===- Compat.h - Differences between the Clang/LLVM versions ---*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Every API difference between the LLVM versions switchguard builds
//   against (18 to 22), in one place, so the other files read as one.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_COMPAT_H
#define SWITCHGUARD_COMPAT_H

#include "llvm/Config/llvm-config.h"

// 22 moved PassPlugin.h from llvm/Passes/ to llvm/Plugins/.
#ifdef SWITCHGUARD_NEEDS_PASS_PLUGIN
#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif
#endif

#ifdef SWITCHGUARD_NEEDS_CLANG_SEMA
#include "clang/Sema/ParsedAttr.h"

namespace switchguard::compat {

// 21 made IdentifierLoc's fields private behind accessors.
inline clang::SourceLocation loc(const clang::IdentifierLoc *Id) {
#if LLVM_VERSION_MAJOR >= 21
  return Id->getLoc();
#else
  return Id->Loc;
#endif
}

inline clang::IdentifierInfo *ident(const clang::IdentifierLoc *Id) {
#if LLVM_VERSION_MAJOR >= 21
  return Id->getIdentifierInfo();
#else
  return Id->Ident;
#endif
}

} // namespace switchguard::compat
#endif

#endif // SWITCHGUARD_COMPAT_H
