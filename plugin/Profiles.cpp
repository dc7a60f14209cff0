//===- Profiles.cpp - Matching calls to library primitives ----------------===//
//
// Part of switchguard, under the Apache License v2.0 with LLVM Exceptions.
//
// DESCRIPTION
//   The matching rule: a call is a primitive of library L if its callee has
//   the primitive's name and its first declaration came from one of L's
//   headers (a header is named by the end of its path: "pcl.h",
//   "tarantool/module.h"). Libraries without a C header (fcontext) also
//   match by name and parameter count when no header declared the callee.
//   With -fplugin-arg-switchguard-profiles=L1,L2 only those libraries are
//   active and their names match wherever they were declared. The user's
//   attributes mark their own functions, which match by name.
//
//===----------------------------------------------------------------------===//
#include "Profiles.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/IR/DerivedTypes.h"

using namespace llvm;

namespace switchguard {

ProfileRegistry::ProfileRegistry() {
  auto User = std::make_unique<Profile>();
  User->Name = "user";
  User->Description = "functions marked with switchguard's attributes";
  Profiles.push_back(std::move(User));
  for (const Profile &P : builtinProfiles())
    add(P);
}

void ProfileRegistry::add(Profile P) {
  if (!P.Self.empty())
    Candidates[P.Self] = true;
  for (const Primitive &Prim : P.Primitives) {
    Candidates[Prim.Name] = true;
    if (!Prim.Describer.empty())
      Candidates[Prim.Describer] = true;
  }
  Profiles.push_back(std::make_unique<Profile>(std::move(P)));
}

void ProfileRegistry::addUserPrimitive(Primitive P) {
  Candidates[P.Name] = true;
  Profiles.front()->Primitives.push_back(std::move(P));
}

void ProfileRegistry::addYielding(const Profile &Lib, StringRef Name) {
  for (auto &P : Profiles) {
    if (P.get() != &Lib)
      continue;
    for (const Primitive &Prim : P->Primitives)
      if (Prim.Name == Name)
        return;
    Primitive Y;
    Y.Name = Name.str(), Y.Role = SWG_ROLE_YIELDING;
    P->Primitives.push_back(std::move(Y));
    Candidates[Name] = true;
  }
}

const Profile *ProfileRegistry::find(StringRef Name) const {
  for (const auto &P : Profiles)
    if (P->Name == Name)
      return P.get();
  return nullptr;
}

bool ProfileRegistry::isCandidate(StringRef Name) const {
  return Candidates.contains(Name);
}

bool ProfileRegistry::isSelf(StringRef Name) const {
  for (const auto &P : Profiles)
    if (P->Self == Name)
      return true;
  return false;
}

bool profileOwnsHeader(const Profile &P, StringRef Header) {
  for (const std::string &Own : P.Headers)
    if (Header == Own || Header.ends_with("/" + Own))
      return true;
  return false;
}

bool isSchedulerWait(StringRef Name) {
  static const StringSet<> Waits = {
      "sleep",      "usleep",      "nanosleep",    "clock_nanosleep",
      "select",     "pselect",     "poll",         "ppoll",
      "epoll_wait", "epoll_pwait", "epoll_pwait2", "kevent"};
  return Waits.contains(Name);
}

ProfileSet::ProfileSet(const ProfileRegistry &Registry,
                       ArrayRef<std::string> Forced,
                       const StringMap<std::string> &DeclaredIn) {
  auto IsForced = [&](const Profile &P) {
    return llvm::is_contained(Forced, P.Name);
  };
  for (const auto &PP : Registry.profiles()) {
    const Profile &P = *PP;
    bool User = &P == &Registry.userProfile();
    bool ByName = User || IsForced(P);
    if (!Forced.empty() && !ByName)
      continue;
    bool Used = false;
    for (const Primitive &Prim : P.Primitives) {
      auto It = DeclaredIn.find(Prim.Name);
      bool Declared = It != DeclaredIn.end();
      if (ByName || (Declared && profileOwnsHeader(P, It->second))) {
        Active[Prim.Name] = Match{&P, &Prim};
        Used = true;
      } else if (P.BySignature && !Active.count(Prim.Name)) {
        Signature[Prim.Name] = Match{&P, &Prim};
      }
    }
    if (Used)
      Libs.push_back(&P);
  }
}

Match ProfileSet::lookup(StringRef Callee, FunctionType *Ty) const {
  auto It = Active.find(Callee);
  if (It != Active.end())
    return It->second;
  auto Sig = Signature.find(Callee);
  if (Sig == Signature.end() || !Ty)
    return {};
  // A guess by shape: the right number of parameters, all pointers or
  // integers (what the library's C declarations lower to).
  const Primitive &P = *Sig->second.Prim;
  if (P.Params >= 0 && Ty->getNumParams() != unsigned(P.Params))
    return {};
  for (Type *T : Ty->params())
    if (!T->isPointerTy() && !T->isIntegerTy())
      return {};
  return Sig->second;
}

} // namespace switchguard
