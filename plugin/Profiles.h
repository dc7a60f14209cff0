//===- Profiles.h - Coroutine library profiles ------------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   A profile lists one library's switch primitives and what each does (its
//   role) with which argument. A call matches a primitive by the callee's
//   name *and* by the header that declared it, so that libraries whose names
//   clash (PCL's and byuu libco's co_create) are never confused. The
//   frontend records which header declared each candidate name (see
//   FrontendFacts); the pass asks Profiles which primitive, if any, a callee
//   is. Nothing here depends on Clang.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_PROFILES_H
#define SWITCHGUARD_PROFILES_H

#include "switchguard_abi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace switchguard {

/// No argument: the handle is the return value, or there is none.
constexpr int NoArg = -1;

struct Primitive {
  llvm::StringRef Name;
  swg_role Role;
  int Handle = NoArg; ///< create/destroy: the coroutine; NoArg: return value
  int From = NoArg;   ///< switch: the context being left
  int To = NoArg;     ///< resume/switch/exit: the target; NoArg: the hub
  int Entry = NoArg;  ///< create: the entry function
};

struct Profile {
  llvm::StringRef Name;
  llvm::StringRef Description;
  /// Basenames of the headers whose declarations belong to this library.
  llvm::ArrayRef<llvm::StringRef> Headers;
  llvm::ArrayRef<Primitive> Primitives;
};

/// The profiles compiled into the plugin.
llvm::ArrayRef<Profile> builtinProfiles();

/// Every name that some profile uses, so the frontend records only those.
bool isCandidateName(llvm::StringRef Name);

/// True if \p Header (a path) is one of \p P's headers.
bool profileOwnsHeader(const Profile &P, llvm::StringRef Header);

/// A matched call target: the primitive and the profile it came from.
struct Match {
  const Profile *Lib = nullptr;
  const Primitive *Prim = nullptr;
  explicit operator bool() const { return Prim != nullptr; }
};

/// Which primitives are active in one translation unit: decided once from
/// the headers that declared each candidate name and the user's choice of
/// profiles, then queried per call.
class ProfileSet {
public:
  /// \p Forced: names from -fplugin-arg-switchguard-profiles=; when not
  /// empty only these profiles are active, matched by name alone.
  /// \p DeclaredIn: candidate function name -> header path of its first
  /// declaration, as the frontend saw it.
  ProfileSet(llvm::ArrayRef<std::string> Forced,
             const llvm::StringMap<std::string> &DeclaredIn);

  Match lookup(llvm::StringRef Callee) const;
  bool empty() const { return Active.empty(); }

private:
  llvm::StringMap<Match> Active;
};

} // namespace switchguard

#endif // SWITCHGUARD_PROFILES_H
