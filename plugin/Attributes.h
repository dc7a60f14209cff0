//===- Attributes.h - switchguard's source attributes -----------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The annotation strings through which attributes reach the rest of the
//   plugin. The attributes themselves register with Clang when the plugin
//   loads (ClangAttributes.cpp); the frontend and the pass read only these
//   strings, decoded here.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_ATTRIBUTES_H
#define SWITCHGUARD_ATTRIBUTES_H

#include "Profiles.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace switchguard {

struct FrontendFacts;

/// `must_switch` -> "switchguard.must_switch"; `must_switch(50)` ->
/// "switchguard.must_switch=50".
constexpr llvm::StringLiteral MustSwitchAnnotation = "switchguard.must_switch";
/// `must_switch_hub[(ms)]`: the switch must be into the hub.
constexpr llvm::StringLiteral MustSwitchHubAnnotation =
    "switchguard.must_switch_hub";

/// A must_switch annotation, decoded.
struct MustSwitchSpec {
  unsigned LimitMs = 0; ///< 0: no limit
  bool HubOnly = false;
};
std::optional<MustSwitchSpec> decodeMustSwitch(llvm::StringRef Annotation);
/// The user's marks: "switchguard.mark=<attribute>[,<arg>[,<arg>]]", with
/// parameter positions counted from 0 and -1 for the result.
constexpr llvm::StringLiteral MarkAnnotation = "switchguard.mark=";

/// SWG_MAY_BLOCK_CALL(call) (switchguard.h): a __builtin_annotation with
/// this string just before the call, at the call's own source location.
constexpr llvm::StringLiteral MayBlockCallAnnotation = "switchguard.may_block";

/// What an attribute on a user's function says about it.
struct UserMark {
  enum Kind { Primitive, Hub, Coroutine, MayBlock } K;
  switchguard::Primitive Prim; ///< for Primitive: its role and arguments
};

/// Decodes a MarkAnnotation string on the function \p Name.
std::optional<UserMark> decodeMark(llvm::StringRef Annotation,
                                   llvm::StringRef Name);

/// Adds what \p M says about its function to \p Facts.
void recordMark(UserMark &M, FrontendFacts &Facts);

/// Calls \p Fn for each function annotated in llvm.global.annotations, with
/// each of its annotation strings.
void forEachAnnotation(
    llvm::Module &M,
    llvm::function_ref<void(llvm::Function &, llvm::StringRef)> Fn);

} // namespace switchguard

#endif // SWITCHGUARD_ATTRIBUTES_H
