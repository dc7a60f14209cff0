//===- Profiles.cpp - Built-in coroutine library profiles -----------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The table of libraries switchguard knows, and the matching rule: a call
//   is a primitive of library L if its callee has the primitive's name and
//   its first declaration came from one of L's headers. With
//   -fplugin-arg-switchguard-profiles=L1,L2 only those libraries are active
//   and their names match wherever they were declared.
//
//===----------------------------------------------------------------------===//
#include "Profiles.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace switchguard {
namespace {

// POSIX ucontext (glibc): symmetric. The thread's native context is the hub;
// the runtime learns its handle from the first switch away from it.
constexpr StringRef UcontextHeaders[] = {"ucontext.h"};
constexpr Primitive UcontextPrims[] = {
    {"makecontext", SWG_ROLE_CREATE, /*Handle=*/0, NoArg, NoArg, /*Entry=*/1},
    {"swapcontext", SWG_ROLE_SWITCH, NoArg, /*From=*/0, /*To=*/1},
    {"setcontext", SWG_ROLE_SWITCH, NoArg, NoArg, /*To=*/0},
};

// PCL (libpcl1): asymmetric. co_call resumes, co_resume yields back to the
// caller, co_exit/co_exit_to end the current coroutine.
constexpr StringRef PclHeaders[] = {"pcl.h"};
constexpr Primitive PclPrims[] = {
    {"co_create", SWG_ROLE_CREATE, /*Handle=*/NoArg, NoArg, NoArg, /*Entry=*/0},
    {"co_call", SWG_ROLE_RESUME, NoArg, NoArg, /*To=*/0},
    {"co_resume", SWG_ROLE_YIELD},
    {"co_exit", SWG_ROLE_EXIT},
    {"co_exit_to", SWG_ROLE_EXIT, NoArg, NoArg, /*To=*/0},
    {"co_delete", SWG_ROLE_DESTROY, /*Handle=*/0},
};

constexpr Profile Builtins[] = {
    {"ucontext", "POSIX ucontext (glibc)", UcontextHeaders, UcontextPrims},
    {"pcl", "Portable Coroutine Library (libpcl1)", PclHeaders, PclPrims},
};

const StringSet<> &candidateNames() {
  static const StringSet<> Names = [] {
    StringSet<> S;
    for (const Profile &P : Builtins)
      for (const Primitive &Prim : P.Primitives)
        S.insert(Prim.Name);
    return S;
  }();
  return Names;
}

} // namespace

ArrayRef<Profile> builtinProfiles() { return Builtins; }

bool isCandidateName(StringRef Name) { return candidateNames().contains(Name); }

bool profileOwnsHeader(const Profile &P, StringRef Header) {
  StringRef Base = sys::path::filename(Header);
  for (StringRef H : P.Headers)
    if (Base == H)
      return true;
  return false;
}

ProfileSet::ProfileSet(ArrayRef<std::string> Forced,
                       const StringMap<std::string> &DeclaredIn) {
  auto IsForced = [&](const Profile &P) {
    for (const std::string &F : Forced)
      if (P.Name == F)
        return true;
    return false;
  };
  for (const Profile &P : Builtins) {
    bool ByName = IsForced(P);
    if (!Forced.empty() && !ByName)
      continue;
    for (const Primitive &Prim : P.Primitives) {
      auto It = DeclaredIn.find(Prim.Name);
      if (ByName || (It != DeclaredIn.end() &&
                     profileOwnsHeader(P, It->second)))
        Active[Prim.Name] = Match{&P, &Prim};
    }
  }
}

Match ProfileSet::lookup(StringRef Callee) const {
  auto It = Active.find(Callee);
  return It == Active.end() ? Match{} : It->second;
}

} // namespace switchguard
