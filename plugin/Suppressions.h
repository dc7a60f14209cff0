//===- Suppressions.h - Findings the user has accepted -----------*- C++
//-*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   Suppressions files (-fplugin-arg-switchguard-suppressions=PATH), in the
//   format of LLVM's special case lists (llvm/Support/SpecialCaseList.h),
//   for code the user cannot annotate:
//
//     # src: the file that defines the function, fun: the function (its
//     # source or IR name), call: the blocking function called
//     [blocking]
//     src:*/third_party/*
//     fun:legacy_*
//     call:getaddrinfo
//     [must-switch]
//     fun:poll_once
//
//   A function that [blocking] names is exempt as if marked SWG_MAY_BLOCK:
//   it and what it calls. Entries before any section apply to both checks.
//   lib: (an ELF file) is accepted and left to the run time, which reads
//   the same file (runtime/report/suppressions.c).
//   Matching is LLVM's own (SpecialCaseList, in the clang process); the
//   checks the format leaves open (which sections and prefixes exist) are
//   made here, each mistake with its line and column.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_SUPPRESSIONS_H
#define SWITCHGUARD_SUPPRESSIONS_H

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Function;
class SpecialCaseList;
} // namespace llvm

namespace switchguard {

struct SuppressionError {
  unsigned Line = 0, Column = 0; ///< 1-based
  std::string Message;
};

class Suppressions {
public:
  enum Check { Blocking, MustSwitch };

  Suppressions();
  ~Suppressions();
  Suppressions(Suppressions &&);
  Suppressions &operator=(Suppressions &&);

  /// Adds the file whose contents are \p Text; on mistakes adds nothing and
  /// returns them.
  std::vector<SuppressionError> add(llvm::StringRef Text);

  bool empty() const { return Lists.empty(); }
  /// Does a `fun:` or `src:` entry for \p C name \p F?
  bool function(Check C, const llvm::Function &F) const;
  /// Does a `call:` entry name the blocking function \p Callee?
  bool call(llvm::StringRef Callee) const;

private:
  bool match(Check C, llvm::StringRef Prefix, llvm::StringRef Query) const;

  std::vector<std::unique_ptr<llvm::SpecialCaseList>> Lists;
};

} // namespace switchguard

#endif // SWITCHGUARD_SUPPRESSIONS_H
