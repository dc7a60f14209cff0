//===- Profiles.h - Coroutine library profiles ------------------*- C++ -*-===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   A profile lists one library's switch primitives and what each does (its
//   role) with which argument, and how the library's hub is found. A call
//   matches a primitive by the callee's name *and* by the header that
//   declared it, or, for libraries used without a C header (Boost.Context's
//   fcontext), by name and the shape of its signature; so libraries whose
//   names clash (PCL's and byuu libco's co_create) are never confused.
//   Profiles come from the built-in table (BuiltinProfiles.cpp), from
//   profile files (ProfileFile.cpp) and from attributes on the user's own
//   functions. Nothing here depends on Clang.
//
//===----------------------------------------------------------------------===//
#ifndef SWITCHGUARD_PROFILES_H
#define SWITCHGUARD_PROFILES_H

#include "switchguard_abi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class FunctionType;
} // namespace llvm

namespace switchguard {

/// An argument position, counted from 0; NoArg: none (or the result).
constexpr int NoArg = -1;

struct Primitive {
  std::string Name;
  swg_role Role = SWG_ROLE_YIELD;
  int Handle = NoArg;   ///< create/destroy: the coroutine; NoArg: the result
  int From = NoArg;     ///< switch: the context being left
  int To = NoArg;       ///< resume/switch/exit: the target; NoArg: the hub
  int Entry = NoArg;    ///< create: the entry function
  int NameArg = NoArg;  ///< create: a string naming the coroutine
  int Stack = NoArg;    ///< create: the top of its stack (address handles)
  int StackSize = NoArg;
  /// Libraries matched by signature: the number of parameters.
  int Params = -1;
  /// create: the handle is stored through argument Handle (mco_create).
  bool HandleOut = false;
  /// switch: the context left is the library's Self() (byuu libco).
  bool FromSelf = false;
  /// create: a NULL entry makes the hub's own handle (aco's main_co).
  bool NullEntryIsHub = false;
  /// create: the entry is not an argument but was given to a describing
  /// call (mco_desc_init) whose result is argument EntryDesc.
  std::string Describer;
  int DescriberEntry = NoArg;
  int EntryDesc = NoArg;
  /// start: the body runs between this call and the next call of
  /// Epilogue (libdill's go()); the body's callee names the coroutine.
  std::string Epilogue;
};

/// Where a library's scheduler runs, which decides what counts as hub time.
enum class HubModel {
  Native,           ///< the thread's native stack resumes coroutines
  YieldingCalls,    ///< inside the yielding calls, on the caller's stack
  SchedulerContext, ///< a context of its own (ST's idle thread, a sched fiber)
};

struct Profile {
  std::string Name;
  std::string Description;
  /// Basenames of the headers whose declarations belong to this library.
  std::vector<std::string> Headers;
  std::vector<Primitive> Primitives;
  HubModel Hub = HubModel::Native;
  /// Handles are addresses inside the coroutine's stack and change on every
  /// switch (fcontext): the runtime tells coroutines apart by stack range.
  bool AddressHandles = false;
  /// Also match by name and signature when no header declared the callee.
  bool BySignature = false;
  /// A call returning the current coroutine's handle, if the library has one,
  /// and the width of its integer result (0: it returns a pointer).
  std::string Self;
  unsigned SelfBits = 0;
  /// Functions the user defines that the library runs as coroutines
  /// without a create call in the program (libtask's taskmain).
  std::vector<std::string> Bodies;
  /// A coroutine ends, and the library frees it, when its body returns or
  /// it calls an exit primitive, with no destroy call the program makes
  /// (neco, State Threads): the runtime forgets it there.
  bool EndsAtExit = false;
  /// Name prefixes of the library's own functions: a file that defines an
  /// external function with one is part of the library's implementation,
  /// like a file that defines a function its headers declare.
  std::vector<std::string> Prefixes;
  /// A function the library's headers declare with a parameter of this
  /// name is a yielding call (libdill's and neco's `deadline`): the
  /// library says by its signature which calls may wait.
  std::string YieldingParam;
};

/// The profiles compiled into the plugin.
const std::vector<Profile> &builtinProfiles();

/// A matched call target: the primitive and the profile it came from.
struct Match {
  const Profile *Lib = nullptr;
  const Primitive *Prim = nullptr;
  explicit operator bool() const { return Prim != nullptr; }
};

/// Every profile known to one compilation: built-ins, profile files and
/// the user's attributes.
class ProfileRegistry {
public:
  ProfileRegistry();

  /// Adds a library from a profile file; its names clash with nothing
  /// because it is matched by its own headers.
  void add(Profile P);
  /// A function the user marked with an attribute (matched by declaration,
  /// so no header check).
  void addUserPrimitive(Primitive P);
  /// A yielding call of library \p Lib found by its signature.
  void addYielding(const Profile &Lib, llvm::StringRef Name);

  const std::vector<std::unique_ptr<Profile>> &profiles() const {
    return Profiles;
  }
  const Profile *find(llvm::StringRef Name) const;
  /// Is \p Name a primitive of any profile? The frontend records only those.
  bool isCandidate(llvm::StringRef Name) const;
  /// Is \p Name some library's self() function?
  bool isSelf(llvm::StringRef Name) const;
  /// The user's own primitives, matched by name.
  const Profile &userProfile() const { return *Profiles.front(); }

private:
  std::vector<std::unique_ptr<Profile>> Profiles; ///< [0] is "user"
  llvm::StringMap<bool> Candidates;
};

/// True if \p Header (a path) is one of \p P's headers.
bool profileOwnsHeader(const Profile &P, llvm::StringRef Header);

/// True if \p Name is how a library's scheduler idles: a sleep or a wait
/// for descriptors. Made from the library's own code, it is hub time.
bool isSchedulerWait(llvm::StringRef Name);

/// Which primitives are active in one translation unit: decided once from
/// the headers that declared each candidate name and the user's choice of
/// profiles, then queried per call.
class ProfileSet {
public:
  /// \p Forced: names from -fplugin-arg-switchguard-profiles=; when not
  /// empty only these profiles (and the user's attributes) are active, and
  /// they match by name alone. \p DeclaredIn: candidate name -> header path
  /// of its first declaration, as the frontend saw it.
  ProfileSet(const ProfileRegistry &Registry,
             llvm::ArrayRef<std::string> Forced,
             const llvm::StringMap<std::string> &DeclaredIn);

  /// The primitive \p Callee (with IR type \p Ty) is, if any.
  Match lookup(llvm::StringRef Callee, llvm::FunctionType *Ty) const;
  bool empty() const { return Active.empty() && Signature.empty(); }
  /// The profiles with at least one active primitive.
  llvm::ArrayRef<const Profile *> activeProfiles() const { return Libs; }

private:
  llvm::StringMap<Match> Active;
  llvm::StringMap<Match> Signature; ///< matched if the shape fits
  std::vector<const Profile *> Libs;
};

} // namespace switchguard

#endif // SWITCHGUARD_PROFILES_H
